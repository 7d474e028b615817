import { extractNumbers, numbersIn } from '../corpus/facts.js';
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
 * dated article, of the places the question names (national when it names none), stating a figure in the unit asked of the very thing the question names (see
 * {@link countedFigures}). The ranking model scores them low — it looks for the one sentence that answers — so
 * what makes them belong is what they count, not their score. Used only for number questions.
 */
export function moreDatedFigures<C extends Candidate>(question: AnalyzedQuestion, ranked: readonly C[], chosen: readonly C[]): C[] {
  const more: C[] = [];
  for (const c of ranked) {
    if (chosen.length + more.length >= MAX_TIMELINE_LINES) break;
    if (chosen.includes(c) || !c.passage.chunk.date || !countsWhatIsAsked(question, c.text)) continue;
    if (!sameScope(question, `${c.passage.chunk.title}\n${c.text}`)) continue;
    if ([...chosen, ...more].some((o) => o.passage.chunk.id === c.passage.chunk.id && o.start < c.end && c.start < o.end)) continue;
    more.push(c);
  }
  return more;
}

// A figure for one province or city (全省…共7个) is not a national one.
const LOCAL_SCOPE = /全省|全市|全县|本省|本市|该省|该市|省内|市内/;

/**
 * Whether a sentence (with its article's title) speaks of the places the question names: those places when it names
 * some, no province, city or local scope (全省) when it names none.
 */
function sameScope(question: AnalyzedQuestion, text: string): boolean {
  const places = [...findProvinces(text), ...findCities(text)];
  if (question.places.length > 0) return places.some((place) => question.places.includes(place));
  return places.length === 0 && !LOCAL_SCOPE.test(text);
}

/** Whether the clause a lead would take from a sentence counts what the question names (see {@link countedFigures}). */
function countsWhatIsAsked(question: AnalyzedQuestion, sentence: string): boolean {
  return countedFigures(question, leadClause(question, sentence).text).length > 0;
}

/**
 * The figures of a clause that count what the question names: in the unit asked (any, when it names none), with the
 * question's longest noun as their subject (see {@link countsKey}) (「26个国家区域医疗中心」), or before them in the clause when their own subject
 * is none or one of the question's nouns (「国家区域医疗中心建设项目已达76个」, 「国家区域医疗中心…新增49个项目」; not
 * 「国家区域医疗中心…8个试点省份」). By value, digits normalised: what tells one report's figures from another's.
 */
function countedFigures(question: AnalyzedQuestion, clause: string): string[] {
  const key = question.nounWords.reduce((longest, w) => (w.length > longest.length ? w : longest), '');
  if (key.length < 3) return [];
  const unit = question.unit;
  return extractNumbers(clause)
    .filter((n) => unit === null || n.unit.includes(unit))
    .filter((n) => countsKey(question, n.subject, key) || (namesNothingElse(question, n.subject) && clause.slice(0, clause.indexOf(n.text)).includes(key)))
    .map((n) => numbersIn(n.value).join('-') || n.value);
}

/**
 * The dated figures of the quotes as a timeline, oldest first: the lead clause of each, its calendar years given,
 * two outlets stating the same figures on one line (the first report's date) with both markers. Null when the quotes hold fewer than two
 * dates: one report is no timeline. Pure.
 * @param quotes the quoted candidates with the `[n]` each carries.
 */
export function timelineOf(question: AnalyzedQuestion, quotes: readonly { candidate: Candidate; n: number }[]): TimelineLine[] | null {
  const lines: (TimelineLine & { figures: string })[] = [];
  for (const { candidate, n } of quotes) {
    const date = candidate.passage.chunk.date;
    if (!date || !countsWhatIsAsked(question, candidate.text)) continue;
    const clause = withCalendarYears(leadClause(question, candidate.text).text, date, question.script === 'english');
    const figures = [...new Set(countedFigures(question, clause))].sort().join(' ');
    const same = lines.find((line) => line.figures === figures);
    if (!same) lines.push({ date, clause, markers: [n], figures });
    else {
      same.markers.push(n);
      if (date < same.date) Object.assign(same, { date, clause });
    }
  }
  if (lines.length < 2) return null;
  return lines.sort((a, b) => a.date.localeCompare(b.date)).map(({ date, clause, markers }) => ({ date, clause, markers }));
}

/**
 * Whether a figure's subject is the question's noun, qualified only as the question qualifies it: 「26个国家区域医疗
 * 中心」 counts 区域医疗中心 for a question that says 国家, 「120个省级区域医疗中心」 does not.
 */
function countsKey(question: AnalyzedQuestion, subject: string, key: string): boolean {
  const at = subject.indexOf(key);
  return at !== -1 && question.searchText.includes(subject.slice(0, at));
}

/**
 * Whether a figure's subject is empty or one of the question's own nouns (项目 in 「新增49个项目」) — a whole noun, not
 * a part of one (区域 inside 国家区域医疗中心).
 */
function namesNothingElse(question: AnalyzedQuestion, subject: string): boolean {
  const nouns = question.nounWords;
  return subject === '' || nouns.some((w) => w === subject && !nouns.some((other) => other !== w && other.includes(w)));
}

/** The timeline as text: a heading, then one dated line each, those of the newest date marked as the latest. */
export function renderTimeline(lines: readonly TimelineLine[], english: boolean): string {
  const newest = lines.at(-1)?.date;
  const rows = lines.map((line) => {
    const latest = line.date === newest ? (english ? ' (latest)' : '（最新）') : '';
    return `${line.date}　${line.clause}${line.markers.map((n) => `[${n}]`).join('')}${latest}`;
  });
  return [english ? 'Over time (oldest first):' : '时间线（从早到晚）：', ...rows].join('\n');
}
