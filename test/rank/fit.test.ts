import { describe, expect, it } from 'vitest';
import { fitNestedLogit } from '../../src/rank/fit.js';
import { FEATURE_NAMES, FEATURE_SIGNS, type FeatureVector } from '../../src/rank/features.js';
import { answerProbabilities } from '../../src/rank/model.js';

const vector = (values: Partial<FeatureVector>): FeatureVector => ({ ...(Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureVector), ...values });
const views = (list: { features: readonly FeatureVector[]; articles: readonly string[] }) => list.features.map((features, i) => ({ features, article: list.articles[i]! }));

// Toy questions: the answer is the candidate holding the asked unit; coverage alone misleads.
const lists = Array.from({ length: 40 }, (_, i) => ({
  features: [vector({ wordCoverage: 0.9, numberAskedUnitMatch: 0 }), vector({ wordCoverage: 0.5 + (i % 3) * 0.1, numberAskedUnitMatch: 1 })],
  articles: ['a', 'a'],
  positives: [false, true],
}));
const unanswerable = Array.from({ length: 20 }, () => ({ features: [vector({ wordCoverage: 0.3 })], articles: ['a'], positives: [false] }));

describe('fitNestedLogit', () => {
  it('learns which feature marks the answer, and puts the answer first', () => {
    const model = fitNestedLogit([...lists, ...unanswerable]);
    expect(model.sentenceWeights.numberAskedUnitMatch).toBeGreaterThan(model.sentenceWeights.wordCoverage!);
    const [lead, answer] = answerProbabilities(model, views(lists[0]!));
    expect(answer).toBeGreaterThan(lead!);
  });

  it('gives a lone weak candidate of an unanswerable kind a low probability against "no answer"', () => {
    const model = fitNestedLogit([...lists, ...unanswerable]);
    expect(answerProbabilities(model, views(unanswerable[0]!))[0]).toBeLessThan(0.5);
    expect(answerProbabilities(model, views(lists[0]!))[1]).toBeGreaterThan(0.5);
  });

  it('fits what picks the article apart from what picks the sentence within it', () => {
    // The right article is the one whose title matches; within it, the sentence with the asked unit answers, though
    // in the wrong article a sentence with the unit and no title match stands too.
    const twoArticles = Array.from({ length: 40 }, () => ({
      features: [
        vector({ titleCoverage: 1, wordCoverage: 0.8 }),
        vector({ titleCoverage: 1, numberAskedUnitMatch: 1 }),
        vector({ numberAskedUnitMatch: 1, wordCoverage: 0.8 }),
      ],
      articles: ['right', 'right', 'wrong'],
      positives: [false, true, false],
    }));
    const model = fitNestedLogit(twoArticles);
    expect(model.articleWeights.titleCoverage).toBeGreaterThan(model.sentenceWeights.titleCoverage!);
    const [topic, answer, elsewhere] = answerProbabilities(model, views(twoArticles[0]!));
    expect(answer).toBeGreaterThan(0.5);
    expect(answer).toBeGreaterThan(topic! + elsewhere!);
  });

  it('keeps each weight on the side of zero its feature allows, whatever the training questions say', () => {
    // Toy questions where the answer is always the sentence missing the asked year: a fit without the sign's limit
    // would reward the missing year.
    const misleading = Array.from({ length: 30 }, () => ({
      features: [vector({ wordCoverage: 0.5, yearMissing: 1 }), vector({ wordCoverage: 0.5 })],
      articles: ['a', 'b'],
      positives: [true, false],
    }));
    const model = fitNestedLogit(misleading);
    expect(FEATURE_SIGNS.yearMissing).toBe(-1);
    expect(model.articleWeights.yearMissing).toBe(0);
    expect(model.sentenceWeights.yearMissing).toBe(0);
    expect(model.articleWeights.wordCoverage).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic: the same data gives the same weights', () => {
    expect(fitNestedLogit(lists, { iterations: 50 })).toEqual(fitNestedLogit(lists, { iterations: 50 }));
  });
});
