import { idf as jiebaIdf } from '@node-rs/jieba/dict.js';

/**
 * How rare some words are in general Chinese: their inverse document frequency in jieba's `idf.txt` (the table
 * jieba's own TF-IDF keyword extraction uses, shipped with `@node-rs/jieba`), or the table's median for a word it
 * lacks, as jieba does. 医院 or 国家 weigh little, 胰岛素 or 医共体 much. The table (~270,000 lines) is read on each
 * call and only the words asked for are kept: the whole would hold about 70 MB for the life of the process.
 */
export function generalIdf(words: Iterable<string>): Map<string, number> {
  const wanted = new Set(words);
  const found = new Map<string, number>();
  const values: number[] = [];
  for (const line of Buffer.from(jiebaIdf).toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const value = Number(line.slice(space + 1));
    values.push(value);
    const word = line.slice(0, space);
    if (wanted.has(word)) found.set(word, value);
  }
  values.sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)] ?? 0;
  return new Map([...wanted].map((word) => [word, found.get(word) ?? median]));
}
