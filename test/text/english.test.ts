import { describe, expect, it } from 'vitest';
import { englishGlosses } from '../../src/text/english.js';
import { ordinalsIn } from '../../src/text/ordinals.js';

const englishToChinese = (question: string) => englishGlosses(question).flat().join(' ');

describe('englishGlosses (CC-CEDICT)', () => {
  it('looks up phrases before words, maps plurals and British spellings, and keeps years', () => {
    const chinese = englishToChinese('How many people had basic medical insurance at the end of 2022?');
    expect(chinese).toContain('医疗保险');
    expect(chinese).toContain('2022年');
    expect(englishToChinese('medical centres')).toContain('中心');
    // CEDICT's British 「centre」 is only 基点: the American spelling is looked up first.
    expect(englishGlosses('centre')).toEqual(englishGlosses('center'));
    expect(englishToChinese('beds')).toContain('床');
  });

  it('writes an ordinal with its measure word, and a place by its pinyin', () => {
    expect(englishToChinese('the eighth batch')).toContain('第八批');
    // However the English names the round, it is the article's 第八批 when compared (text/ordinals).
    expect(ordinalsIn(englishToChinese('the 8th round'))).toEqual(['第八批']);
    // Written with digits, the ordinal is one word, not a figure and a stray 「th」.
    expect(englishGlosses('the 3rd phase')).toEqual([['第三期']]);
    expect(englishToChinese('the 12th session')).toContain('第12届');
    expect(englishToChinese('Qingshen County')).toContain('青神');
  });

  it('glosses a word by the words that mean it, not by the places CEDICT describes with it', () => {
    // CEDICT describes hundreds of places as 「X, a county in …」: those are counties, not glosses of 「county」.
    expect(englishGlosses('county')).toEqual([expect.arrayContaining(['县'])]);
    expect(englishGlosses('county')[0]!.length).toBeLessThan(5);
    // 「bed (in hospital, hotel, train etc)」 is a gloss of 床位.
    expect(englishGlosses('beds')[0]).toContain('床位');
  });

  it('drops what the dictionary does not know', () => {
    expect(englishToChinese('xyzzy plugh')).toBe('');
  });

  it('keeps the glosses of one English word together, as alternatives', () => {
    const glosses = englishGlosses('drug prices');
    expect(glosses).toHaveLength(2);
    expect(glosses[0]).toEqual(expect.arrayContaining(['药品']));
  });
});
