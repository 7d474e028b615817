import { unitPattern } from '../text/units.js';

/** What kind of answer a question wants; a feature of every candidate answer depends on it. */
export type QuestionKind = 'number' | 'deadline' | 'places' | 'person' | 'method' | 'other';

// Interrogative forms, general Chinese and English grammar: how a question asks for a place, a time, a
// person, a quantity or a way. First match wins.
const KIND_PATTERNS: ReadonlyArray<readonly [QuestionKind, RegExp]> = [
  // 「从哪里来」 asks for a source, not a place; 「在哪个时间」 a time.
  ['places', /哪(?:些|几个|个|两个|三个)(?:省|地区|地方|城市|州市|市|区|县|州)|哪里(?!来)|在哪(?!一?个?(?:[年月天]|时间|时候|时期|时段))|哪儿|什么地方|which provinc|which region|which cit|where/i],
  // 到期 and 截止 alone state a time (「合同到期以后续约要多少钱」 asks a figure); 截止日期 and 到期时间 name the date asked
  // for (「截止日期呢？」). English 「deadline」 is a noun too, and a question naming it asks it.
  ['deadline', /什么时候|什么时间|哪个(?:时间|时候|时期|时段|月|年份)|几时|何时|哪一年|哪年|哪天|哪一天|几月|几号|多长时间|多久|啥时候|(?:截止|到期)(?:日期|时间|日)|when|what (?:year|time)|which year|deadline|how long/i],
  ['person', /是谁|谁说|谁宣布|谁提出|谁介绍|哪位|who\b/i],
  // 「哪几个」 asks which ones, not how many.
  ['number', /多少|(?<!哪)几(?:个|家|项|条|批|成|倍)|百分之|比例|比率|占比|how many|how much|how (?:old|big|large|high|far)\b|what percentage|what share|by how much/i],
  // 「X怎么样」 asks how something is, not how it is done.
  ['method', /怎么(?!样)|如何|怎样(?![？?]|$)|什么(?:方式|办法|模式|路径|思路|框架|技术)|how (?:is|are|was|were|do|does|will)\b/i],
];

// Each 「多少」 or 「几」 asks for one figure: 「甲有多少、乙有多少」 asks two. 「哪几」 asks which ones.
const FIGURE_ASKED = /多少|(?<!哪)几(?!乎)|how (?:many|much|old|big|large|high|far)\b/gi;

/** How many figures a question asks for: at least one, at most three. */
export function figuresAsked(text: string): number {
  return Math.min(3, Math.max(1, text.match(FIGURE_ASKED)?.length ?? 0));
}

let statedFigurePattern: RegExp | undefined;

/**
 * Figures a question itself states in a unit of the unit lists (6个, 8级, 5个月, 83岁, 2000万元): the answer's sentence
 * should state them too. A year (2023年) is none: 年 is not a unit.
 */
export function figuresStated(text: string): string[] {
  statedFigurePattern ??= new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${unitPattern()})`, 'g');
  return [...text.matchAll(statedFigurePattern)].map((m) => `${m[1]}${m[2]}`);
}

// 「多长时间」, 「多久」, 「几年」, "how long": a span of time, not a date. After 这, 近, 前, 后, 好, 头, 过去, 未来 or 十,
// 几年 and 几个月 name a span (这几年, 过去几年, 十几年) and ask nothing.
const ASKS_SPAN = /多长时间|多久|(?<![这近前后好头去来十])几(?:年|个月)|多少(?:年|天|个月)|how long/i;

/** Whether a question asks how long (a span of time) rather than when. */
export function asksSpan(text: string): boolean {
  return ASKS_SPAN.test(text);
}

/**
 * The kind a question's wording asks for, or null when none of the interrogative forms is in it. English puts its
 * question word first (「How many hospitals … when it was set up?」 asks a number): the earliest form wins there.
 */
export function kindOf(text: string): QuestionKind | null {
  if (/\p{sc=Han}/u.test(text)) return KIND_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
  const found = KIND_PATTERNS.map(([kind, pattern]) => ({ kind, at: text.search(pattern) })).filter((f) => f.at !== -1);
  return found.sort((a, b) => a.at - b.at)[0]?.kind ?? null;
}

// A measure word after 多少/几 (多少家, 几个, 多少亿元) is the unit the answer counts in.
let unitAskedPattern: RegExp | undefined;

// A question asking a share or a rate wants a percentage: 比例, 占比, 百分之, a …率 (覆盖率, 就诊率), a change in
// per cent (降幅, 增幅), 「占…多少」; in English, percentage, share, rate.
const SHARE_ASKED = /比例|占比|百分之|\p{sc=Han}率|[降增涨]幅|占[^，,。？?]{0,8}多少|percentage|\bshare\b|\brate\b/iu;

/** The counting unit a question asks in (多少家 → 家; 多少钱 → 元; 比例是多少 → %), or null. */
export function unitAsked(text: string): string | null {
  unitAskedPattern ??= new RegExp(`(?:多少|(?<!哪)几)(${unitPattern()}|钱)`, 'u');
  const unit = unitAskedPattern.exec(text)?.[1] ?? null;
  if (unit === '钱') return '元';
  return unit ?? (SHARE_ASKED.test(text) ? '%' : null);
}

/** What a follow-up about the previous answer itself asks: when it was, who said it, who issued it, where it is from. */
export type AnswerAspect = 'when' | 'who' | 'issuer' | 'source';

// First match wins: 「谁发的」 asks for the issuer, any other 「谁」 for a speaker; a time is asked as in a question
// of the deadline kind.
const ASPECT_PATTERNS: ReadonlyArray<readonly [AnswerAspect, RegExp]> = [
  ['source', /出处|出自|哪篇|原文|来源|哪个报道|哪家媒体|链接|\bsources?\b|which (?:article|report)|where (?:is|was|did) (?:this|that|it)/i],
  ['issuer', /哪个部门|哪些部门|哪个单位|哪个机构|哪家单位|谁发的|谁印发|谁发布|谁出台|谁下发|由谁|which (?:department|agency|ministry|authority)|who (?:issued|published|released)/i],
  ['who', /谁|哪位|哪名|\bwho\b/i],
  ['when', KIND_PATTERNS.find(([kind]) => kind === 'deadline')![1]],
];

/** The aspect of an answer a question asks about, with the pattern of the words that ask it, or null. */
export function answerAspectOf(text: string): { aspect: AnswerAspect; pattern: RegExp } | null {
  const found = ASPECT_PATTERNS.find(([, pattern]) => pattern.test(text));
  return found ? { aspect: found[0], pattern: found[1] } : null;
}
