import { extractNumbers, numbersIn, statesPlan } from '../corpus/facts.js';
import type { Candidate } from '../rank/candidates.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import { findCities, findProvinces } from '../text/gazetteer.js';
import { leadClause, withCalendarYears } from './lead.js';

/** One line of a timeline: a dated figure, and the quotes (by `[n]`) that state it. */
export interface TimelineLine {
  date: string;
  clause: string;
  markers: number[];
}

// A timeline is short: the figures a reader can take in at a glance.
const MAX_TIMELINE_LINES = 5;

/**
 * The candidates that give the question's figure at other dates (another batch, a later total), best first: from a
 * dated article, of the places the question names (national when it names none), reporting (not planning) a figure
 * in the unit asked of the very thing the question names (see {@link countedFigures}). The ranking model scores
 * them low — it looks for the one sentence that answers — so what makes them belong is what they count, not their
 * score. Used only for number questions that name a unit.
 */
export function moreDatedFigures<C extends Candidate>(question: AnalyzedQuestion, ranked: readonly C[], chosen: readonly C[]): C[] {
  if (question.unit === null) return [];
  const more: C[] = [];
  for (const c of ranked) {
    if (chosen.length + more.length >= MAX_TIMELINE_LINES) break;
    if (chosen.includes(c) || timelineClause(question, c) === null) continue;
    if ([...chosen, ...more].some((o) => o.passage.chunk.id === c.passage.chunk.id && o.start < c.end && c.start < o.end)) continue;
    more.push(c);
  }
  return more;
}

/**
 * The clause a timeline line quotes from a candidate: one that reports, in a dated article, a figure of what the
 * question counts, where it asks; null when the candidate has none. Its facts (extracted once per candidate) rule
 * most candidates out before any clause is chosen.
 */
function timelineClause(question: AnalyzedQuestion, candidate: Candidate): string | null {
  const unit = question.unit;
  if (candidate.passage.chunk.date === null || !candidate.facts.numbers.some((n) => unit === null || n.unit.includes(unit))) return null;
  const clause = leadClause(question, candidate.text).text;
  const belongs = !statesPlan(clause) && countedFigures(question, clause).length > 0 && sameScope(question, clause, `${candidate.passage.chunk.title}\n${candidate.text}`);
  return belongs ? clause : null;
}

// A figure for one province, city or prefecture (全省…共7个, 全州) is not a national one.
const LOCAL_SCOPE = /全省|全市|全县|全州|全区|本省|本市|该省|该市|省内|市内|当地/;

/**
 * Whether a figure's clause speaks of the places the question names: naming one of them, or a local scope (全省)
 * in an article or sentence that names one; when the question names none, nothing local anywhere in the sentence
 * or its article's title (a national figure).
 */
function sameScope(question: AnalyzedQuestion, clause: string, context: string): boolean {
  const placesIn = (text: string) => [...findProvinces(text), ...findCities(text)];
  if (question.places.length === 0) return placesIn(context).length === 0 && !LOCAL_SCOPE.test(context);
  const asked = (text: string) => placesIn(text).some((place) => question.places.includes(place));
  return asked(clause) || (LOCAL_SCOPE.test(clause) && asked(context));
}

// How far before an unlabelled figure the counted noun may stand: 「国家区域医疗中心建设项目已达76个」, not
// 「县域医共体建设的县（市、区）达到2199个」, which counts counties.
const KEY_BEFORE_CHARS = 8;

/**
 * The figures of a clause that count what the question names, in the unit asked: with the question's longest noun
 * as their subject (see {@link countsKey}: 「26个国家区域医疗中心」); or with one of the question's nouns as their
 * subject and its longest noun before them in the clause (「国家区域医疗中心…新增49个项目」; not 「…8个试点省份」); or
 * with no subject and that noun just before them (see {@link KEY_BEFORE_CHARS}). By value, digits normalised: what
 * tells one report's figures from another's.
 */
function countedFigures(question: AnalyzedQuestion, clause: string): string[] {
  const key = question.nounWords.reduce((longest, w) => (w.length > longest.length ? w : longest), '');
  if (key.length < 3) return [];
  const unit = question.unit;
  return extractNumbers(clause)
    .filter((n) => unit === null || n.unit.includes(unit))
    .filter((n) => {
      if (countsKey(question, n.subject, key)) return true;
      const before = clause.slice(0, clause.indexOf(n.text));
      if (n.subject === '') return before.slice(-(key.length + KEY_BEFORE_CHARS)).includes(key);
      return isQuestionNoun(question, n.subject) && before.includes(key);
    })
    .map((n) => numbersIn(n.value).join('-') || n.value);
}

/**
 * Whether a figure's subject is the question's noun, qualified only as the question qualifies it: 「26个国家区域医疗
 * 中心」 counts 区域医疗中心 for a question that says 国家, 「120个省级区域医疗中心」 does not.
 */
function countsKey(question: AnalyzedQuestion, subject: string, key: string): boolean {
  const at = subject.indexOf(key);
  return at !== -1 && question.searchText.includes(subject.slice(0, at));
}

/** Whether a word is one of the question's own nouns (项目 in 「新增49个项目」) — whole, not a part of a longer one. */
function isQuestionNoun(question: AnalyzedQuestion, word: string): boolean {
  const nouns = question.nounWords;
  return nouns.some((w) => w === word && !nouns.some((other) => other !== w && other.includes(w)));
}

/**
 * The dated figures of the quotes as a timeline, oldest first: the lead clause of each that belongs (see
 * {@link timelineClause}), its calendar years given, two outlets stating the same figures on one line (the first
 * report's date) with both markers. Null when fewer than two dates remain: one report is no timeline. Pure.
 * @param quotes the quoted candidates with the `[n]` each carries.
 */
export function timelineOf(question: AnalyzedQuestion, quotes: readonly { candidate: Candidate; n: number }[]): TimelineLine[] | null {
  const lines: (TimelineLine & { figures: string })[] = [];
  for (const { candidate, n } of quotes) {
    const date = candidate.passage.chunk.date;
    const taken = timelineClause(question, candidate);
    if (!date || taken === null) continue;
    const clause = withCalendarYears(taken, date, question.script === 'english');
    const figures = [...new Set(countedFigures(question, clause))].sort().join(' ');
    const same = lines.find((line) => line.figures === figures);
    if (!same) lines.push({ date, clause, markers: [n], figures });
    else {
      same.markers.push(n);
      if (date < same.date) Object.assign(same, { date, clause });
    }
  }
  if (new Set(lines.map((line) => line.date)).size < 2) return null;
  return lines.sort((a, b) => a.date.localeCompare(b.date)).map(({ date, clause, markers }) => ({ date, clause, markers }));
}



/** The timeline as text: a heading, then one dated line each, the last (newest) marked as the latest. */
export function renderTimeline(lines: readonly TimelineLine[], english: boolean): string {
  const rows = lines.map((line, i) => {
    const latest = i === lines.length - 1 ? (english ? ' (latest)' : '（最新）') : '';
    return `${line.date}　${line.clause}${line.markers.map((n) => `[${n}]`).join('')}${latest}`;
  });
  return [english ? 'Over time (oldest first):' : '时间线（从早到晚）：', ...rows].join('\n');
}
