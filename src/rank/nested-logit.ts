/**
 * The probabilities of the answer scorer's nested logit, from scores already computed. A question's candidate
 * sentences are grouped by article. Each candidate has two scores: an article-level one (an article scores the
 * log-sum-exp of its sentences' article-level scores, and articles compete with each other and with "no answer",
 * score 0) and a sentence-level one (the sentences of one article compete by it). A candidate's probability is
 * P(its article) × P(it | its article).
 *
 * With the same weights at both levels this is the plain conditional logit over all candidates; separate weights
 * let what picks the article (the whole question's coverage, the title, the year) differ from what picks the
 * sentence inside it (the asked figure, date or place next to a word of the question).
 */
export interface NestedProbabilities {
  /** Per article: its probability against the others and "no answer". */
  article: Float64Array;
  /** Per candidate: its share of its article's score (the weight of its article-level score in the log-sum-exp). */
  articleShare: Float64Array;
  /** Per candidate: its probability within its article, by the sentence-level scores. */
  withinArticle: Float64Array;
  /** Per candidate: P(article) × P(candidate | article). */
  candidate: Float64Array;
}

/**
 * Numbers the articles of a question's candidates from 0 in order of first appearance: per candidate its article's
 * number, and how many articles there are (what {@link nestedProbabilities} takes). Pure.
 */
export function numberArticles(articles: readonly string[]): { articleOf: number[]; articles: number } {
  const numbers = new Map<string, number>();
  const articleOf = articles.map((article) => {
    let n = numbers.get(article);
    if (n === undefined) numbers.set(article, (n = numbers.size));
    return n;
  });
  return { articleOf, articles: numbers.size };
}

/**
 * @param articleScores per candidate, the article-level score (bias included)
 * @param sentenceScores per candidate, the sentence-level score
 * @param articleOf per candidate, its article's number, 0 ≤ n < `articles`
 * Pure.
 */
export function nestedProbabilities(
  articleScores: ArrayLike<number>,
  sentenceScores: ArrayLike<number>,
  articleOf: ArrayLike<number>,
  articles: number,
): NestedProbabilities {
  const rows = articleOf.length;
  // Log-sum-exp per article at each level, shifted by the article's maximum so no exponent overflows.
  const topArticleScore = new Float64Array(articles).fill(-Infinity);
  const topSentenceScore = new Float64Array(articles).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    const a = articleOf[r]!;
    topArticleScore[a] = Math.max(topArticleScore[a]!, articleScores[r]!);
    topSentenceScore[a] = Math.max(topSentenceScore[a]!, sentenceScores[r]!);
  }
  const articleSum = new Float64Array(articles);
  const sentenceSum = new Float64Array(articles);
  for (let r = 0; r < rows; r++) {
    const a = articleOf[r]!;
    articleSum[a]! += Math.exp(articleScores[r]! - topArticleScore[a]!);
    sentenceSum[a]! += Math.exp(sentenceScores[r]! - topSentenceScore[a]!);
  }
  const inclusive = new Float64Array(articles);
  for (let a = 0; a < articles; a++) inclusive[a] = topArticleScore[a]! + Math.log(articleSum[a]!);
  let top = 0;
  for (let a = 0; a < articles; a++) top = Math.max(top, inclusive[a]!);
  let denominator = Math.exp(-top);
  for (let a = 0; a < articles; a++) denominator += Math.exp(inclusive[a]! - top);
  const article = new Float64Array(articles);
  for (let a = 0; a < articles; a++) article[a] = Math.exp(inclusive[a]! - top) / denominator;
  const articleShare = new Float64Array(rows);
  const withinArticle = new Float64Array(rows);
  const candidate = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = articleOf[r]!;
    articleShare[r] = Math.exp(articleScores[r]! - topArticleScore[a]!) / articleSum[a]!;
    withinArticle[r] = Math.exp(sentenceScores[r]! - topSentenceScore[a]!) / sentenceSum[a]!;
    candidate[r] = article[a]! * withinArticle[r]!;
  }
  return { article, articleShare, withinArticle, candidate };
}
