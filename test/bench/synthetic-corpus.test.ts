import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSentencePool, generateSyntheticArticles, mulberry32, varySentence, writeSyntheticCorpus } from '../../src/bench/synthetic-corpus.js';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { readCorpusFolder } from '../../src/corpus/read-folder.js';
import { CHUNK_MAX_CHARS } from '../../src/store/ingest.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

const pool = buildSentencePool((await readCorpusFolder(SEEDS_DIR)).documents);

describe('synthetic corpus', () => {
  it('draws real sentences from the seeds', () => {
    expect(pool.sentences.length).toBeGreaterThan(50);
    expect(pool.titles.length).toBe(5);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateSyntheticArticles(pool, { targetChunks: 300, seed: 1 });
    const b = generateSyntheticArticles(pool, { targetChunks: 300, seed: 1 });
    const c = generateSyntheticArticles(pool, { targetChunks: 300, seed: 2 });
    expect(b).toEqual(a);
    expect(c.map((x) => x.content)).not.toEqual(a.map((x) => x.content));
    expect(mulberry32(9)()).toBe(mulberry32(9)());
  });

  it('varies numbers and places but keeps the sentence shape', () => {
    const random = mulberry32(3);
    const varied = varySentence('2022年，浙江省共有26个国家区域医疗中心，占比63.1%。', random);
    expect(varied).toMatch(/^\d{4}年，\p{sc=Han}+共有\d{2}个国家区域医疗中心，占比\d{2}\.\d%。$/u);
    expect(Number(varied.slice(0, 4))).toBeGreaterThanOrEqual(2012);
  });

  it('yields roughly the requested chunk count, as the real chunker counts them', () => {
    for (const target of [200, 1500]) {
      const articles = generateSyntheticArticles(pool, { targetChunks: target, seed: 5 });
      const claimed = articles.reduce((sum, a) => sum + a.chunks, 0);
      expect(Math.abs(claimed - target)).toBeLessThanOrEqual(target * 0.02 + 5);
    }
  });

  it('writes parseable articles plus the seeds, close to the target once ingested-style chunked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yigai-synth-'));
    try {
      const corpus = await writeSyntheticCorpus(SEEDS_DIR, dir, 400, 11);
      const scan = await readCorpusFolder(dir);
      expect(scan.skipped).toEqual([]);
      expect(scan.documents.length).toBe(corpus.files);
      const chunks = scan.documents.reduce((sum, doc) => sum + chunkDocument(doc, { maxChars: CHUNK_MAX_CHARS }).length, 0);
      expect(Math.abs(chunks - 400)).toBeLessThanOrEqual(400 * 0.05);
      expect(await readdir(dir)).toContain('000_6106a63dfdc2f049.txt');
      expect(scan.documents.find((d) => d.file.startsWith('synthetic/'))?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
