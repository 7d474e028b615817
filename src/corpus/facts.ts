import { findCities, findProvinces } from '../text/gazetteer.js';

/** A quantity as written, with what it counts: 「26个国家区域医疗中心」, 「5亿元」, 「63.1%」. */
export interface NumberFact {
  /** The whole phrase as it stands in the text (number, unit, modifier, subject). */
  text: string;
  /** The number as written: 26, 120, 2至3, 63.1, 十. */
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

// Bounded runs, and a match only where a number starts (never inside one): a 5 MB run of digits is scanned once,
// not once per digit.
const NUMERAL_CHARACTERS = '零一二两三四五六七八九十百千万';
const CHINESE_NUMERAL = `[${NUMERAL_CHARACTERS}]{1,12}`;
const ARABIC = '\\d{1,15}(?:\\.\\d{1,6})?';
const UNITS = [
  '亿元', '万元', '元', '%', '个百分点', '倍', '个月', '家', '个', '所', '项', '张', '人次', '名', '大类', '类', '批',
  '件', '条', '方面', '省份', '省', '次', '天', '岁',
];
// 第一批 is an ordinal, not a quantity: no number right after 第.
const NUMBER_PATTERN = new RegExp(
  `(?<![第\\d.${NUMERAL_CHARACTERS}])((?:${ARABIC}|${CHINESE_NUMERAL})(?:\\s*(?:至|到|~|-)\\s*(?:${ARABIC}|${CHINESE_NUMERAL}))?)\\s*(${UNITS.join('|').replace('%', '%')})` +
    `(左右|以上|以下|多|余)?([\\p{sc=Han}A-Za-z]{0,12})`,
  'gu',
);
// Years are deadlines, not quantities; a subject stops before verbs and particles that start a new clause.
const SUBJECT_STOP = /(的|和|与|及|在|将|为|是|已|等|开展|提供|进行|建设(?=[\p{sc=Han}]{2,}))/u;

/** The quantities a text states, with units and what they count. Years (2022年) are left to {@link extractDeadlines}. */
export function extractNumbers(text: string): NumberFact[] {
  const facts: NumberFact[] = [];
  for (const match of text.matchAll(NUMBER_PATTERN)) {
    const [whole, value, unit, modifier = '', rawSubject = ''] = match;
    if (/^[零一二两三四五六七八九十百千万]+$/.test(value!) && (unit === '个' || unit === '次') && rawSubject === '') continue;
    const stop = rawSubject.search(SUBJECT_STOP);
    const subject = stop === -1 ? rawSubject : rawSubject.slice(0, stop);
    const phrase = whole!.slice(0, whole!.length - rawSubject.length + subject.length);
    facts.push({ text: phrase, value: value!, unit: unit! + modifier, subject });
  }
  return facts;
}

const DEADLINE_PATTERN =
  /(?:到|至|截至|截止到?|于|在)?(?:(\d{4})年(?:\d{1,2}月)?(?:底|末|前|内|年底)?|[“"]?十[四五六]五[”"]?(?:末|期间|时期|以来)|今年(?:底|年底|内)?|明年(?:底)?|去年|年内|年底前?)/gu;

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
  if (phrase.includes('明年')) return articleYear + 1;
  if (phrase.includes('去年')) return articleYear - 1;
  return articleYear;
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
 * Every number written in a text, digits normalised (full-width to ASCII, thousands separators dropped):
 * what the grounding check compares between an answer and its cited passages.
 */
export function numbersIn(text: string): string[] {
  return [...text.normalize('NFKC').replace(/(\d),(\d{3})/g, '$1$2').matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
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
