import type { Turn } from '../answer/types.js';
import { contentWords, isStopword, tagWords } from '../text/tokenize.js';
import { isTraditional, toSimplified } from '../text/script.js';
import { isEnglish, translateQuestionTerms } from '../text/glossary.js';
import { citiesOf, findCities, findProvinces } from '../text/gazetteer.js';

/** What kind of answer a question wants; it steers ranking and composition. */
export type QuestionKind = 'number' | 'deadline' | 'places' | 'person' | 'method' | 'other';

/** A question made ready for retrieval. */
export interface AnalyzedQuestion {
  original: string;
  script: 'simplified' | 'traditional' | 'english';
  /** Simplified Chinese text searched for: glossary terms for English, the previous question for follow-ups. */
  searchText: string;
  /**
   * What a follow-up to this question inherits: the search text without what was added for this question alone
   * (the cities of a province it asks about), which would pull the next question back to that province.
   */
  carriedText: string;
  kind: QuestionKind;
  /** Content words of the question itself: what evidence must contain. */
  focusWords: string[];
  /** Content words inherited from the conversation, for follow-ups; weigh less. */
  contextWords: string[];
  /**
   * How much each word's presence counts, 0..1, by part of speech: nouns carry the question's subject,
   * verbs less (paraphrases change them), single characters and function words little.
   */
  wordWeights: Map<string, number>;
  /** The noun the question asks about (院长 in 「…的院长是谁」): evidence that lacks it answers another question. */
  headNoun: string | null;
  /** Terms the question puts in quotes (“三不”): named expressions the evidence should contain verbatim. */
  quoted: string[];
  /** Four-digit years the question names: a passage must speak of them. */
  years: string[];
  /** Provinces and cities the question names (canonical names), and for 「…有哪些城市」 the province's listed cities. */
  places: string[];
  /** The counting unit asked for (多少家 → 家), or null. */
  unit: string | null;
  isFollowUp: boolean;
}

const KIND_PATTERNS: ReadonlyArray<readonly [QuestionKind, RegExp]> = [
  // 「从哪里来」 asks for a source (资金从哪里来), not a place.
  ['places', /哪些省|哪几个省|哪个省|哪些地区|哪些地方|哪些城市|哪个城市|哪个区|哪些区|哪里(?!来)|在哪|哪儿|什么地方|which provinc|which region|which cit|where/i],
  ['deadline', /什么时候|何时|哪一年|哪年|哪天|哪一天|几月|几号|多长时间|多久|啥时候|截止|到期|when|what year|which year|deadline|how long/i],
  ['person', /是谁|谁说|谁宣布|谁提出|谁透露|哪位|who\b/i],
  ['number', /多少|几个|几家|几项|几条|几批|几成|几倍|百分之|比例|比率|占比|降了|增长了|how many|how much|what percentage|by how much/i],
  // 「怎么建」 asks for a way of doing, not a fact: the passage that explains (「简单来说，就是…」) answers it.
  ['method', /怎么(?:样)?(?:建|做|搞|办|推进|实施|开展|运作|落实)|如何(?:建|做|推进|实施|开展|运作|落实)|怎样(?:建|做|推进|实施|开展)|什么(?:方式|办法|模式|路径)|how (?:is|are|was|were|do|does|will)\b.*\b(?:built|set up|run|work|done|organi[sz]ed)/i],
];

const ASKS_CITIES = /城市|哪些市|哪个市|地市|which cit/i;
const UNIT_PATTERN = /(?:多少|几)(亿元|万元|元|钱|个|家|项|条|批|天|人次|人|张|所|类|%)/;
// A follow-up leans on the previous turn: short, or opening with a pointer back to it.
const FOLLOW_UP_START = /^(那|那么|这|这个|这些|其中|它|他|她|他们|它们|此|该|另外|还有|and\b|what about|how about)/i;
const FOLLOW_UP_END = /(呢|吗)[?？]?$/;

/**
 * Reads a question in the context of the conversation. Pure.
 * @param history earlier turns of the same conversation, oldest first.
 */
export function analyzeQuestion(question: string, history: readonly Turn[] = [], options: { followUp?: boolean } = {}): AnalyzedQuestion {
  const original = question.trim();
  const script = isEnglish(original) ? 'english' : isTraditional(original) ? 'traditional' : 'simplified';
  // Chinese with English terms mixed in (「国家区域医疗中心 national medical centre 多少个」) gains their Chinese form.
  const latinTerms = script === 'english' || !/[a-z]{3,}/i.test(original) ? '' : translateQuestionTerms(original);
  const asked =
    script === 'english'
      ? translateQuestionTerms(original)
      : latinTerms
        ? `${toSimplified(original.replace(/[a-z][a-z' -]*[a-z]/gi, ' '))} ${latinTerms}`
        : toSimplified(original);
  const own = withSynonyms(asked);
  // Evidence is judged by the article's words: an everyday word a synonym stands for (扎堆 → 集中) is never
  // in the corpus, so counting it would make every passage look incomplete.
  const formal = toFormal(asked);
  const previous = history.at(-1);
  const bare = original.replace(/[\s\p{P}]/gu, '');
  const focusWords = contentWords(formal);
  // A question with at most one word of its own to search by (「计划用多长时间建成？」) cannot stand alone.
  const thin = contentWords(asked).filter((word) => word.length >= 2).length <= 1;
  const isFollowUp =
    previous !== undefined &&
    (options.followUp === true || thin || FOLLOW_UP_START.test(bare) || FOLLOW_UP_END.test(original) || bare.length <= 8 || (script === 'english' && /^(and|what about)/i.test(original)));
  const context = isFollowUp ? (previous.searchedAs ?? toSimplified(previous.question)) : '';
  const contextWords = contentWords(context).filter((word) => !focusWords.includes(word));
  const tagged = tagWords(`${context} ${own}`);
  const lowered = own.toLowerCase();
  const kind = KIND_PATTERNS.find(([, pattern]) => pattern.test(original) || pattern.test(lowered))?.[0] ?? 'other';
  const unit = UNIT_PATTERN.exec(own)?.[1] ?? null;
  const provinces = findProvinces(formal);
  // 「河北有哪些城市…」: articles name the cities (石家庄, 保定) without the province, so search for them too.
  const asksCities = kind === 'places' && (ASKS_CITIES.test(own) || ASKS_CITIES.test(original));
  const provinceCities = asksCities ? provinces.flatMap((province) => citiesOf(province)) : [];
  const carriedText = context ? `${context} ${own}` : own;
  return {
    original,
    script,
    searchText: provinceCities.length > 0 ? `${carriedText} ${provinceCities.join(' ')}` : carriedText,
    carriedText,
    kind,
    focusWords,
    contextWords,
    wordWeights: new Map([...focusWords, ...contextWords].map((word) => [word, wordWeight(word, tagged)])),
    headNoun: script === 'english' ? null : headNounOf(tagWords(formal), kind),
    quoted: [...asked.matchAll(/[“"「『]([^”"」』]{1,12})[”"」』]/g)].map((m) => m[1]!),
    places: [...new Set([...provinces, ...findCities(formal), ...provinceCities])],
    years: [...own.matchAll(/(?:19|20)\d{2}(?=年|\b)/g)].map((m) => m[0]),
    unit: unit === '钱' ? '元' : unit,
    isFollowUp,
  };
}

const NOUN_TAGS = /^(n|nr|ns|nt|nz|nrt|vn|j|eng|an)$/;

function wordWeight(word: string, tagged: readonly { word: string; tag: string }[]): number {
  if (word.length === 1) return 0.25;
  if (/\d/.test(word)) return 1;
  // Sub-words of a compound (区域 in 国家区域医疗中心) take the compound's tag.
  const tag = tagged.find((t) => t.word === word)?.tag ?? tagged.find((t) => t.word.includes(word))?.tag ?? 'x';
  if (NOUN_TAGS.test(tag)) return 1;
  if (tag.startsWith('v')) return 0.6;
  return 0.3;
}

const HEAD_TAGS = /^(n|nr|ns|nt|nz|nrt|j|eng)$/;
const ASKING = /^(谁|多少|几|什么|怎么|怎样|如何|哪|吗|呢)/;

// The roles a person question asks for (院长, 副主任, 司长, 负责人): the evidence must name that role.
const ROLE_NOUN = /(长|主任|书记|负责人|主席|总理|委员|记者|专家)$/;

/**
 * The last noun (two characters or more) before the question word of the clause that asks. A person question
 * names a person by what they do, so its head noun counts only when it is a role (院长 in 「…的院长是谁」);
 * otherwise (「…是谁提出的」) the head is the topic, which the speaker's sentence need not repeat.
 */
function headNounOf(tagged: readonly { word: string; tag: string }[], kind: QuestionKind): string | null {
  const asking = tagged.findIndex((t) => ASKING.test(t.word));
  const before = asking === -1 ? tagged : tagged.slice(0, asking);
  // Only true nouns: a verbal noun (建设 for 建成) names the action asked about, which the answer may word differently.
  const nouns = before.filter((t) => t.word.length >= 2 && HEAD_TAGS.test(t.tag) && !/\d/.test(t.word) && !isStopword(t.word));
  const head = nouns.at(-1)?.word ?? null;
  return kind === 'person' && head !== null && !ROLE_NOUN.test(head) ? null : head;
}

// Everyday words for what the articles say formally. The searched text gains the article's word and keeps its own
// (the embedding reads both); evidence is judged by the formal text alone. Longer phrases come first.
const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/纳入/, '新增'],
  // 「各省自己建的」 is how a reader says 省级 (provincial-level, as opposed to the national ones).
  [/各省(?:份)?自己|省里自己|各省(?:份)?各自/, '省级'],
  // An approximate count (「大概要建几个」) is written 「120个左右」; 「大概什么时候」 is not a count.
  [/(?:大概|大约|差不多)(?=[^，。？?]{0,4}(?:几|多少))/, '左右'],
  [/出钱/, '出资'],
  [/多花钱|花钱|多花/, '负担'],
  [/全部建好|全部建成|建好|建成/, '建设 完成'],
  // A bare 建 (要建, 建起来), not one inside a corpus word (共建, 新建, 建议, 建立).
  [/(?<![共新扩组筹创修重])建(?![设议立])|盖/, '建设'],
  [/卫健委/, '卫生健康委'],
  [/发改委/, '发展改革委'],
  [/扎堆/, '集中'],
  [/从哪里来|哪来|从哪儿来/, '来源'],
  [/搞/, '开展'],
  [/钱/, '资金'],
  [/看病/, '就医'],
  [/开起来|开业|开张/, '落地 运营'],
];

/** The text with the article's words added: what is searched, so the embedding still sees the question's own wording. */
function withSynonyms(text: string): string {
  const extra = SYNONYMS.filter(([pattern]) => pattern.test(text)).map(([, word]) => word);
  return extra.length > 0 ? `${text} ${extra.join(' ')}` : text;
}

/** The text with each everyday word replaced by the article's word, in table order. */
function toFormal(text: string): string {
  return SYNONYMS.reduce((formal, [pattern, word]) => formal.replace(new RegExp(pattern.source, 'g'), ` ${word} `), text);
}
