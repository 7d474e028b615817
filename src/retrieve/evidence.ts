import type { ChunkFacts } from '../corpus/facts.js';
import type { AnalyzedQuestion } from './question.js';

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

const SPEECH_VERBS = /(表示|说|透露|介绍|指出|强调|宣布)/;
const DATE_MENTION = /\d{4}年|\d{1,2}月\d{1,2}日|十[四五]五|今年|明年|去年|年底|年内/;

/**
 * How well a text's facts fit what the question asks for, -0.4..0.3: a number question wants a quantity
 * (in the asked unit), a deadline question a date, a places question several places. A year the question
 * names but the text does not is a strong mismatch.
 */
export function factFit(question: Pick<AnalyzedQuestion, 'kind' | 'unit' | 'years'>, facts: ChunkFacts, text: string): number {
  let fit = 0;
  switch (question.kind) {
    case 'number':
      if (facts.numbers.length > 0) {
        fit += 0.15;
        if (question.unit && facts.numbers.some((n) => n.unit.startsWith(question.unit!))) fit += 0.1;
      }
      break;
    case 'deadline':
      if (facts.deadlines.length > 0 || DATE_MENTION.test(text)) fit += 0.15;
      break;
    case 'places':
      fit += facts.places.length >= 3 ? 0.25 : facts.places.length > 0 ? 0.1 : 0;
      break;
    case 'person':
      if (SPEECH_VERBS.test(text)) fit += 0.1;
      break;
    case 'other':
      break;
  }
  if (question.years.some((year) => !text.includes(year))) fit -= 0.4;
  return fit;
}
