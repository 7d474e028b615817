/**
 * The packed chunk store (chunks.json + vocabulary.json + tokens.bin): a saved index loads with the same chunks
 * and the same BM25 ranking as the chunks it was built from, parses chunks only when read, and refuses files
 * that disagree with each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { buildBm25, searchBm25 } from '../../src/store/bm25.js';
import type { CorpusIndex, IndexedChunk } from '../../src/store/corpus-index.js';
import { loadIndex, packChunks, unpackChunks } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import { tokenize } from '../../src/text/tokenize.js';
import { SEEDS_DIR, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-packed');
let index: CorpusIndex;

beforeAll(async () => {
  const indexDir = await temp.make();
  const embeddings = new LocalEmbeddings();
  await ingest({ docsDir: SEEDS_DIR, indexDir, embeddings, full: true });
  index = (await loadIndex(indexDir, embeddings)).index;
});
afterAll(() => temp.cleanup());

const unpack = (packed: ReturnType<typeof packChunks>) =>
  unpackChunks(index.manifest, packed.records, JSON.parse(packed.vocabulary) as string[], packed.tokens);

describe('packChunks / unpackChunks', () => {
  it('round-trips every chunk field, tokens and document fields included', () => {
    const { chunks } = unpack(packChunks(index.chunks));
    expect(chunks).toHaveLength(index.chunks.length);
    chunks.forEach((chunk, position) => expect(chunk).toEqual(index.chunks[position]));
  });

  it('writes chunks.json as a JSON array, one chunk per line', () => {
    const text = Buffer.from(packChunks(index.chunks).records).toString('utf8');
    expect(JSON.parse(text)).toHaveLength(index.chunks.length);
    expect(text.trimEnd().split('\n')).toHaveLength(index.chunks.length);
  });

  it('builds a BM25 index that ranks like one built from the token strings', () => {
    const { bm25 } = unpack(packChunks(index.chunks));
    const fromTokens = buildBm25(index.chunks.map((chunk) => chunk.tokens));
    for (const question of ['国家医学中心有多少个', '三明医改经验', '县域医共体', '没有的词语xyz']) {
      expect(searchBm25(bm25, tokenize(question), 10)).toEqual(searchBm25(fromTokens, tokenize(question), 10));
    }
  });

  it('behaves as a read-only array: indexing, iteration, array methods; writes are refused', () => {
    const { chunks } = unpack(packChunks(index.chunks));
    expect(Array.isArray(chunks)).toBe(true);
    expect([...chunks].map((c) => c.id)).toEqual(index.chunks.map((c) => c.id));
    expect(chunks.filter((c) => c.file === index.chunks[0]!.file).length).toBeGreaterThan(0);
    expect(chunks[chunks.length]).toBeUndefined();
    expect(chunks[0]).toBe(chunks[0]);
    expect(() => ((chunks as IndexedChunk[])[0] = chunks[1]!)).toThrow(TypeError);
  });

  it('refuses a chunks.json cut short and a tokens.bin that does not match it', () => {
    const packed = packChunks(index.chunks);
    expect(() => unpack({ ...packed, records: packed.records.subarray(0, packed.records.length / 2) })).toThrow(/chunks\.json/);
    expect(() => unpack({ ...packed, tokens: packed.tokens.subarray(0, 8) })).toThrow(/tokens\.bin/);
  });
});
