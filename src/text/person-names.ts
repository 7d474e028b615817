import { findCities, findProvinces } from './gazetteer.js';
import { readWordList } from './lexicon.js';
import { tagWords } from './tokenize.js';

let surnames: ReadonlySet<string> | undefined;

/**
 * Whether a word reads as a Chinese personal name: two or three Han characters opening with a surname
 * (lexicon/surnames.txt), not ending as an outlet's name does (网, 报, 社, 台, 刊), not a place (张家口 opens with a
 * surname too) and not a word jieba's dictionary knows as something else (文件 opens with the surname 文).
 */
export function looksLikePersonalName(word: string): boolean {
  surnames ??= new Set(readWordList('surnames.txt'));
  return (
    /^\p{sc=Han}{2,3}$/u.test(word) &&
    surnames.has(word[0]!) &&
    !/[网报社台刊]$/.test(word) &&
    findCities(word).length === 0 &&
    findProvinces(word).length === 0 &&
    !isOtherWord(word)
  );
}

/** One word in jieba's dictionary with a part of speech other than a person's name (nr…) or unknown (x). */
function isOtherWord(word: string): boolean {
  const tagged = tagWords(word);
  return tagged.length === 1 && !/^(nr|x)/.test(tagged[0]!.tag);
}
