import { findCities, findProvinces } from '../text/gazetteer.js';
import { isClassifier, unitPattern } from '../text/units.js';

/**
 * How the facts of a passage are read (stored at ingest with each chunk). Bumped when that changes: an index records
 * it, and an unchanged file would keep the facts of the old rules, so the index is rebuilt.
 */
export const FACTS_VERSION = 'facts-4';

/** A quantity as written, with what it counts: 「26个国家区域医疗中心」, 「5亿元」, 「63.1%」. */
export interface NumberFact {
  /** The whole phrase as it stands in the text (number, unit, modifier, subject). */
  text: string;
  /** The number as written, without thousands separators: 26, 1200 (of 1,200), 2至3, 63.1, 十. */
  value: string;
  unit: string;
  /** What is counted, when the text says so right after the unit (国家区域医疗中心), else ''. */
  subject: string;
}

/** A deadline or period: 「到2022年底」, 「“十四五”末」, 「今年」 (resolved against the article's date). */
export interface DeadlineFact {
  text: string;
  /** The calendar year meant, when it can be known; 十四五末 → 2025. */
  year: number | null;
}

/** What a passage states, extracted once at ingest and stored with the chunk. */
export interface ChunkFacts {
  numbers: NumberFact[];
  deadlines: DeadlineFact[];
  /** Provincial-level places named, canonical names in order of mention. */
  places: string[];
  /** Cities named (石家庄, 三明), without 「市」. */
  cities: string[];
  /** Hospitals named (北京儿童医院郑州医院, 中日友好医院). */
  hospitals: string[];
}

// Bounded runs, and a match only where a number starts (never inside a run of digits): a 5 MB run of digits is
// scanned once, not once per digit.
const NUMERAL_CHARACTERS = '零一二两三四五六七八九十百千万';
const CHINESE_NUMERAL = `[${NUMERAL_CHARACTERS}]{1,12}`;
// A figure grouped by thousands with ASCII commas (1,200,000) is one number; at most five groups, so a run of groups
// is scanned in linear time.
const GROUPED_BY_THOUSANDS = '\\d{1,3}(?:,\\d{3}){1,5}';
// A whole grouped figure standing alone (not the tail of 1234,567 or of 0.5,100).
const GROUPED_FIGURE = new RegExp(`(?<![\\d.,])${GROUPED_BY_THOUSANDS}(?!,?\\d)`, 'g');
// The grouped form is tried first, so a grouped figure is not read from its last group.
const ARABIC = `${GROUPED_BY_THOUSANDS}(?:\\.\\d{1,6})?|\\d{1,15}(?:\\.\\d{1,6})?`;
// 第一批 is an ordinal, not a quantity: no number right after 第. Built on first use (the units are data files).
let numberPattern: RegExp | undefined;
const numberPatternOf = () =>
  (numberPattern ??= new RegExp(
    `(?<![第\\d.${NUMERAL_CHARACTERS}])((?:${ARABIC}|${CHINESE_NUMERAL})(?:\\s*(?:至|到|~|-)\\s*(?:${ARABIC}|${CHINESE_NUMERAL}))?)\\s*(${unitPattern()})` +
      `(左右|以上|以下|多|余)?([\\p{sc=Han}A-Za-z]{0,12})`,
    'gu',
  ));
// Years are deadlines, not quantities; a subject stops before verbs and particles that start a new clause.
const SUBJECT_STOP = /(的|和|与|及|在|将|为|是|已|等|开展|提供|进行|建设(?=[\p{sc=Han}]{2,}))/u;

/** The quantities a text states, with units and what they count. Years (2022年) are left to {@link extractDeadlines}. */
export function extractNumbers(text: string): NumberFact[] {
  const facts: NumberFact[] = [];
  for (const match of text.matchAll(numberPatternOf())) {
    const [whole, value, unit, modifier = '', rawSubject = ''] = match;
    if (/^[零一二两三四五六七八九十百千万]+$/.test(value!) && (unit === '个' || unit === '次') && rawSubject === '') continue;
    // 一所学校, 一批项目: a lone 一 before a classifier is "a", not a count.
    if (value === '一' && isClassifier(unit!)) continue;
    const stop = rawSubject.search(SUBJECT_STOP);
    const subject = stop === -1 ? rawSubject : rawSubject.slice(0, stop);
    const phrase = whole!.slice(0, whole!.length - rawSubject.length + subject.length);
    facts.push({ text: phrase, value: value!.replaceAll(',', ''), unit: unit! + modifier, subject });
  }
  return facts;
}

// Not after a count of years: 「5至10年内」, 「三年内」, 「若干年内」 are spans of years, not "within this year". Digits
// full-width too (articles are not NFKC-normalised at ingest: 「５年内」). 数 is left out: 「数年内」 is a span, but
// 「参保人数年内达到13亿」 is this year, and which one only segmentation can tell.
const NOT_AFTER_A_COUNT = '(?<![\\d０-９〇零一二三四五六七八九十百两几多个半])(?<!若干)';

const DEADLINE_PATTERN = new RegExp(
  `(?:到|至|截至|截止到?|于|在)?(?:(\\d{4})年(?:\\d{1,2}月)?(?:底|末|前|内|年底)?|[“"]?十[四五六]五[”"]?(?:末|期间|时期|以来)|今年(?:底|年底|内)?|明年(?:底)?|去年|${NOT_AFTER_A_COUNT}年内|年底前?)`,
  'gu',
);

/**
 * The deadlines and periods a text names. Relative ones (今年, 明年, 年内) are resolved against `articleDate`
 * (YYYY-MM-DD), so a reader knows which year is meant.
 */
export function extractDeadlines(text: string, articleDate: string | null): DeadlineFact[] {
  const articleYear = articleDate ? Number(articleDate.slice(0, 4)) : null;
  const facts: DeadlineFact[] = [];
  for (const match of text.matchAll(DEADLINE_PATTERN)) {
    const phrase = match[0];
    // 2022年 standing alone before a title or a number (2022年重点工作任务, 2020年河南省) is a date, not a deadline.
    if (match[1] && !/(底|末|前|内)$/.test(phrase) && !/^(到|至)/.test(phrase)) continue;
    facts.push({ text: phrase, year: resolveYear(phrase, match[1], articleYear) });
  }
  return facts;
}

function resolveYear(phrase: string, explicitYear: string | undefined, articleYear: number | null): number | null {
  if (explicitYear) return Number(explicitYear);
  const plan = /十([四五六])五/.exec(phrase);
  if (plan) return 2000 + ({ 四: 25, 五: 30, 六: 35 } as Record<string, number>)[plan[1]!]!;
  if (articleYear === null) return null;
  return articleYear + (RELATIVE_YEARS.find(([word]) => phrase.includes(word))?.[1] ?? 0);
}

// Words that name a year relative to the article's own: 今年 in a 2022 report is 2022.
const RELATIVE_YEARS: ReadonlyArray<readonly [string, number]> = [
  ['今年', 0],
  ['年内', 0],
  ['明年', 1],
  ['去年', -1],
];

/**
 * A relative year word of {@link RELATIVE_YEARS} where it means a year (年内 after a count of years does not). Built
 * from the table, so a word added there is read here too. Not global: shared as a pattern.
 */
export const RELATIVE_YEAR_WORD = new RegExp(`(${RELATIVE_YEARS.map(([word]) => (word === '年内' ? `${NOT_AFTER_A_COUNT}年内` : word)).join('|')})`);
// Every such word of a text, built once (matchAll works on a copy, so no lastIndex is left behind between texts).
const RELATIVE_YEAR_WORDS = new RegExp(RELATIVE_YEAR_WORD, 'g');

/** The relative years a text uses (今年, 明年, 去年, 年内), each with the calendar year it means in an article of `articleDate`. */
export function relativeYearsIn(text: string, articleDate: string | null): { word: string; year: number }[] {
  if (!articleDate) return [];
  const year = Number(articleDate.slice(0, 4));
  const used = new Set([...text.matchAll(RELATIVE_YEAR_WORDS)].map((m) => m[1]!));
  return RELATIVE_YEARS.filter(([word]) => used.has(word)).map(([word, offset]) => ({ word, year: year + offset }));
}

const WRITTEN_YEAR = /(?:19|20)\d{2}(?=年)/g;

/** The years a text names: written (2022年), or relative (今年, 去年) resolved against its article's date. */
export function yearsIn(text: string, articleDate: string | null): string[] {
  return [...(text.match(WRITTEN_YEAR) ?? []), ...relativeYearsIn(text, articleDate).map((r) => String(r.year))];
}

/**
 * The calendar month a partial date in an article means: the latest such month, or such day of a month, on or
 * before the article's date (YYYY-MM-DD). 「12月」 in a report of 2023-01-05 is December 2022; 「24日」 in one of
 * 2021-07-26 is in July 2021, in one of 2021-07-20 in June.
 */
export function latestOnOrBefore(articleDate: string, part: { month: number } | { day: number }): { year: number; month: number } {
  const [year, month, day] = articleDate.split('-').map(Number) as [number, number, number];
  if ('month' in part) return { year: part.month > month ? year - 1 : year, month: part.month };
  if (part.day <= day) return { year, month };
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

// A date, a month, a day or a period: what a 「什么时候」 answer states. Longest forms first (7月24日 before 7月).
const DATE_EXPRESSION = new RegExp(
  `(?:19|20)\\d{2}年(?:\\d{1,2}月(?:\\d{1,2}日|底|末|初)?|底|末)?|\\d{1,2}月(?:\\d{1,2}日|底|末|初)?|\\d{1,2}日|十[三四五六]五|今年|明年|去年|年底|年末|${NOT_AFTER_A_COUNT}年内|年初|上半年|下半年|季度`,
  'gu',
);
// A span of time (5至10年, 三年, 18个月): what a 「多长时间」 answer states. Not a year (2022年): at most three digits.
const SPAN_EXPRESSION =
  /(?<![\d一二两三四五六七八九十])[\d一二两三四五六七八九十]{1,3}(?:\s*(?:至|到|-|—|~|～)\s*[\d一二两三四五六七八九十]{1,3})?\s*(?:年|个月|周|天)(?![\d])/u;
/** The dates and periods a text names, as written, in order (2022年5月, 7月24日, 今年, 十四五). */
export function datesIn(text: string): string[] {
  return [...text.matchAll(DATE_EXPRESSION)].map((m) => m[0]);
}

/** Whether a text states a date, a period or a span of time. */
export function mentionsTime(text: string): boolean {
  return datesIn(text).length > 0 || mentionsSpan(text);
}

/** Whether a text states a span of time (5至10年, 三年, 18个月). */
export function mentionsSpan(text: string): boolean {
  return SPAN_EXPRESSION.test(text);
}

// Wording of a plan or a target (将新增, 计划, 力争, 要达到): a figure that is not yet a count.
const PLAN_WORDING = /将|拟|计划|力争|要|预计|目标/;

/** Whether a text states a plan or a target rather than a count or a fact. */
export function statesPlan(text: string): boolean {
  return PLAN_WORDING.test(text);
}

/** All facts of one passage. */
export function extractFacts(text: string, articleDate: string | null): ChunkFacts {
  return {
    numbers: extractNumbers(text),
    deadlines: extractDeadlines(text, articleDate),
    places: findProvinces(text),
    cities: findCities(text),
    hospitals: extractHospitals(text),
  };
}

/**
 * Every number written in a text, digits normalised (full-width to ASCII, thousands separators and leading zeros dropped):
 * what the grounding check compares between an answer and its cited passages.
 */
export function numbersIn(text: string): string[] {
  // By value: the 5 of 「2022年5月」 is the 05 of the date 2022-05-11.
  // A full-width comma separates figures (120，150，180张): kept apart from the ASCII one NFKC would make of it.
  const normalized = text.replace(/[，﹐]/g, '、').normalize('NFKC');
  const ungrouped = normalized.replace(GROUPED_FIGURE, (figure) => figure.replaceAll(',', ''));
  return [...ungrouped.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0].replace(/^0+(?=\d)/, ''));
}

const HOSPITAL = /[\p{sc=Han}]{2,30}?(?:医院|卫生院|院区)(?:[\p{sc=Han}]{2,4}?(?:医院|院区))?/gu;
// What precedes a name inside a clause (a verb, a particle): the name starts after the last of these. Not 和:
// it is inside names (协和医院).
const BEFORE_NAME = /^.*(?:与|及|的|在|由|是|将|到|为|对|从|之一|托管|接管|共建|建设|支持|成立|依托|推进|引入|落地后|已由|也在|全面|正式|增挂|前往|力争|年)/u;
// A proper name carries an institution or place word; 公立医院, 社区医院, 输出医院 are kinds, not names.
const NAMED = /(大学|儿童|人民|中医|肿瘤|友好|协和|同济|天坛|妇幼|第[一二三四五六七八九十])/u;

/** The hospitals a text names, each once, in order of mention. */
export function extractHospitals(text: string): string[] {
  const names = new Set<string>();
  for (const clause of text.split(/[，。、；：“”《》（）()！？\s]/)) {
    for (const match of clause.matchAll(HOSPITAL)) {
      const name = match[0].replace(BEFORE_NAME, '');
      if (name.length >= 4 && (NAMED.test(name) || findProvinces(name).length > 0 || findCities(name).length > 0)) names.add(name);
    }
  }
  return [...names];
}
