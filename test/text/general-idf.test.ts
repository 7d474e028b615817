import { describe, expect, it } from 'vitest';
import { generalIdf } from '../../src/text/general-idf.js';

describe('generalIdf (how rare a word is in general Chinese, from jieba’s idf table)', () => {
  it('weighs an everyday word less than a technical one', () => {
    expect(generalIdf('医院')).toBeLessThan(generalIdf('胰岛素'));
    expect(generalIdf('国家')).toBeLessThan(generalIdf('医院'));
  });

  it('gives a word the table lacks its median, as jieba does', () => {
    expect(generalIdf('医共体并不存在的词甲')).toBe(generalIdf('医共体并不存在的词乙'));
    expect(generalIdf('医共体并不存在的词甲')).toBeGreaterThan(generalIdf('国家'));
  });
});
