import { findCities, findProvinces } from './gazetteer.js';
import { readWordList } from './lexicon.js';
import { tagWords } from './tokenize.js';

let surnames: ReadonlySet<string> | undefined;

/**
 * Whether a word has the shape of a Chinese personal name: two or three Han characters opening with a surname
 * (lexicon/surnames.txt), not ending as an outlet's name does (网, 报, 社, 台, 刊). Enough to tell a byline from an
 * outlet; in running text see {@link looksLikePersonalName}.
 */
export function hasNameShape(word: string): boolean {
  surnames ??= new Set(readWordList('surnames.txt'));
  return /^\p{sc=Han}{2,3}$/u.test(word) && surnames.has(word[0]!) && !/[网报社台刊]$/.test(word);
}

// How an organisation's name or a document's ends (卫健委, 医保局, 白皮书): what no personal name before 表示 does.
const ORGANISATION_END = /[委局部办厅署会司处院书]$/u;

/**
 * Whether a word of running text reads as a personal name: it has the shape of one, is no place (张家口 opens with a
 * surname too; 王海东 holds the city 海东 without being it), no organisation (卫健委) and no word jieba's dictionary
 * knows as something else (文件 opens with the surname 文).
 */
export function looksLikePersonalName(word: string): boolean {
  return (
    hasNameShape(word) &&
    ![...findCities(word), ...findProvinces(word)].some((place) => word.startsWith(place)) &&
    !ORGANISATION_END.test(word) &&
    !isOtherWord(word)
  );
}

/** One word in jieba's dictionary with a part of speech other than a person's name (nr…), a place (ns: 钟南山) or unknown (x). */
function isOtherWord(word: string): boolean {
  const tagged = tagWords(word);
  return tagged.length === 1 && !/^(nr|ns|x)/.test(tagged[0]!.tag);
}
