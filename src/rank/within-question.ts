import type { ChunkFacts } from '../corpus/facts.js';
import { isBigramToken } from '../text/tokenize.js';
import { NEAR_CHARS, type FeatureVector } from './features.js';
import type { QuestionTerms, WeightedTerm } from './terms.js';

/** What the comparisons read of a candidate besides its own features. */
export interface ComparedCandidate {
  features: FeatureVector;
  file: string;
  /** Where it stands in its article: its passage's position in the index, then its offset in the passage. */
  place: readonly [number, number];
  tokens: ReadonlySet<string>;
  text: string;
  numbers: ChunkFacts['numbers'];
}

/**
 * Features that compare a candidate with the question's other candidates: its coverage against the best
 * candidate's, and against the best of those holding the kind of fact asked (a figure in the asked unit, a date…);
 * whether it covers the question best within its own article (the sentence that answers, not the article's lead,
 * which restates the topic); its coverage of the question words that single out sentences within its article; and
 * how many candidates its article has. Mutates the vectors it is given. Pure otherwise.
 */
export function compareWithinQuestion(terms: QuestionTerms, candidates: readonly ComparedCandidate[]): void {
  const own = (f: FeatureVector) => f.wordCoverage + f.bigramCoverage + f.untitledCoverage;
  // Holds the kind of fact the question asks for (a figure in the asked unit, a date, places, a titled person).
  const fits = (f: FeatureVector) =>
    f.numberAskedUnitMatch + f.deadlineAskedHasDate + f.durationAskedHasDuration + f.placesAskedPlaceCount + f.personAskedTitledPerson > 0 ||
    (f.numberAskedHasNumber > 0 && f.numberAskedUnitMatch === 0);
  const best = Math.max(0, ...candidates.map((c) => own(c.features)));
  const bestFitting = Math.max(0, ...candidates.filter((c) => fits(c.features)).map((c) => own(c.features)));
  const bestOfFile = new Map<string, number>();
  const bestFittingOfFile = new Map<string, number>();
  for (const c of candidates) {
    bestOfFile.set(c.file, Math.max(bestOfFile.get(c.file) ?? 0, own(c.features)));
    if (fits(c.features)) bestFittingOfFile.set(c.file, Math.max(bestFittingOfFile.get(c.file) ?? 0, own(c.features)));
  }
  for (const c of candidates) {
    c.features.relativeCoverage = best === 0 ? 0 : own(c.features) / best;
    c.features.relativeFittingCoverage = bestFitting === 0 || !fits(c.features) ? 0 : own(c.features) / bestFitting;
    c.features.bestInDocument = own(c.features) > 0 && own(c.features) === bestOfFile.get(c.file) ? 1 : 0;
    c.features.bestFittingInDocument = fits(c.features) && own(c.features) === bestFittingOfFile.get(c.file) ? 1 : 0;
  }
  for (const article of groupBy(candidates, (c) => c.file).values()) {
    const ordered = [...article].sort((a, b) => a.place[0] - b.place[0] || a.place[1] - b.place[1]);
    compareWithinArticle(terms, article);
    markArticleSentences(article);
    markFittingNearBest(ordered, own, fits, best);
    markNamesNearby(ordered, terms.names);
  }
}

// How many sentences apart a figure may stand from the sentence that names what it is about (「…项目获得通过。按照方案，
// …预算总额为4亿元」). Chosen among 2, 3, 4 and 6 on the leave-one-set-out figure (619, 621, 628, 621 of 789 right:
// the neighbours differ by as much as the gain, so part of it is noise).
const NEAR_SENTENCES = 4;

/**
 * A candidate holding the kind of fact asked scores the best coverage among the sentences of its article within
 * {@link NEAR_SENTENCES} of it (itself included), against the best of all: the sentence naming the subject is often
 * not the one holding its figure or date, but stands just before it.
 * @param ordered one article's candidates in reading order.
 */
function markFittingNearBest(
  ordered: readonly ComparedCandidate[],
  own: (f: FeatureVector) => number,
  fits: (f: FeatureVector) => boolean,
  best: number,
): void {
  ordered.forEach((c, i) => {
    if (best === 0 || !fits(c.features)) return;
    const near = ordered.slice(Math.max(0, i - NEAR_SENTENCES), i + NEAR_SENTENCES + 1);
    c.features.fittingNearBest = Math.max(...near.map((n) => own(n.features))) / best;
  });
}

/**
 * log(the article's candidate sentences) / 5, the same for each (`articleSentences`). An article's score against
 * "no answer" is the log-sum-exp of its sentences' scores, which grows by log n with n sentences alike: an article
 * read whole (every sentence a candidate) would outweigh "no answer" by its length alone. With this feature the fit
 * takes as much of that back as the data say (its weight may go either way).
 */
function markArticleSentences(article: readonly ComparedCandidate[]): void {
  for (const c of article) c.features.articleSentences = Math.log(article.length) / 5;
}

// How far back (in sentences) a name the question goes by still holds for a sentence: a paragraph names its hospital
// once and goes on about it. Chosen among 1, 2, 4, 6 and 10 on the leave-one-set-out figure (612, 613, 618, 619,
// 616 of 789 right).
const NAME_SENTENCES = 6;

/**
 * The share of the question's names that neither a candidate nor the {@link NAME_SENTENCES} sentences before it
 * hold (`nameMissingNearby`): a figure stated after another hospital was named is that hospital's figure.
 * @param ordered one article's candidates in reading order.
 */
function markNamesNearby(ordered: readonly ComparedCandidate[], names: readonly string[]): void {
  if (names.length === 0) return;
  ordered.forEach((c, i) => {
    const window = ordered.slice(Math.max(0, i - NAME_SENTENCES), i + 1);
    c.features.nameMissingNearby = names.filter((name) => !window.some((w) => w.text.includes(name))).length / names.length;
  });
}

/**
 * Within one article, a question word in every sentence (the hospital the article is about) tells its sentences
 * apart no better than a stop word; one in few of them (床位, 投资, 开工) points at the sentence that answers. Each
 * question word is weighted by its idf times its rarity among the article's candidate sentences,
 * log((S + 1) / (s + 1)) for s of S sentences holding it, and a candidate scores its share of those weights
 * (`articleLocalCoverage`) and whether a figure of it stands next to the locally heaviest question word it holds
 * (`figureNearArticleLocalWord`, relative to the heaviest in the article).
 */
function compareWithinArticle(terms: QuestionTerms, article: readonly ComparedCandidate[]): void {
  const sentences = article.length;
  const local: WeightedTerm[] = [];
  for (const term of [...terms.words, ...terms.bigrams]) {
    const holding = article.filter((c) => c.tokens.has(term.token)).length;
    if (holding > 0) local.push({ token: term.token, weight: term.weight * Math.log((sentences + 1) / (holding + 1)) });
  }
  const total = local.reduce((sum, t) => sum + t.weight, 0);
  const heaviestWord = Math.max(0, ...local.filter((t) => !isBigramToken(t.token)).map((t) => t.weight));
  for (const c of article) {
    const held = local.filter((t) => c.tokens.has(t.token));
    c.features.articleLocalCoverage = total === 0 ? 0 : held.reduce((sum, t) => sum + t.weight, 0) / total;
    const nearFigure = held.filter((t) => !isBigramToken(t.token) && figureNear(c.text, c.numbers, t.token));
    c.features.figureNearArticleLocalWord = heaviestWord === 0 ? 0 : Math.max(0, ...nearFigure.map((t) => t.weight)) / heaviestWord;
  }
}

/** Whether a figure of the text stands within {@link NEAR_CHARS} characters of a word. */
function figureNear(text: string, numbers: ChunkFacts['numbers'], word: string): boolean {
  const at = text.indexOf(word);
  if (at === -1) return false;
  return numbers.some((n) => {
    const figureAt = text.indexOf(n.text);
    return figureAt !== -1 && figureAt < at + word.length + NEAR_CHARS && at < figureAt + n.text.length + NEAR_CHARS;
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
