import { describe, expect, it } from 'vitest';
import { generalIdf } from '../../src/text/general-idf.js';

describe('generalIdf (how rare words are in general Chinese, from jieba’s idf table)', () => {
  it('weighs an everyday word less than a technical one', () => {
    const idf = generalIdf(['国家', '医院', '胰岛素']);
    expect(idf.get('国家')).toBeLessThan(idf.get('医院')!);
    expect(idf.get('医院')).toBeLessThan(idf.get('胰岛素')!);
  });

  it('gives a word the table lacks its median, as jieba does, and only the words asked for', () => {
    const idf = generalIdf(['医共体并不存在的词甲', '医共体并不存在的词乙', '国家']);
    expect(idf.get('医共体并不存在的词甲')).toBe(idf.get('医共体并不存在的词乙'));
    expect(idf.get('医共体并不存在的词甲')).toBeGreaterThan(idf.get('国家')!);
    expect(idf.size).toBe(3);
  });
});
