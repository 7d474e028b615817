import { describe, expect, it } from 'vitest';
import { nestedProbabilities, numberArticles } from '../../src/rank/nested-logit.js';

describe('nestedProbabilities', () => {
  it('is the plain conditional logit over all candidates when both levels score alike', () => {
    const scores = [1.5, -0.5, 0.2, 2];
    const articleOf = [0, 0, 1, 2];
    const p = nestedProbabilities(scores, scores, articleOf, 3);
    const denominator = 1 + scores.reduce((sum, z) => sum + Math.exp(z), 0);
    scores.forEach((z, i) => expect(p.candidate[i]).toBeCloseTo(Math.exp(z) / denominator, 12));
  });

  it('splits an article\'s probability among its sentences by the sentence-level scores only', () => {
    const p = nestedProbabilities([3, 3, -1], [0, Math.log(3), 5], [0, 0, 1], 2);
    expect(p.withinArticle[1]! / p.withinArticle[0]!).toBeCloseTo(3, 12);
    expect(p.candidate[0]! + p.candidate[1]!).toBeCloseTo(p.article[0]!, 12);
    // The lone sentence of the weak article takes all of that article's probability, whatever its sentence score.
    expect(p.candidate[2]).toBeCloseTo(p.article[1]!, 12);
    expect(p.article[0]! + p.article[1]!).toBeLessThan(1);
  });

  it('stays finite for scores far beyond what exp can hold', () => {
    const p = nestedProbabilities([900, 800], [-900, 700], [0, 1], 2);
    expect([...p.candidate].every(Number.isFinite)).toBe(true);
    expect(p.candidate[0]).toBeCloseTo(1, 6);
  });
});

describe('numberArticles', () => {
  it('numbers articles from 0 in order of first appearance', () => {
    expect(numberArticles(['b.md', 'a.md', 'b.md', 'c.md', 'a.md'])).toEqual({ articleOf: [0, 1, 0, 2, 1], articles: 3 });
    expect(numberArticles([])).toEqual({ articleOf: [], articles: 0 });
  });
});
