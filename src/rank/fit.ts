import { FEATURE_NAMES, FEATURE_SIGNS, type FeatureVector } from './features.js';
import type { ScorerWeights } from './model.js';
import { nestedProbabilities, numberArticles } from './nested-logit.js';

/** One labelled question: its candidates' features and which candidates answer it (none: it is unanswerable). */
export interface ExampleList {
  features: readonly FeatureVector[];
  /** Per candidate, the article it comes from (any key; the candidates of one article share it). */
  articles: readonly string[];
  positives: readonly boolean[];
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias). @default 0.1 */
  l2?: number;
  /** Gradient steps (Adam). @default 600 */
  iterations?: number;
}

/**
 * Fits the nested logit (nested-logit.ts) by maximum likelihood: an answerable question pulls probability onto its
 * positive candidates, an unanswerable one onto "no answer", so the best candidate's probability is what the
 * answer/refuse decision needs. Full-batch Adam from zero, fixed step count: deterministic, no sampling; each weight
 * of both levels kept on the side of zero its feature's sign allows (FEATURE_SIGNS). Pure.
 */
export function fitNestedLogit(lists: readonly ExampleList[], options: FitOptions = {}): ScorerWeights {
  const { l2 = 0.1, iterations = 600 } = options;
  const d = FEATURE_NAMES.length;
  // Every candidate's features in one flat array; each list owns a run of rows, its articles numbered from 0.
  const total = lists.reduce((n, list) => n + list.features.length, 0);
  const x = new Float64Array(total * d);
  const positive = new Uint8Array(total);
  const articleOf = new Int32Array(total);
  const bounds: number[] = [0];
  const articleCounts: number[] = [];
  let row = 0;
  for (const list of lists) {
    const numbered = numberArticles(list.articles);
    list.features.forEach((f, i) => {
      FEATURE_NAMES.forEach((name, j) => (x[row * d + j] = f[name]));
      positive[row] = list.positives[i] ? 1 : 0;
      articleOf[row] = numbered.articleOf[i]!;
      row++;
    });
    bounds.push(row);
    articleCounts.push(numbered.articles);
  }
  // Parameters: article weights, sentence weights, the bias last.
  const size = 2 * d + 1;
  const beta = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const articleScores = new Float64Array(total);
  const sentenceScores = new Float64Array(total);
  const rate = 0.05;
  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (let r = 0; r < total; r++) {
      let za = beta[2 * d]!;
      let zs = 0;
      for (let j = 0; j < d; j++) {
        za += x[r * d + j]! * beta[j]!;
        zs += x[r * d + j]! * beta[d + j]!;
      }
      articleScores[r] = za;
      sentenceScores[r] = zs;
    }
    for (let l = 0; l + 1 < bounds.length; l++) {
      const from = bounds[l]!;
      const to = bounds[l + 1]!;
      if (from === to) continue;
      const p = nestedProbabilities(articleScores.subarray(from, to), sentenceScores.subarray(from, to), articleOf.subarray(from, to), articleCounts[l]!);
      // The target spreads over the positives in proportion to the model's own belief (or sits on "no answer"):
      // target[r] per candidate, targetOfArticle per article.
      let positiveMass = 0;
      for (let r = from; r < to; r++) if (positive[r]) positiveMass += p.candidate[r - from]!;
      const target = new Float64Array(to - from);
      const targetOfArticle = new Float64Array(articleCounts[l]!);
      if (positiveMass > 0) {
        for (let r = from; r < to; r++) {
          if (!positive[r]) continue;
          target[r - from] = p.candidate[r - from]! / positiveMass;
          targetOfArticle[articleOf[r]!]! += target[r - from]!;
        }
      }
      for (let r = from; r < to; r++) {
        const a = articleOf[r]!;
        const i = r - from;
        const articleResidual = (targetOfArticle[a]! - p.article[a]!) * p.articleShare[i]!;
        const sentenceResidual = target[i]! - targetOfArticle[a]! * p.withinArticle[i]!;
        if (articleResidual !== 0) {
          for (let j = 0; j < d; j++) gradient[j]! += articleResidual * x[r * d + j]!;
          gradient[2 * d]! += articleResidual;
        }
        if (sentenceResidual !== 0) for (let j = 0; j < d; j++) gradient[d + j]! += sentenceResidual * x[r * d + j]!;
      }
    }
    for (let j = 0; j < 2 * d; j++) gradient[j]! -= l2 * beta[j]!;
    for (let j = 0; j < size; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * gradient[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * gradient[j]! ** 2;
      beta[j]! += (rate * (m[j]! / (1 - 0.9 ** step))) / (Math.sqrt(v[j]! / (1 - 0.999 ** step)) + 1e-8);
      // Projected onto the side of zero the feature's sign allows (the bias, last, is free).
      if (j < 2 * d && FEATURE_SIGNS[FEATURE_NAMES[j % d]!] * beta[j]! < 0) beta[j] = 0;
    }
  }
  const articleWeights: Record<string, number> = {};
  const sentenceWeights: Record<string, number> = {};
  FEATURE_NAMES.forEach((name, j) => {
    articleWeights[name] = round(beta[j]!);
    sentenceWeights[name] = round(beta[d + j]!);
  });
  return { articleWeights, sentenceWeights, bias: round(beta[2 * d]!) };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
