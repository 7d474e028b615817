import { generalIdf } from '../text/general-idf.js';
import { isFunctionWord, isQuestionWord, tagWords } from '../text/tokenize.js';

// Parts of speech that name a topic: nouns, proper nouns other than places and people, verbal nouns, abbreviations
// (医保), set phrases and words jieba found outside its dictionary (x: 集采). Places (ns) say where, not what; people
// (nr) whom; Latin words (eng) come lower-cased from the tokenizer, the, of and drg alike.
const TOPIC_TAGS = /^(n|nz|nt|vn|j|l|x)$/;

/**
 * The words that say what a corpus is about, from its articles' titles: each word (two characters or more, of a
 * topic's part of speech) scored by the share of titles using it times its rarity in general Chinese
 * ({@link generalIdf}) — jieba's TF-IDF keyword extraction over the titles as one text — best first. A word inside
 * one already taken (区域医疗中心 in 国家区域医疗中心), or holding one, is left out; with ten titles or more, so is a
 * word only one title uses. Deterministic: ties go to the word met first. Pure but for the tables it reads.
 */
export function corpusTopics(titles: readonly string[], count: number): string[] {
  const titlesUsing = new Map<string, number>();
  for (const title of titles) {
    const words = new Set(tagWords(title).filter((t) => TOPIC_TAGS.test(t.tag) && isTopicWord(t.word)).map((t) => t.word));
    for (const word of words) titlesUsing.set(word, (titlesUsing.get(word) ?? 0) + 1);
  }
  const least = titles.length >= 10 ? 2 : 1;
  const ranked = [...titlesUsing]
    .filter(([, used]) => used >= least)
    .map(([word, used]) => ({ word, score: Math.log1p(used) * generalIdf(word) }))
    .sort((a, b) => b.score - a.score);
  const topics: string[] = [];
  for (const { word } of ranked) {
    if (topics.length === count) break;
    if (!topics.some((taken) => taken.includes(word) || word.includes(taken))) topics.push(word);
  }
  return topics;
}

function isTopicWord(word: string): boolean {
  return [...word].length >= 2 && !/\d/.test(word) && !isFunctionWord(word) && !isQuestionWord(word);
}
