/** What kind of answer a question wants; a feature of every candidate answer depends on it. */
export type QuestionKind = 'number' | 'deadline' | 'places' | 'person' | 'method' | 'other';

// Interrogative forms, general Chinese and English grammar: how a question asks for a place, a time, a
// person, a quantity or a way. First match wins.
const KIND_PATTERNS: ReadonlyArray<readonly [QuestionKind, RegExp]> = [
  // 「从哪里来」 asks for a source, not a place.
  ['places', /哪些省|哪几个省|哪个省|哪些地区|哪些地方|哪些城市|哪几个城市|哪个城市|哪个区|哪些区|哪个县|哪些县|哪里(?!来)|在哪|哪儿|什么地方|which provinc|which region|which cit|where/i],
  ['deadline', /什么时候|何时|哪一年|哪年|哪天|哪一天|几月|几号|多长时间|多久|啥时候|截止|到期|when|what year|which year|deadline|how long/i],
  ['person', /是谁|谁说|谁宣布|谁提出|谁介绍|哪位|who\b/i],
  ['number', /多少|几个|几家|几项|几条|几批|几成|几倍|百分之|比例|比率|占比|how many|how much|what percentage|what share|by how much/i],
  // 「X怎么样」 asks how something is, not how it is done.
  ['method', /怎么(?!样)|如何|怎样(?![？?]|$)|什么(?:方式|办法|模式|路径|思路|框架|技术)|how (?:is|are|was|were|do|does|will)\b/i],
];

/** The kind a question's wording asks for, or null when none of the interrogative forms is in it. */
export function kindOf(text: string): QuestionKind | null {
  return KIND_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

// A measure word after 多少/几 (多少家, 几个, 多少亿元) is the unit the answer counts in.
const UNIT_ASKED = /(?:多少|几)(亿元|万元|元|钱|个|家|项|条|批|天|人次|人|张|所|类|种|款|起|件|岁|%)/;

/** The counting unit a question asks in (多少家 → 家; 多少钱 → 元), or null. */
export function unitAsked(text: string): string | null {
  const unit = UNIT_ASKED.exec(text)?.[1] ?? null;
  return unit === '钱' ? '元' : unit;
}
