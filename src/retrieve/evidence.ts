import type { ChunkFacts } from '../corpus/facts.js';
import type { AnalyzedQuestion } from './question.js';
import { provinceOfCity } from '../text/gazetteer.js';

/** How much a word tells passages apart (BM25 idf); words the corpus never uses weigh the most. */
export type IdfLookup = (word: string) => number;

// Words inherited from earlier turns matter, but less than what the user just asked.
const CONTEXT_WEIGHT = 0.5;

/**
 * The idf-weighted share of the question's words that a text contains, 0..1. The main evidence signal:
 * a passage that lacks the question's rare words does not answer it, however close its vector is.
 */
export function coverage(
  textWords: ReadonlySet<string>,
  question: Pick<AnalyzedQuestion, 'focusWords' | 'contextWords' | 'wordWeights'>,
  idf: IdfLookup,
): number {
  let present = 0;
  let total = 0;
  for (const [words, weight] of [
    [question.focusWords, 1],
    [question.contextWords, CONTEXT_WEIGHT],
  ] as const) {
    for (const word of words) {
      const w = idf(word) * weight * (question.wordWeights.get(word) ?? 1);
      total += w;
      if (textWords.has(word)) present += w;
    }
  }
  return total === 0 ? 0 : present / total;
}

/**
 * The words a text offers as evidence: its tokens, the years its relative dates mean (今年 in a 2021 article is
 * 2021), so a question naming the year finds a passage that only says 今年, and for each city it names, that
 * the text names a 城市 and which province it is in (石家庄 speaks of 河北).
 */
export function evidenceWords(tokens: Iterable<string>, facts: Pick<ChunkFacts, 'deadlines' | 'cities'>): Set<string> {
  const words = new Set(tokens);
  for (const deadline of facts.deadlines) if (deadline.year !== null) words.add(String(deadline.year));
  for (const city of facts.cities) {
    words.add('城市');
    const province = provinceOfCity(city);
    if (province) words.add(province);
  }
  return words;
}

const ASKS_PROVINCE = /省|province/i;
const SPEECH_VERBS = /(表示|说|透露|介绍|指出|强调|宣布)/;
const DATE_MENTION = /\d{4}年|\d{1,2}月\d{1,2}日|十[四五]五|今年|明年|去年|年底|年内/;
// 「多长时间」 wants a span (3年至5年), not the date something happened.
const ASKS_DURATION = /多长时间|多久|几年|多少年|how long/i;
const DURATION = /\d+(?:年|个月)(?:至|到|-)\d+(?:年|个月)|\d+个?月内|\d+年内|[一二三四五]年(?:内|时间)/;
// A named official: title then a two- or three-character name (司长欧晓理, 副主任李斌), the answer to 「谁」.
export const TITLED_PERSON = /(?:司长|副司长|主任|副主任|局长|部长|院长|副院长|书记|负责人|处长|委员)[\p{sc=Han}]{2,3}(?=表示|说|介绍|透露|指出|强调|宣布|称|在|\d|[，,、])/u;

// Wording that lays out how something is done: 「简单来说，就是…」, 「通过…的方式」, 「选择…作为…到…建设…」.
const EXPLAINS_HOW = /简单来说|简单地说|具体来说|具体而言|就是[从把将由选]|通过[^，。]{1,30}(?:方式|办法|途径|模式)|(?:主要|具体)做法|作为[^，。]{1,12}，?到/;

/**
 * How well a text's facts fit what the question asks for, -0.4..0.3: a number question wants a quantity
 * (in the asked unit), a deadline question a date, a places question several places. A year the question
 * names but the text does not is a strong mismatch.
 */
export function factFit(question: Pick<AnalyzedQuestion, 'original' | 'kind' | 'unit' | 'years'>, facts: ChunkFacts, text: string): number {
  let fit = 0;
  switch (question.kind) {
    case 'number':
      if (facts.numbers.length > 0) {
        fit += 0.15;
        if (question.unit && facts.numbers.some((n) => n.unit.startsWith(question.unit!))) fit += 0.1;
      }
      break;
    case 'deadline':
      // A span answers 「多长时间」 better than the date something happened.
      if (ASKS_DURATION.test(question.original) && DURATION.test(text)) {
        fit += 0.25;
        break;
      }
      if (facts.deadlines.length > 0 || DATE_MENTION.test(text)) fit += 0.15;
      // A sentence laying out a timeline (到2022年…，“十四五”末…) answers 「什么时候」 better than one date.
      fit += 0.05 * Math.min(Math.max(facts.deadlines.length - 1, 0), 2);
      break;
    case 'places':
      {
        // 「哪个省」 wants provinces; 「哪些城市」, 「哪里」 take cities too.
        const named = facts.places.length + (ASKS_PROVINCE.test(question.original) ? 0 : facts.cities.length);
        fit += named >= 3 ? 0.25 : named > 0 ? 0.1 : 0;
      }
      break;
    case 'person':
      if (SPEECH_VERBS.test(text)) fit += 0.1;
      if (TITLED_PERSON.test(text)) fit += 0.15;
      break;
    case 'method':
      if (EXPLAINS_HOW.test(text)) fit += 0.2;
      break;
    case 'other':
      break;
  }
  if (question.years.some((year) => !speaksOfYear(year, facts, text))) fit -= 0.4;
  return fit;
}

/** Whether a text speaks of a year: by number, or by 今年/明年 resolved against its article's date. */
export function speaksOfYear(year: string, facts: Pick<ChunkFacts, 'deadlines'>, text: string): boolean {
  return text.includes(year) || facts.deadlines.some((d) => d.year === Number(year));
}
