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

  it('reads a name after 据, one holding a place (王海东: 海东), more titles and words before the verb', () => {
    expect(speakersIn('据李斌介绍，今年将启动。').map((s) => s.person)).toEqual(['李斌']);
    expect(speakersIn('王海东介绍，签约合作。').map((s) => s.person)).toEqual(['王海东']);
    expect(speakersIn('副市长张元明表示，要扩容。').map((s) => s.person)).toEqual(['市长张元明']);
    expect(speakersIn('谢章澍当时介绍，要加强监管。').map((s) => s.person)).toEqual(['谢章澍']);
  });

  it('takes no word for a name that is not one: a document, an organisation, a time word, a place, a pronoun, a person only named', () => {
    for (const text of ['文件指出，要扩容。', '项目名称：龙华医院甘肃医院。', '卫健委表示，要扩容。', '白皮书指出，要扩容。', '负责人此前表示的并非如此', '。张家口表示欢迎。', '他说，要扩容。', '副主任李斌在合肥调研。']) {
      expect(speakersIn(text).map((s) => s.person), text).not.toContainEqual(expect.stringMatching(/文件|项目名|卫健委|白皮书|此前|张家口|他说|李斌/));
    }
    expect(titledPeopleIn('许多专家表示，要扩容。')).toEqual([]);
  });
});
