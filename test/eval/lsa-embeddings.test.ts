import { describe, expect, it } from 'vitest';
import { LsaEmbeddings } from '../../src/eval/lsa-embeddings.js';

// Two topics. 比例 and 门诊 are never in one passage, but keep the same company (医保, 报销, 住院); 降价 keeps another.
const PASSAGES = [
  ['医保', '报销', '比例'],
  ['医保', '报销', '门诊'],
  ['医保', '比例', '住院'],
  ['报销', '门诊', '住院'],
  ['集采', '药品', '降价'],
  ['集采', '药品', '中选'],
  ['集采', '降价', '耗材'],
  ['药品', '中选', '耗材'],
];

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

async function vectorsOf(lsa: LsaEmbeddings, ...words: string[][]): Promise<number[][]> {
  return lsa.embedPassages(words.map((w) => ({ text: w.join(''), words: w })));
}

describe('LsaEmbeddings', () => {
  it('puts words that keep the same company close, though no passage holds both', async () => {
    const lsa = new LsaEmbeddings(PASSAGES, 2);
    const [ratio, outpatient, priceCut] = await vectorsOf(lsa, ['比例'], ['门诊'], ['降价']);
    expect(cosine(ratio!, outpatient!)).toBeGreaterThan(0.9);
    expect(Math.abs(cosine(ratio!, priceCut!))).toBeLessThan(0.1);
  });

  it('gives unit vectors, the same on every fit, and a valid one for a text of unknown words', async () => {
    const [first] = await vectorsOf(new LsaEmbeddings(PASSAGES, 2), ['医保', '门诊']);
    const [again] = await vectorsOf(new LsaEmbeddings(PASSAGES, 2), ['医保', '门诊']);
    expect(again).toEqual(first);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 10);
    const [unknown] = await vectorsOf(new LsaEmbeddings(PASSAGES, 2), ['天气']);
    expect(unknown).toEqual([1, 0]);
    expect(new LsaEmbeddings(PASSAGES, 2).identity).toEqual({ provider: 'local', model: 'lsa-2' });
  });

  it('gives a small corpus no more dimensions than it has words and passages, and none a clear error', async () => {
    const lsa = new LsaEmbeddings(PASSAGES, 128);
    expect(lsa.dimensions).toBe(8);
    const [vector] = await vectorsOf(lsa, ['医保']);
    expect(vector).toHaveLength(8);
    expect(() => new LsaEmbeddings([['医保'], ['集采']], 2)).toThrow(/words that occur in 2 passages or more/);
  });
});
