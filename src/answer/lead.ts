import { withoutItemWord } from '../corpus/blocks.js';
import { datesIn, extractNumbers, mentionsSpan, mentionsTime, RELATIVE_YEAR_WORD, relativeYearsIn, statesPlan } from '../corpus/facts.js';
import { titledPeopleIn } from '../corpus/speakers.js';
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
// Brackets a clause mark inside does not end a clause at, when what they hold stays this short (half a lead).
const OPENING_BRACKETS = '（(《【';
const CLOSING_BRACKETS = '）)》】';
const BRACKETED_CHARS = 45;
// A clause ending like this introduces what follows it.
const INTRODUCES = /[：:]$/;
// A clause this short before its colon is a label (第二步：, 项目名称：).
const LABEL_CHARS = 6;
// A direct answer is a clause or a few, not the whole sentence again.
const MAX_WINDOW_CLAUSES = 3;
const MAX_LEAD_CHARS = 90;
// How a run of clauses is weighed: holding what the question's kind asks for (a figure, a date, places) counts
// most, then the words next to the question word, then its other words; every character costs a little.
const LEAD_WEIGHTS = { answers: 3, unitAsked: 2, place: 1, askedWord: 2, focusWord: 1, perChar: 0.02 } as const;
// A clause this short that gives a date (「截至今年6月底，」) is the setting of the clause after it.
const SETTING_CHARS = 20;
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
export function composeLead(question: AnalyzedQuestion, quotes: readonly LeadQuote[]): string {
  const english = question.script === 'english';
  const taken = quotes.map((quote) => ({ quote, lead: leadClause(question, quote.text) }));
  // A list of places answered across quotes: each quote whose own lead clauses name places.
  const spread = question.kind === 'places' ? taken.filter(({ lead }) => placeCount(lead.text) > 0).sort((a, b) => a.quote.n - b.quote.n) : [];
  const chosen = spread.length > 1 ? spread : [answeringQuote(taken)];
  const parts = chosen.map(({ quote, lead }) => {
    const clause = withCalendarYears(lead.text, quote.date, english);
    const asOf = question.kind === 'number' && datesIn(quote.text).length === 0 ? asOfMonth(clause, quote.date, english) : '';
    return { clause, asOf, n: quote.n };
  });
  // "The figure:" only over a clause that states one.
  const intro = chosen.some(({ lead }) => lead.answering > 0) ? ENGLISH_INTRO[question.kind] : ENGLISH_INTRO.other;
  if (english) return `${intro}: ${parts.map((p) => `${p.clause}${p.asOf} [${p.n}]`).join('; ')}.`;
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
 * The quote that states what the question's kind asks for (a figure, a date) — as many of them as it asks for, when
 * one quote has both figures of 「甲有多少、乙有多少」 — with the most of the words next to the question word
 * (「建好了多少所」: the quote saying 建好, not the one saying 新建); the best-scored on a tie, or when none does.
 */
function answeringQuote(taken: readonly { quote: LeadQuote; lead: LeadClause }[]): { quote: LeadQuote; lead: LeadClause } {
  // The most answering clauses, then the most words next to the question word (what is asked about), then the first.
  const best = taken.reduce((a, b) =>
    b.lead.answering > a.lead.answering || (b.lead.answering === a.lead.answering && b.lead.askedNamed > a.lead.askedNamed) ? b : a,
  );
  return best.lead.answering > 0 ? best : taken[0]!;
}

/** The clauses a lead takes from one quote. */
export interface LeadClause {
  text: string;
  /** How many of its clauses state what the question asks (up to the figures it asks for). */
  answering: number;
  /** How many of the words next to the question word it names. */
  askedNamed: number;
}

/**
 * The run of up to {@link MAX_WINDOW_CLAUSES} clauses of a sentence that best answers the question (see
 * {@link LEAD_WEIGHTS}), without its closing punctuation. A list of places goes on while the next clause names more;
 * a short clause before it giving the date comes along.
 */
export function leadClause(question: AnalyzedQuestion, sentence: string): LeadClause {
  const clauses = clausesOf(sentence);
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
        LEAD_WEIGHTS.answers * answering +
        // Places count one by one: the clause naming all four cities beats the one naming one.
        (question.kind === 'places' ? LEAD_WEIGHTS.place * placeCount(text) : 0) +
        (inUnit.slice(first, last + 1).some(Boolean) ? LEAD_WEIGHTS.unitAsked : 0) +
        LEAD_WEIGHTS.askedWord * wordsNamed(asked, text) +
        LEAD_WEIGHTS.focusWord * wordsNamed(focus, text) -
        LEAD_WEIGHTS.perChar * text.length;
      if (score > best.score) best = { first, last, score, answering };
    }
  }
  let { first, last } = best;
  // 「床位600张；第二步：」: a clause ending in a colon introduces what comes after it; one that is only a label (第二步,
  // 项目名称) does not end a lead, even when it shares a word with the question (第二 of 华西第二医院).
  const isLabel = (clause: string) => INTRODUCES.test(clause) && clause.length <= LABEL_CHARS;
  while (last > first && !answers[last] && isLabel(clauses[last]!)) last--;
  // 「新增30元，达到580元」: the level a figure came to, in the clause right after it.
  const next = clauses[last + 1];
  if (question.kind === 'number' && next && RESULT.test(next) && extractNumbers(next).length > 0) last++;
  if (question.kind === 'places') {
    const names = (i: number) => i >= 0 && i < clauses.length && placeCount(clauses[i]!) > 0;
    const fits = (from: number, to: number) => clauses.slice(from, to + 1).join('').length <= MAX_LEAD_CHARS;
    while (names(first - 1) && fits(first - 1, last)) first--;
    while (names(last + 1) && fits(first, last + 1)) last++;
  }
  // 「截至今年6月底，…669万人次」, 「到2035年，…要达到75%」: the date a figure is given for comes along.
  const before = clauses[first - 1];
  if (before && before.length <= SETTING_CHARS && datesIn(before).length > 0 && !mentionsTime(clauses.slice(first, last + 1).join(''))) first--;
  // A lead opening inside a list quote drops the item's ordinal word and the elision before it (「……二是」).
  const text = withoutItemWord(clauses.slice(first, last + 1).join('').replace(/[，,；;。！!？?：:]+$/, '').replace(/^……/, '')).replace(JOINING_WORD, '');
  const whole = withoutStrayQuotes(text);
  // An answer inside a bracket left open keeps it: only the bracket goes then.
  const answered = withoutStrayBrackets(whole, (before) => answerStrength(question, before) >= answerStrength(question, whole));
  return { text: answered, answering: best.answering, askedNamed: wordsNamed(asked, text) };
}

/**
 * A sentence's clauses, split at {@link CLAUSE_END} but not inside brackets that close within {@link BRACKETED_CHARS}:
 * 「天坛医院河南医院（依托医院：郑州大学第一附属医院）」 is one clause, not one ending in an open bracket. A bracket
 * left open, or closing further on (an aside of its own), splits as if it were not there.
 */
function clausesOf(sentence: string): string[] {
  const pieces = sentence.split(CLAUSE_END);
  const clauses: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let clause = pieces[i]!;
    let last = i;
    let open = unpairedBrackets([...clause]).firstOpen;
    while (open !== -1 && last + 1 < pieces.length && [...clause].length - open + pieces[last + 1]!.length <= bracketLimit(clause)) {
      clause += pieces[++last]!;
      open = unpairedBrackets([...clause]).firstOpen;
    }
    if (open !== -1) clause = pieces[i]!;
    else i = last;
    clauses.push(clause);
  }
  return clauses.map((t) => t.trim()).filter(Boolean);
}

/**
 * The clauses without a bracket whose partner was left outside them: a closing one goes, and an opening one takes
 * what follows it along (「项目落地（分别是神经疾病」 → 「项目落地」) when what stands before it is `enough`; otherwise
 * the bracket becomes a comma (「项目落地，分别是…另有2个项目正在申报」).
 */
function withoutStrayBrackets(text: string, enough: (before: string) => boolean): string {
  const marks = [...text];
  const { closing, firstOpen } = unpairedBrackets(marks);
  const kept = (from: number, to: number) => marks.slice(from, to).filter((_, i) => !closing.has(from + i)).join('');
  if (firstOpen === -1) return kept(0, marks.length);
  const before = kept(0, firstOpen).replace(/[，,；;：:、]+$/, '');
  if (before && enough(before)) return before;
  const after = kept(firstOpen + 1, marks.length);
  return before ? `${before}，${after}` : after;
}

/**
 * The brackets a text (as code points) leaves unpaired: the closing ones with no opening one before them, and where
 * the first opening one never closed stands (-1 when there is none).
 */
function unpairedBrackets(marks: readonly string[]): { closing: ReadonlySet<number>; firstOpen: number } {
  const closing = new Set<number>();
  const open: number[] = [];
  marks.forEach((mark, i) => {
    if (OPENING_BRACKETS.includes(mark)) open.push(i);
    else if (CLOSING_BRACKETS.includes(mark) && open.pop() === undefined) closing.add(i);
  });
  return { closing, firstOpen: open[0] ?? -1 };
}

/** How long a bracket may run before it is an aside of its own: a book title (《…》) as long as a lead. */
function bracketLimit(text: string): number {
  return text.lastIndexOf('《') > Math.max(text.lastIndexOf('（'), text.lastIndexOf('(')) ? MAX_LEAD_CHARS : BRACKETED_CHARS;
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
// 年内 after a count of years (「5至10年内」) is a span, not this year: the same words as relativeYearsIn reads.
const RELATIVE_TIME = new RegExp(`${RELATIVE_YEAR_WORD.source}((?:年?底|年末|上半年|下半年|\\d{1,2}月(?:\\d{1,2}日|底|末|初)?)?前?)`, 'g');

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
  if (!date || extractNumbers(clause).length === 0 || mentionsTime(clause) || statesPlan(clause)) return '';
  const [year, month] = date.split('-').map(Number) as [number, number];
  return english ? ` (as of ${date.slice(0, 7)})` : `截至${year}年${month}月，`;
}
