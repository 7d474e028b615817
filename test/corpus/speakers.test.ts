import { describe, expect, it } from 'vitest';
import { speakersIn, titledPeopleIn } from '../../src/corpus/speakers.js';

describe('titledPeopleIn', () => {
  it('names a title right before a name, followed by what the person did', () => {
    expect(titledPeopleIn('副主任李斌在合肥调研。会上，社会司司长欧晓理表示，要扩容；司长黄华波坦言，困难不小。')).toEqual(['主任李斌', '司长欧晓理', '司长黄华波']);
  });
});

describe('speakersIn', () => {
  const at = (text: string, person: string) => ({ person, at: text.indexOf(person) });

  it('finds people shown speaking: titled, named alone where a clause starts, or an unnamed official, with where they stand', () => {
    const text = '会上，社会司司长欧晓理表示，要扩容。毛群安说，平台已接入。国家医保局有关负责人此前表示，将继续推进；副主任李斌在会上透露了规划。';
    expect(speakersIn(text)).toEqual([at(text, '司长欧晓理'), at(text, '毛群安'), at(text, '有关负责人'), at(text, '主任李斌')]);
  });

  it('takes no word for a name that is not one: a document, a time word, a place, a pronoun, a person only named', () => {
    for (const text of ['文件指出，要扩容。', '项目名称：龙华医院甘肃医院。', '负责人此前表示的并非如此', '。张家口表示欢迎。', '他说，要扩容。', '副主任李斌在合肥调研。']) {
      expect(speakersIn(text).map((s) => s.person), text).not.toContainEqual(expect.stringMatching(/文件|项目名|此前|张家口|他说|李斌/));
    }
  });
});
