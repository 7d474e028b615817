import { numbersIn } from '../corpus/facts.js';
import { citiesOf, findCities, findLocalities, findProvinces, findProvincesInEnglish } from '../text/gazetteer.js';
import { englishGlosses, isEnglish } from '../text/english.js';
import { readTable } from '../text/lexicon.js';
import { ORDINAL_SPELLINGS, ordinalsIn } from '../text/ordinals.js';
import { isTraditional, toSimplified } from '../text/script.js';
import { bigramTokens, isFunctionWord, isQuestionWord, tagWords, tokenize, type TaggedWord } from '../text/tokenize.js';
import { asksSpan, figuresAsked, figuresStated, kindOf, unitAsked, type QuestionKind } from './question-kind.js';

export type { QuestionKind } from './question-kind.js';

/** A question made ready for retrieval and for judging evidence. */
export interface AnalyzedQuestion {
  original: string;
  script: 'simplified' | 'traditional' | 'english';
  /** Simplified Chinese text searched for: CC-CEDICT's words for English, the previous question for follow-ups. */
  searchText: string;
  /** What a follow-up to this question inherits: its own search text, with the conversation it leaned on. */
  carriedText: string;
  kind: QuestionKind;
  /** Content words of the question itself (question words stripped): what evidence should contain. */
  focusWords: string[];
  /** Content words inherited from the conversation, for follow-ups; they weigh less. */
  contextWords: string[];
  /** The focus words that are nouns (jieba's n, nr, ns, nt, nz, vn…): what the question is about. */
  nounWords: string[];
  /**
   * The focus words jieba tags as names (people, places, organisations, other proper nouns: 湘雅, 阜外, 长兴县):
   * what the question is about, which no paraphrase replaces; an article that answers it names them. None for English.
   */
  names: string[];
  /** Character-bigram tokens of the question's own content, and of the inherited context. */
  focusBigrams: string[];
  contextBigrams: string[];
  /** The noun the question asks about (the role in 「…的X长是谁」, the thing counted in 「多少个X」), or null. */
  headNoun: string | null;
  /**
   * The words next to the question word (预算 in 「预算是多少」, 竣工 in 「哪一年竣工」, 床位 in 「多少张床位」): the
   * aspect of the subject that is asked about, which the answering sentence names. Empty for English.
   */
  askedWords: string[];
  /**
   * Words that stand for one another, each list one word of the question: the Chinese glosses of one English word
   * (药, 药品, 药物 for 「drug」). Evidence holding one of them holds that word. Empty for Chinese.
   */
  termGroups: string[][];
  /** Terms the question puts in quotes (“三不”): named expressions the evidence should contain verbatim. */
  quoted: string[];
  /** Four-digit years the question names (its own, or inherited when it names none). */
  years: string[];
  /** Of those, the years it asks about as of their end or over their whole (2023年底, 2023年全年, end of 2023). */
  yearsToTheirEnd: string[];
  /** Ordinals it names: 第五批, 第八轮 (its own, or inherited when it names none). */
  ordinals: string[];
  /** Provinces and cities it names (canonical names); when it asks for the cities of a province, also those listed for it. */
  places: string[];
  /** The listed cities of a province whose cities it asks for (in `places` too): searched for, not named by it. */
  provinceCities: string[];
  /** The counting unit asked for (多少家 → 家), or null. */
  unit: string | null;
  /** It asks how long (「多长时间」), not when: the answer is a span of time. */
  asksSpan: boolean;
  /** How many figures it asks for (「甲有多少、乙有多少」: 2), from 1 to 3. */
  figuresAsked: number;
  /** The figures it states in a unit (6个, 8级, 5个月): the answer's sentence should state them too. */
  statedFigures: string[];
  /** Every number it states, as numbersIn reads them (1,200 → 1200): a figure an answer adds is none of these. */
  statedNumbers: string[];
  isFollowUp: boolean;
  /**
   * A follow-up naming nothing but other places (「那江苏呢？」): it asks the previous question about those places, which
   * an answer must then name. Empty otherwise.
   */
  swappedPlaces: string[];
  /** Files the previous answer of the conversation cited: a follow-up usually asks about the same article. */
  previousFiles: string[];
}

// What a follow-up inherits is the end of the previous search text (its own question last): bounded, so a chain of
// long follow-ups does not grow each search, and each stored turn, without limit.
const MAX_CONTEXT_CHARS = 300;
const ASKS_CITIES = /城市|哪些市|哪个市|地市|which cit/i;
// A follow-up leans on the previous turn: short, or opening with a pointer back to it.
const FOLLOW_UP_START = /^(那|那么|这|这个|这些|其中|它|他|她|他们|它们|此|该|另外|还有|and\b|what about|how about)/i;
const FOLLOW_UP_END = /(呢|吗)[?？]?$/;
const YEAR = /(?:19|20)\d{2}(?=年|\b)/g;

let synonyms: ReadonlyArray<readonly [string, string]> | undefined;

/** Standard abbreviations and their full forms (lexicon/synonyms.tsv): searched beside the word the user wrote. */
function synonymTable(): ReadonlyArray<readonly [string, string]> {
  synonyms ??= readTable('synonyms.tsv').map(([word, also]) => [word!, also!] as const);
  return synonyms;
}

/**
 * The text with the other form of each abbreviation it uses added, so either wording finds the articles. An
 * abbreviation counts where it is a word of the text or ends one (国家卫健委), never where its characters straddle
 * two words: 家医 is not in 这家医院 nor in 国家医学中心.
 */
function withSynonyms(text: string): string {
  const words = tokenize(text);
  const extra = synonymTable()
    .filter(([abbreviation]) => words.some((word) => word.endsWith(abbreviation)))
    .map(([, also]) => also);
  return extra.length > 0 ? `${text} ${extra.join(' ')}` : text;
}

/** The question's own content words: its tokens without the words that only ask (谁, 多少, 吗). */
function ownWords(text: string): string[] {
  return [...new Set(tokenize(text).filter((word) => !isQuestionWord(word)))];
}

/** Bigrams of the question's content: its tagged words with the question words blanked out first. */
function ownBigrams(tagged: readonly TaggedWord[]): string[] {
  const words = tagged.map(({ word }) => (isQuestionWord(word) ? ' ' : word));
  return [...new Set(bigramTokens(words.join('')))];
}

/**
 * What question analysis reads of an earlier turn of the conversation: a follow-up inherits its question (as it
 * was searched) and usually asks about the articles it cited. The answer's own `Turn` carries more.
 */
export interface EarlierQuestion {
  question: string;
  /** The retrieval form the question took, when known. */
  searchedAs?: string;
  /** The files the answer cited. */
  citedFiles?: string[];
}

/**
 * Reads a question in the context of the conversation. Pure (apart from loading the word lists once).
 * @param history earlier turns of the same conversation, oldest first.
 */
export function analyzeQuestion(question: string, history: readonly EarlierQuestion[] = [], options: { followUp?: boolean } = {}): AnalyzedQuestion {
  // Invisible format characters (zero-width spaces and joiners, bidi marks) pasted inside words split them apart;
  // terminal escapes (ESC[31m) and other control characters are no part of what is asked.
  const original = question
    .replace(/\p{Cf}/gu, '')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' ')
    .replace(/\p{Cc}/gu, ' ')
    .trim();
  // Markup pasted with a question (<b>…</b>, &amp;) is not what it asks about.
  const plain = original.replace(/<\/?[a-z][^<>]*>|&[a-z]+;|&/gi, ' ');
  const script = isEnglish(original) ? 'english' : isTraditional(original) ? 'traditional' : 'simplified';
  // Chinese with English terms mixed in (「国家区域医疗中心 national medical centre 多少个」) gains their Chinese form.
  const glosses = script === 'english' ? englishGlosses(plain) : /[a-z]{3,}/i.test(plain) ? englishGlosses(plain.replace(/\p{sc=Han}+/gu, ' ')) : [];
  const glossText = glosses.flat().join(' ');
  const ownChinese = glossText ? toSimplified(plain.replace(/[a-z][a-z' -]*[a-z]/gi, ' ')) : toSimplified(plain);
  const asked = script === 'english' ? glossText : glossText ? `${ownChinese} ${glossText}` : ownChinese;
  const previous = history.at(-1);
  // What the previous turn searched: the text a follow-up inherits, and the year a relative one (次年) counts from.
  const previousText = previous ? (previous.searchedAs ?? toSimplified(previous.question)) : '';
  const own = withSynonyms(withRelativeYearResolved(asked, previousText));
  const bare = original.replace(/[\s\p{P}]/gu, '');
  const focusWords = ownWords(own);
  // A question with at most one word of its own to search by (「计划用多长时间建成？」) cannot stand alone.
  const thin = focusWords.filter((word) => word.length >= 2).length <= 1;
  const isFollowUp =
    previous !== undefined &&
    (options.followUp === true || thin || FOLLOW_UP_START.test(bare) || FOLLOW_UP_END.test(original) || bare.length <= 8);
  const years = yearsNamed(own);
  const ordinals = ordinalsIn(own, { phases: false });
  // Tagged once: the places, the bigrams, the nouns and the head noun all read the question's own words.
  const ownTagged = tagWords(own);
  // An English question's places are the provinces it names in English: the glosses of its other words name places
  // of their own (「China」 → 唐山, 「township」 → 潮州镇).
  const provinces = script === 'english' ? findProvincesInEnglish(plain) : findProvinces(own);
  const places = script === 'english' ? provinces : [...new Set([...provinces, ...findCities(own), ...findLocalities(ownTagged.map((t) => t.word))])];
  // What the follow-up inherits, less what it replaces: a follow-up naming another province asks about that one only.
  const context = isFollowUp ? inheritedText(previousText, { years, ordinals, places }).slice(-MAX_CONTEXT_CHARS) : '';
  const contextWords = ownWords(context).filter((word) => !focusWords.includes(word));
  const focusBigrams = ownBigrams(ownTagged);
  const contextBigrams = ownBigrams(tagWords(context)).filter((bigram) => !focusBigrams.includes(bigram));
  const ownKind = kindOf(original) ?? kindOf(own);
  // A follow-up that asks nothing of its own (「那第九批呢？」) asks what the previous question asked, in its unit.
  const inheritsAsking = ownKind === null && isFollowUp && previous !== undefined;
  const kind = ownKind ?? (inheritsAsking ? (kindOf(previous.question) ?? 'other') : 'other');
  // A question for the cities of a province: articles name the cities (石家庄, 保定) without it, so search for them too.
  const asksCities = kind === 'places' && (ASKS_CITIES.test(own) || ASKS_CITIES.test(original));
  const provinceCities = asksCities ? provinces.flatMap((province) => citiesOf(province)) : [];
  const carriedText = context ? `${context} ${own}` : own;
  const inherited = (mine: string[], found: (text: string) => string[]) => (mine.length > 0 ? mine : found(context));
  const askedYears = inherited(years, yearsNamed);
  // Years asked as of their end; a follow-up that says nothing of a year's end asks as the turn before did (read
  // from its own words: an English turn's carried text is glosses, without 「end of」). A goal for a year's end is told
  // by a plan made before it, so a deadline question has none.
  const ownToTheirEnd = yearsToTheirEnd(`${own} ${original}`);
  const asEndBefore = isFollowUp && yearsToTheirEnd(`${context} ${previous.question}`).length > 0;
  return {
    original,
    script,
    searchText: provinceCities.length > 0 ? `${carriedText} ${provinceCities.join(' ')}` : carriedText,
    carriedText,
    kind,
    focusWords,
    contextWords,
    nounWords: nounsOf(ownTagged, focusWords),
    // Glosses of English words are no names: 「Sir」 gives 老爹 and 「procured」 拉皮条, which jieba tags as names. An
    // English question's names are its English ones, which no article spells; a mixed one's are in its Chinese.
    names:
      script === 'english'
        ? []
        : [...new Set((glossText ? tagWords(withSynonyms(ownChinese)) : ownTagged).filter((t) => PROPER_NAME_TAGS.test(t.tag) && t.word.length >= 2 && !isQuestionWord(t.word)).map((t) => t.word))],
    focusBigrams,
    contextBigrams,
    headNoun: script === 'english' ? null : headNounOf(ownTagged),
    askedWords: script === 'english' ? [] : askedWordsOf(own),
    termGroups: glosses.map((alternatives) => ownWords(alternatives.join(' '))).filter((words) => words.length > 1),
    quoted: [...asked.matchAll(/[“"「『]([^”"」』]{1,12})[”"」』]/g)].map((m) => m[1]!),
    years: askedYears,
    yearsToTheirEnd: kind === 'deadline' ? [] : ownToTheirEnd.length > 0 ? ownToTheirEnd : asEndBefore ? askedYears : [],
    ordinals: inherited(ordinals, (text) => ordinalsIn(text, { phases: false })),
    places: [...new Set([...(places.length > 0 ? places : findProvinces(context)), ...provinceCities])],
    provinceCities,
    unit: unitAsked(own) ?? (inheritsAsking ? unitAsked(toSimplified(previous.question)) : null),
    asksSpan: asksSpan(own) || asksSpan(original),
    figuresAsked: figuresAsked(original),
    statedFigures: figuresStated(original),
    statedNumbers: numbersIn(original),
    isFollowUp,
    swappedPlaces: isFollowUp && places.length > 0 && focusWords.every((w) => w.length < 2 || places.some((p) => p.includes(w) || w.includes(p))) ? places : [],
    previousFiles: isFollowUp ? (previous.citedFiles ?? []) : [],
  };
}

let relativeYears: ReadonlyArray<readonly [string, number]> | undefined;

/** Words for a year counted from another, with the offset (lexicon/relative-years.tsv), longest first. */
function relativeYearWords(): ReadonlyArray<readonly [string, number]> {
  relativeYears ??= readTable('relative-years.tsv')
    .map(([word, offset]) => [word!, Number(offset)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  return relativeYears;
}

/**
 * The question with a year relative to the previous question's (「次年呢？」 after a question about 2023: 2024)
 * written as that year, when the previous question names exactly one year and this one names none.
 */
function withRelativeYearResolved(text: string, previousText: string): string {
  const relative = relativeYearWords().find(([word]) => text.includes(word));
  const previousYears = yearsNamed(previousText);
  if (relative === undefined || previousYears.length !== 1 || yearsNamed(text).length > 0) return text;
  const [word, offset] = relative;
  return text.replace(word, `${Number(previousYears[0]) + offset}年`);
}

/** The four-digit years a text names, each once. */
function yearsNamed(text: string): string[] {
  return [...new Set(text.match(YEAR) ?? [])];
}

// A year asked of as of its end or over its whole: 2023年底, 2023年年末, 2023年12月底, 2023年全年, 2023全年, end of 2023,
// year-end 2023, full-year 2023. Not 2023年底前 (by its end: a deadline).
const YEAR_TO_ITS_END =
  /((?:19|20)\d{2})\s*(?:年(?:年?[底末]|12月[底末])(?!前)|年?全年)|\b(?:end[- ]of|year[- ]end|full[- ]year)[- ]((?:19|20)\d{2})\b|\b((?:19|20)\d{2})[- ]year[- ]end\b/gi;

/** The years a text asks about as of their end or over their whole, each once. */
function yearsToTheirEnd(text: string): string[] {
  return [...new Set([...text.matchAll(YEAR_TO_ITS_END)].map((m) => (m[1] ?? m[2] ?? m[3])!))];
}

/**
 * The previous question's text without the years, ordinals and places that this one replaces with its own:
 * a follow-up naming 第八批 asks about 第八批 instead of 第七批, not as well.
 */
function inheritedText(previous: string, mine: { years: string[]; ordinals: string[]; places: string[] }): string {
  let text = previous;
  if (mine.years.length > 0) text = text.replace(YEAR, ' ').replace(/(?<=\s)年/g, ' ');
  if (mine.ordinals.length > 0) text = text.replace(ORDINAL_SPELLINGS, ' ');
  if (mine.places.length > 0) for (const place of [...findProvinces(text), ...findCities(text)]) text = text.replaceAll(place, ' ');
  return text;
}

// Named places, people and organisations say which subject is asked about, not which aspect of it.
const NAME_TAGS = /^(ns|nr|nt|nrt|nrfg)$/;
// The same, and other proper nouns (nz: 湘雅, 阜外): the names a question's subject goes by.
const PROPER_NAME_TAGS = /^(ns|nr|nt|nrt|nrfg|nz)$/;
// How many content words on each side of the question word count as what it asks about.
const ASKED_SPAN = 2;
// The tags of a one-character word that can name the aspect asked: verb, noun, adjective (投, 区, 高).
const ONE_CHARACTER_ASPECT_TAGS = /^[vna]$/;

/**
 * The content words nearest the first question word, up to {@link ASKED_SPAN} on each side within its clause,
 * skipping function words, figures and names. A one-character word counts when it is a verb, noun or adjective:
 * the aspect of 「床位要扩多少」 is 扩 (a sentence holding 扩容 or 扩建 answers it).
 */
function askedWordsOf(text: string): string[] {
  // Spaces are no clause boundary: markup stripped from a question leaves them inside its words.
  for (const clause of text.split(/[，,。？?！!；;：:、]+/)) {
    const tagged = tagWords(clause);
    const at = tagged.findIndex((t) => isQuestionWord(t.word));
    if (at === -1) continue;
    const isAspect = (t: TaggedWord) =>
      (t.word.length >= 2 || ONE_CHARACTER_ASPECT_TAGS.test(t.tag)) && !isQuestionWord(t.word) && !isFunctionWord(t.word) && !/\d/.test(t.word) && t.tag !== 'm' && !NAME_TAGS.test(t.tag);
    const before = tagged.slice(0, at).filter(isAspect).slice(-ASKED_SPAN);
    const after = tagged.slice(at + 1).filter(isAspect).slice(0, ASKED_SPAN);
    return [...new Set([...before, ...after].map((t) => t.word))];
  }
  return [];
}

const HEAD_TAGS = /^(n|nr|ns|nt|nz|nrt|j|eng)$/;
const NOUN_TAGS = /^(n|nr|ns|nt|nz|nrt|nrfg|vn|j|eng)$/;

/** The focus words jieba tags as nouns (a sub-word of a compound takes the compound's tag). */
function nounsOf(tagged: readonly TaggedWord[], words: readonly string[]): string[] {
  return words.filter((word) => {
    const tag = tagged.find((t) => t.word === word)?.tag ?? tagged.find((t) => t.word.includes(word))?.tag ?? '';
    return NOUN_TAGS.test(tag);
  });
}

/**
 * The last noun (two characters or more) before the first question word: what the question asks about
 * (the role in 「…的X长是谁」), or the noun right after it when it counts one (「多少个X」).
 */
function headNounOf(tagged: readonly TaggedWord[]): string | null {
  const asking = tagged.findIndex((t) => isQuestionWord(t.word));
  const before = asking === -1 ? tagged : tagged.slice(0, asking);
  const after = asking === -1 ? [] : tagged.slice(asking + 1);
  const isNoun = (t: TaggedWord) => t.word.length >= 2 && HEAD_TAGS.test(t.tag) && !/\d/.test(t.word) && !isQuestionWord(t.word);
  // 「多少个X」: the noun counted follows the question word.
  return after.find(isNoun)?.word ?? before.filter(isNoun).at(-1)?.word ?? null;
}
