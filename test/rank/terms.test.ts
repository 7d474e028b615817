import { describe, expect, it } from 'vitest';
import { coverage, questionTerms } from '../../src/rank/terms.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';

describe('coverage', () => {
  it('weighs each word of the question by its idf and counts the share a text holds', () => {
    const terms = [
      { token: '床位', weight: 2 },
      { token: '医院', weight: 1 },
    ];
    expect(coverage(new Set(['床位']), terms)).toBeCloseTo(2 / 3);
    expect(coverage(new Set(), [])).toBe(0);
  });

  it('counts a group of alternatives once, held by any of them, at its most common one\'s weight', () => {
    const terms = [
      { token: '药品', weight: 1, group: 0 },
      { token: '药剂', weight: 3, group: 0 },
      { token: '价格', weight: 1 },
    ];
    expect(coverage(new Set(['药品']), terms)).toBe(0.5);
    expect(coverage(new Set(['药剂', '价格']), terms)).toBe(1);
  });

  it('groups the glosses of one English word', () => {
    const terms = questionTerms(analyzeQuestion('What were drug prices?'), () => 1);
    const drug = terms.words.filter((t) => ['药', '药品', '药物'].includes(t.token));
    expect(drug.length).toBeGreaterThan(1);
    expect(new Set(drug.map((t) => t.group)).size).toBe(1);
  });
});
