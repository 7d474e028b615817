import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { PROVINCES } from './provinces.js';
import { UNIT_FILES } from './units.js';
import { lexiconHash, readWordList } from './lexicon.js';
import { normalizeForMatch } from './script.js';

/** Bumped when the code below (or the place names of provinces.ts it loads) changes what tokens a text yields. */
const TOKENIZER_VERSION = 'jieba-search+bigrams-2';

/** Marks a character-bigram token, keeping it apart from a two-character word (NFKC-normalised text never has it). */
const BIGRAM_MARK = '²';

let jieba: Jieba | undefined;
let functionWords: ReadonlySet<string> | undefined;
let questionWords: ReadonlySet<string> | undefined;

/** The shared segmenter, with reform terms and place names loaded so they are never split. Loaded once (~0.3 s). */
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const terms = [...readWordList('domain-terms.txt'), ...PROVINCES.flatMap((p) => [p.name, ...p.aliases.filter((a) => a.length > 1)])];
    jieba.loadDict(Buffer.from(terms.map((term) => `${term} 200000 n`).join('\n')));
  }
  return jieba;
}

export function isFunctionWord(word: string): boolean {
  functionWords ??= new Set(readWordList('function-words.txt'));
  return functionWords.has(word);
}

// 多少钱, 几月, 哪几个, 啥时候 are one word to jieba: an interrogative and the measure or noun it asks with. 几乎 (an
// adverb) and 哪怕 (a conjunction) only look like them: the dictionary tags those d and c.
const INTERROGATIVE_START = /^(多少|几|哪|啥|什么)/;
const NOT_INTERROGATIVE_TAGS = /^(d|c)$/;

/**
 * Whether a word only asks (谁, 多少, 哪些, 吗, and compounds opening with an interrogative: 多少钱, 几家): such words
 * are stripped from questions, never from articles.
 */
export function isQuestionWord(word: string): boolean {
  questionWords ??= new Set(readWordList('question-words.txt'));
  if (questionWords.has(word)) return true;
  // A dictionary lookup of one word: cheap, and a cache keyed by whatever users type would only grow.
  return INTERROGATIVE_START.test(word) && !NOT_INTERROGATIVE_TAGS.test(segmenter().tag(word, true)[0]?.tag ?? '');
}

/**
 * What the index's tokens and stored facts depend on: the manifest records it, and an index made by other rules is
 * rebuilt. The facts read the unit lists and the division list (the cities a passage names).
 */
export function analyzerVersion(): string {
  return `${TOKENIZER_VERSION}:${lexiconHash(TOKENIZER_VERSION, ['function-words.txt', 'domain-terms.txt', 'divisions.tsv', ...UNIT_FILES])}`;
}

const WORDLIKE = /[\p{L}\p{N}]/u;
const HAN_RUN = /\p{sc=Han}{2,}/gu;

/**
 * Splits text into words for matching: normalised (simplified, half-width, lower case), jieba search-mode words
 * (so 国家区域医疗中心 yields itself and 区域, 医疗, 中心), without punctuation and function words.
 * Deterministic: the same text always gives the same words.
 */
export function tokenize(text: string): string[] {
  return segmenter()
    .cutForSearch(normalizeForMatch(text), true)
    .map((token) => token.trim())
    .filter((token) => token !== '' && WORDLIKE.test(token) && !isFunctionWord(token));
}

/**
 * The character bigrams of a text's Chinese runs, as bigram tokens: a second channel beside words, which
 * matches where segmentation differs (村医 inside 乡村医生) or a word is split another way.
 */
export function bigramTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeForMatch(text).matchAll(HAN_RUN)) {
    const han = run[0];
    for (let i = 0; i + 1 < han.length; i++) out.push(BIGRAM_MARK + han.slice(i, i + 2));
  }
  return out;
}

/** Whether a token is a character bigram from {@link bigramTokens} rather than a word. */
export function isBigramToken(token: string): boolean {
  return token.startsWith(BIGRAM_MARK);
}

/** Everything indexed for a passage: its words, then its character bigrams. */
export function indexTokens(text: string): string[] {
  return [...tokenize(text), ...bigramTokens(text)];
}

/** A word with jieba's part-of-speech tag (n, v, ns, m, …). */
export interface TaggedWord {
  word: string;
  tag: string;
}

/** Part-of-speech tags (jieba's ICTCLAS set: n noun, v verb, r pronoun, …) of a text's words, normalised. */
export function tagWords(text: string): TaggedWord[] {
  return segmenter()
    .tag(normalizeForMatch(text), true)
    .filter(({ word }) => WORDLIKE.test(word));
}
