import { describe, expect, it } from 'vitest';
import { fitConditionalLogit } from '../../src/rank/fit.js';
import { FEATURE_NAMES, FEATURE_SIGNS, type FeatureVector } from '../../src/rank/features.js';
import { answerProbabilities } from '../../src/rank/model.js';

const vector = (values: Partial<FeatureVector>): FeatureVector => ({ ...(Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureVector), ...values });

// Toy questions: the answer is the candidate holding the asked unit; coverage alone misleads.
const lists = Array.from({ length: 40 }, (_, i) => ({
  features: [vector({ wordCoverage: 0.9, numberAskedUnitMatch: 0 }), vector({ wordCoverage: 0.5 + (i % 3) * 0.1, numberAskedUnitMatch: 1 })],
  positives: [false, true],
}));
const unanswerable = Array.from({ length: 20 }, () => ({ features: [vector({ wordCoverage: 0.3 })], positives: [false] }));

describe('fitConditionalLogit', () => {
  it('learns which feature marks the answer, and puts the answer first', () => {
    const model = fitConditionalLogit([...lists, ...unanswerable]);
    expect(model.weights.numberAskedUnitMatch).toBeGreaterThan(model.weights.wordCoverage!);
    const [lead, answer] = answerProbabilities(model, lists[0]!.features);
    expect(answer).toBeGreaterThan(lead!);
  });

  it('gives a lone weak candidate of an unanswerable kind a low probability against "no answer"', () => {
    const model = fitConditionalLogit([...lists, ...unanswerable]);
    expect(answerProbabilities(model, unanswerable[0]!.features)[0]).toBeLessThan(0.5);
    expect(answerProbabilities(model, lists[0]!.features)[1]).toBeGreaterThan(0.5);
  });

  it('keeps each weight on the side of zero its feature allows, whatever the training questions say', () => {
    // Toy questions where the answer is always the sentence missing the asked year: a fit without the sign's limit
    // would reward the missing year.
    const misleading = Array.from({ length: 30 }, () => ({
      features: [vector({ wordCoverage: 0.5, yearMissing: 1 }), vector({ wordCoverage: 0.5 })],
      positives: [true, false],
    }));
    const model = fitConditionalLogit(misleading);
    expect(FEATURE_SIGNS.yearMissing).toBe(-1);
    expect(model.weights.yearMissing).toBe(0);
    expect(model.weights.wordCoverage).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic: the same data gives the same weights', () => {
    expect(fitConditionalLogit(lists, { iterations: 50 })).toEqual(fitConditionalLogit(lists, { iterations: 50 }));
  });
});
