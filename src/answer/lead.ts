import { extractNumbers, mentionsSpan, mentionsTime, relativeYearsIn, titledPeopleIn } from '../corpus/facts.js';
import type { AnalyzedQuestion, QuestionKind } from '../retrieve/question.js';
import { findCities, findProvinces } from '../text/gazetteer.js';

/** A quote of the answer: its verbatim text, the number its `[n]` marker carries, and its article's date. */
export interface LeadQuote {
  text: string;
  n: number;
  date: string | null;
}

// Clauses end at these marks; 、 joins the items of a list, which stay together.
const CLAUSE_END = /(?<=[，,；;。！!？?：:])/;
// A direct answer is a clause or a few, not the whole sentence again.
const MAX_WINDOW_CLAUSES = 3;
const MAX_LEAD_CHARS = 90;
// How a run of clauses is weighed: holding what the question's kind asks for (a figure, a date, places) counts
// most, then the words next to the question word, then its other words; every character costs a little.
export const LEAD_WEIGHTS = { answers: 3, unitAsked: 2, place: 1, askedWord: 2, focusWord: 1, perChar: 0.02 } as const;
export type LeadWeights = { readonly [K in keyof typeof LEAD_WEIGHTS]: number };
// A figure stated as a plan or a target is not "as of" the article's date.
const PLANNED = /将|拟|计划|力争|要|预计|目标/;
// An enumeration comma: a list of places or names (滇东北、曲靖、滇南).
const LIST_MARK = /、/;
// A conjunction that joins a clause to the one before it: a lead that starts there drops it (「并从全国遴选出…」).
const JOINING_WORD = /^(?:并且|并|而且|而|且|同时|以及)(?=\p{sc=Han})/u;
// A clause stating the level something came to (达到580元, 增至104万个).
const RESULT = /^(?:达到|增至|增加到|提高到|提升到|升至|降至|降到|减至|减到|减少到)/;

/**
 * The answer's first sentence: the run of clauses of the best quote that holds what the question asks for (the
 * figure with its unit and subject, the date, the list of places, the titled person) and most of its words, verbatim, with its `[n]`
 * marker, so every figure in it is in the cited text. A list of places answered across quotes takes each quote's
 * list. 「今年」 is given its calendar year; a figure without a date of its own says which month it stood in (the
 * article's date). English questions get an English sentence around the Chinese clause. Pure.
 * @param quotes the answer's quotes, the best-scored first.
 */
export function composeLead(question: AnalyzedQuestion, quotes: readonly LeadQuote[], weights: LeadWeights = LEAD_WEIGHTS): string {
  const english = question.script === 'english';
  const spread = question.kind === 'places' ? quotes.filter((q) => placeCount(q.text) > 0).sort((a, b) => a.n - b.n) : [];
  const parts = (spread.length > 1 ? spread : [answeringQuote(question, quotes, weights)]).map((quote) => {
    const clause = withCalendarYears(leadClause(question, quote.text, weights).text, quote.date, english);
    const asOf = question.kind === 'number' ? asOfMonth(clause, quote.date, english) : '';
    return { clause, asOf, n: quote.n };
  });
  if (english) return `${ENGLISH_INTRO[question.kind]}: ${parts.map((p) => `${p.clause}${p.asOf} [${p.n}]`).join('; ')}.`;
  return `${parts.map((p) => `${p.asOf}${p.clause}[${p.n}]`).join('；')}。`;
}

const ENGLISH_INTRO: Readonly<Record<QuestionKind, string>> = {
  number: 'The figure',
  deadline: 'The date',
  places: 'The places',
  person: 'Who',
  method: 'How',
  other: 'In short',
};

/**
 * The best-scored quote that states what the question's kind asks for (a figure, a date) — as many of them as it
 * asks for, when one quote has both figures of 「甲有多少、乙有多少」 — else the best-scored.
 */
function answeringQuote(question: AnalyzedQuestion, quotes: readonly LeadQuote[], weights: LeadWeights): LeadQuote {
  const answering = quotes.map((quote) => leadClause(question, quote.text, weights).answering);
  const most = Math.max(...answering);
  return most > 0 ? quotes[answering.indexOf(most)]! : quotes[0]!;
}

/**
 * The run of up to {@link MAX_WINDOW_CLAUSES} clauses of a sentence that best answers the question (see
 * {@link LEAD_WEIGHTS}), without its closing punctuation; its score; and how many of its clauses state what the
 * question asks (up to the figures it asks for). A list of places goes on while the next clause names more.
 */
export function leadClause(question: AnalyzedQuestion, sentence: string, weights: LeadWeights = LEAD_WEIGHTS): { text: string; score: number; answering: number } {
  const clauses = sentence.split(CLAUSE_END).map((t) => t.trim()).filter(Boolean);
  const asked = question.askedWords.filter((w) => w.length >= 2);
  const focus = question.focusWords.filter((w) => w.length >= 2 && !asked.includes(w));
  const answers = clauses.map((clause) => answerStrength(question, clause) > 0);
  // A question asking two figures (「甲有多少、乙有多少」) wants a run of clauses stating two.
  const wanted = question.kind === 'number' ? question.figuresAsked : 1;
  const unit = question.unit;
  const inUnit = clauses.map((clause) => unit !== null && extractNumbers(clause).some((n) => n.unit.includes(unit)));
  let best = { first: 0, last: 0, score: -Infinity, answering: 0 };
  for (let first = 0; first < clauses.length; first++) {
    for (let last = first; last < Math.min(clauses.length, first + MAX_WINDOW_CLAUSES); last++) {
      const text = clauses.slice(first, last + 1).join('');
      if (last > first && text.length > MAX_LEAD_CHARS) break;
      const answering = Math.min(wanted, answers.slice(first, last + 1).filter(Boolean).length);
      const score =
        weights.answers * answering +
        // Places count one by one: the clause naming all four cities beats the one naming one.
        (question.kind === 'places' ? weights.place * placeCount(text) : 0) +
        (inUnit.slice(first, last + 1).some(Boolean) ? weights.unitAsked : 0) +
        weights.askedWord * wordsNamed(asked, text) +
        weights.focusWord * wordsNamed(focus, text) -
        weights.perChar * text.length;
      if (score > best.score) best = { first, last, score, answering };
    }
  }
  let { first, last } = best;
  // 「新增30元，达到580元」: the level a figure came to, in the clause right after it.
  const next = clauses[last + 1];
  if (question.kind === 'number' && next && RESULT.test(next) && extractNumbers(next).length > 0) last++;
  if (question.kind === 'places') {
    const names = (i: number) => i >= 0 && i < clauses.length && placeCount(clauses[i]!) > 0;
    while (names(first - 1)) first--;
    while (names(last + 1)) last++;
  }
  const text = clauses.slice(first, last + 1).join('').replace(/[，,；;。！!？?：:]+$/, '').replace(JOINING_WORD, '');
  return { text: withoutStrayQuotes(text), score: best.score, answering: best.answering };
}

/** The clauses without a quotation mark whose partner was left outside them (「“今年国家将启动…」). */
function withoutStrayQuotes(text: string): string {
  const opened = (text.match(/“/g) ?? []).length;
  const closed = (text.match(/”/g) ?? []).length;
  if (opened > closed) return text.replace(/“(?![^“]*”)/, '');
  if (closed > opened) return text.replace(/^([^“]*?)”/, '$1');
  return text;
}

/**
 * How many of the words a text names, a word inside another named one not counted again: 公立医院 and 公立 (a
 * search-mode part of it) are one mention.
 */
function wordsNamed(words: readonly string[], text: string): number {
  const named = words.filter((w) => text.includes(w));
  return named.filter((w) => !named.some((other) => other !== w && other.includes(w))).length;
}

/** How strongly a clause holds the kind of fact the question asks for: 0 when not at all. */
function answerStrength(question: AnalyzedQuestion, text: string): number {
  // 「几年」, 「多长时间」 want a span of time whatever else the question asks.
  if (question.asksSpan) return mentionsSpan(text) ? 1 : 0;
  switch (question.kind) {
    case 'number':
      return extractNumbers(text).length;
    case 'deadline':
      return mentionsTime(text) ? 1 : 0;
    case 'places':
      return placeCount(text) + (LIST_MARK.test(text) ? 1 : 0);
    case 'person':
      return titledPeopleIn(text).length;
    default:
      return 0;
  }
}

function placeCount(text: string): number {
  return new Set([...findProvinces(text), ...findCities(text)]).size;
}

// A relative year with what follows it in the same time phrase (今年年底前, 明年6月).
const RELATIVE_TIME = /(今年|明年|去年|年内)((?:年?底|年末|上半年|下半年|\d{1,2}月(?:\d{1,2}日|底|末|初)?)?前?)/g;

/** 「今年年底前（即2022年年底前）」: each relative time phrase followed by the calendar date it means in the quoted article. */
export function withCalendarYears(clause: string, date: string | null, english: boolean): string {
  const years = new Map(relativeYearsIn(clause, date).map(({ word, year }) => [word, year]));
  return clause.replace(RELATIVE_TIME, (phrase, word: string, rest: string) => {
    const year = years.get(word);
    if (year === undefined) return phrase;
    const meant = `${year}年${rest.replace(/^年/, '')}`;
    return english ? `${phrase} (${meant})` : `${phrase}（即${meant}）`;
  });
}

/** 「截至2022年5月，」 for a figure the clause states without a date or a plan of its own. */
function asOfMonth(clause: string, date: string | null, english: boolean): string {
  if (!date || extractNumbers(clause).length === 0 || mentionsTime(clause) || PLANNED.test(clause)) return '';
  const [year, month] = date.split('-').map(Number) as [number, number];
  return english ? ` (as of ${date.slice(0, 7)})` : `截至${year}年${month}月，`;
}
