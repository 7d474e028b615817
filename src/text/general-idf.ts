import { idf as jiebaIdf } from '@node-rs/jieba/dict.js';

let table: { weights: ReadonlyMap<string, number>; median: number } | undefined;

/**
 * How rare a word is in general Chinese: its inverse document frequency in jieba's `idf.txt` (the table jieba's own
 * TF-IDF keyword extraction uses, shipped with `@node-rs/jieba`), or the table's median for a word it lacks, as
 * jieba does. 医院 or 国家 weigh little, 胰岛素 or 医共体 much. Loaded once (~270,000 lines).
 */
export function generalIdf(word: string): number {
  if (!table) {
    const weights = new Map<string, number>();
    for (const line of Buffer.from(jiebaIdf).toString('utf8').split('\n')) {
      const [entry, value] = line.trim().split(/\s+/);
      if (entry && value) weights.set(entry, Number(value));
    }
    const sorted = [...weights.values()].sort((a, b) => a - b);
    table = { weights, median: sorted[Math.floor(sorted.length / 2)] ?? 0 };
  }
  return table.weights.get(word) ?? table.median;
}
