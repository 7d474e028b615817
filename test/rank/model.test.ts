import { describe, expect, it } from 'vitest';
import { defaultModel, parseModel } from '../../src/rank/model.js';

describe('parseModel', () => {
  it('names the missing field and the command that rewrites the file (a model file of the earlier one-level format)', () => {
    const oneLevel = { weights: { wordCoverage: 1 }, bias: -3, threshold: 0.1, secondQuoteRatio: 0.2, followingQuoteRatio: 1, provenance: {} };
    expect(() => parseModel(oneLevel, 'lexicon/answer-model.json')).toThrow(/lexicon\/answer-model\.json: articleWeights .*npm run train/);
  });

  it('reads the shipped model', () => {
    const model = defaultModel();
    expect(Object.keys(model.articleWeights).length).toBeGreaterThan(0);
    expect(Object.keys(model.sentenceWeights).length).toBeGreaterThan(0);
  });
});
