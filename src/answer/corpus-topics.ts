import { documentsAnsweredFrom, type Manifest } from '../store/manifest.js';
import { generalIdf } from '../text/general-idf.js';
import { isFunctionWord, isQuestionWord, tagWords } from '../text/tokenize.js';

// Parts of speech a title's key term has: nouns, proper nouns other than places and people, verbal nouns,
// abbreviations (医保), set phrases and words jieba found outside its dictionary (x: 集采). Places (ns) say where,
// not what; people (nr) whom; Latin words (eng) come lower-cased from the tokenizer, the, of and drg alike.
const KEY_TERM_TAGS = /^(n|nz|nt|vn|j|l|x)$/;

/** The titles of the documents an index answers from ({@link documentsAnsweredFrom}). Pure. */
export function indexedTitles(documents: Manifest['documents']): string[] {
  return documentsAnsweredFrom(documents).map((d) => d.title);
}

/**
 * The key terms of a corpus's titles, best first: each word (two characters or more, of a key term's part of
 * speech) scored by log(1 + the titles using it) times its rarity in general Chinese ({@link generalIdf}) — jieba's
 * TF-IDF keyword extraction over the titles, the count damped so that a word in many titles (医院) does not outrank
 * every rarer one. A word inside one already taken (区域医疗中心 in 国家区域医疗中心), or holding one, is left out;
 * with ten titles or more, so is a word only one title uses. Deterministic: ties go to the word met first.
 */
export function corpusTopics(titles: readonly string[], count: number): string[] {
  const titlesUsing = new Map<string, number>();
  for (const title of titles) {
    const words = new Set(tagWords(title).filter((t) => KEY_TERM_TAGS.test(t.tag) && isKeyTermWord(t.word)).map((t) => t.word));
    for (const word of words) titlesUsing.set(word, (titlesUsing.get(word) ?? 0) + 1);
  }
  const least = titles.length >= 10 ? 2 : 1;
  const shared = [...titlesUsing].filter(([, used]) => used >= least);
  const rarity = generalIdf(shared.map(([word]) => word));
  const ranked = shared.map(([word, used]) => ({ word, score: Math.log1p(used) * rarity.get(word)! })).sort((a, b) => b.score - a.score);
  const topics: string[] = [];
  for (const { word } of ranked) {
    if (topics.length === count) break;
    if (!topics.some((taken) => taken.includes(word) || word.includes(taken))) topics.push(word);
  }
  return topics;
}

/** 「标题关键词有A、B等」: how a reply names the key terms (a refusal, /help, the chat's help); empty for none. */
export function keyTermsPhrase(terms: readonly string[]): string {
  return terms.length > 0 ? `标题关键词有${terms.join('、')}等` : '';
}

function isKeyTermWord(word: string): boolean {
  return [...word].length >= 2 && !/\d/.test(word) && !isFunctionWord(word) && !isQuestionWord(word);
}
