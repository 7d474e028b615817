import { FEATURE_NAMES, FEATURE_SIGNS, type FeatureVector } from './features.js';

/** One labelled question: its candidates' features and which candidates answer it (none: it is unanswerable). */
export interface ExampleList {
  features: readonly FeatureVector[];
  positives: readonly boolean[];
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias). @default 0.1 */
  l2?: number;
  /** Gradient steps (Adam). @default 600 */
  iterations?: number;
}

/**
 * Fits a conditional logit over each question's candidates plus a "no answer" option of score 0: a candidate's
 * probability is exp(w·x + b) / (1 + Σ exp(w·x' + b)). An answerable question pulls probability onto its
 * positive candidates, an unanswerable one onto "no answer", so the best candidate's probability is what the
 * answer/refuse decision needs. Full-batch Adam from zero, fixed step count: deterministic, no sampling; each weight
 * kept on the side of zero its feature's sign allows (FEATURE_SIGNS). Pure.
 */
export function fitConditionalLogit(lists: readonly ExampleList[], options: FitOptions = {}): { weights: Record<string, number>; bias: number } {
  const { l2 = 0.1, iterations = 600 } = options;
  const d = FEATURE_NAMES.length + 1;
  // Every candidate's features in one flat array (bias column last); each list owns a run of rows.
  const total = lists.reduce((n, list) => n + list.features.length, 0);
  const x = new Float64Array(total * d);
  const positive = new Uint8Array(total);
  const bounds: number[] = [0];
  let row = 0;
  for (const list of lists) {
    list.features.forEach((f, i) => {
      FEATURE_NAMES.forEach((name, j) => (x[row * d + j] = f[name]));
      x[row * d + d - 1] = 1;
      positive[row] = list.positives[i] ? 1 : 0;
      row++;
    });
    bounds.push(row);
  }
  const beta = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const gradient = new Float64Array(d);
  const p = new Float64Array(total);
  const rate = 0.05;
  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (let l = 0; l + 1 < bounds.length; l++) {
      const from = bounds[l]!;
      const to = bounds[l + 1]!;
      if (from === to) continue;
      let top = 0;
      for (let r = from; r < to; r++) {
        let z = 0;
        for (let j = 0; j < d; j++) z += x[r * d + j]! * beta[j]!;
        p[r] = z;
        if (z > top) top = z;
      }
      let denominator = Math.exp(-top);
      for (let r = from; r < to; r++) denominator += p[r] = Math.exp(p[r]! - top);
      let positiveMass = 0;
      for (let r = from; r < to; r++) {
        p[r] = p[r]! / denominator;
        if (positive[r]) positiveMass += p[r]!;
      }
      // The target spreads over the positives in proportion to the model's own belief (or sits on "no answer").
      for (let r = from; r < to; r++) {
        const target = positive[r] && positiveMass > 0 ? p[r]! / positiveMass : 0;
        const residual = target - p[r]!;
        if (residual !== 0) for (let j = 0; j < d; j++) gradient[j]! += residual * x[r * d + j]!;
      }
    }
    for (let j = 0; j < d - 1; j++) gradient[j]! -= l2 * beta[j]!;
    for (let j = 0; j < d; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * gradient[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * gradient[j]! ** 2;
      beta[j]! += (rate * (m[j]! / (1 - 0.9 ** step))) / (Math.sqrt(v[j]! / (1 - 0.999 ** step)) + 1e-8);
      // Projected onto the side of zero the feature's sign allows (the bias, last, is free).
      if (j < d - 1 && FEATURE_SIGNS[FEATURE_NAMES[j]!] * beta[j]! < 0) beta[j] = 0;
    }
  }
  const weights: Record<string, number> = {};
  FEATURE_NAMES.forEach((name, j) => (weights[name] = round(beta[j]!)));
  return { weights, bias: round(beta[d - 1]!) };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
