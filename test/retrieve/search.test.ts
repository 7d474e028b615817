import { describe, expect, it } from 'vitest';
import type { IndexedChunk } from '../../src/store/corpus-index.js';
import { diversify, fuseRanks, type Passage } from '../../src/retrieve/search.js';
import { buildBm25, searchBm25 } from '../../src/store/bm25.js';

function passage(id: string, score: number, twins: string[] = []): Passage {
  const [file] = id.split('#');
  const chunk = { id, file, text: id, twins } as unknown as IndexedChunk;
  return { chunk, position: 0, score, rank: 0, alsoIn: [] };
}

describe('fuseRanks (reciprocal rank fusion)', () => {
  it('rewards agreement between retrievers over a single first place', () => {
    const fused = fuseRanks([
      [{ position: 1, score: 9 }, { position: 2, score: 8 }],
      [{ position: 2, score: 0.9 }, { position: 3, score: 0.8 }],
    ]);
    expect(fused.map((h) => h.position)).toEqual([2, 1, 3]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
  });

  it('keeps a single list in its order and breaks ties by position', () => {
    expect(fuseRanks([[{ position: 5, score: 1 }]]).map((h) => h.position)).toEqual([5]);
    expect(fuseRanks([[{ position: 7, score: 1 }], [{ position: 3, score: 1 }]]).map((h) => h.position)).toEqual([3, 7]);
  });
});

describe('diversify', () => {
  it('folds a twin (found at ingest) into the first passage and lists its document', () => {
    const kept = diversify([passage('a.md#0', 3, ['b.md#4']), passage('b.md#4', 2, ['a.md#0']), passage('c.md#1', 1)], 5, 3);
    expect(kept.map((p) => p.chunk.id)).toEqual(['a.md#0', 'c.md#1']);
    expect(kept[0]!.alsoIn).toEqual(['b.md']);
  });

  it('lets one document fill at most perDocument slots, and returns at most k passages', () => {
    const ranked = ['a.md#0', 'a.md#1', 'a.md#2', 'b.md#0', 'c.md#0'].map((id, i) => passage(id, 10 - i));
    expect(diversify(ranked, 3, 2).map((p) => p.chunk.id)).toEqual(['a.md#0', 'a.md#1', 'b.md#0']);
  });

  it('does not change the passages it was given', () => {
    const first = passage('a.md#0', 3, ['b.md#0']);
    diversify([first, passage('b.md#0', 2, ['a.md#0'])], 5, 3);
    expect(first.alsoIn).toEqual([]);
  });
});

describe('BM25', () => {
  const index = buildBm25([
    ['国家区域医疗中心', '建设', '省份'],
    ['社区医院', '建设'],
    ['国家区域医疗中心', '国家区域医疗中心', '试点'],
  ]);

  it('ranks by rare shared terms, with term frequency saturating', () => {
    const hits = searchBm25(index, ['国家区域医疗中心', '试点'], 3);
    expect(hits.map((h) => h.position)).toEqual([2, 0]);
    expect(searchBm25(index, ['建设'], 3).map((h) => h.position).sort()).toEqual([0, 1]);
  });

  it("leaves out of a large corpus's search a term most passages hold, unless the query has nothing else", () => {
    const large = buildBm25(Array.from({ length: 24_000 }, (_, i) => (i % 1000 === 0 ? ['常见', '罕见'] : ['常见'])));
    const both = searchBm25(large, ['常见', '罕见'], 5);
    expect(both.map((h) => h.position)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(both[0]!.score).toBe(searchBm25(large, ['罕见'], 1)[0]!.score);
    expect(searchBm25(large, ['常见'], 3)).toHaveLength(3);
  });

  it('finds nothing for unknown terms and honours k', () => {
    expect(searchBm25(index, ['天气'], 3)).toEqual([]);
    expect(searchBm25(index, ['建设'], 1)).toHaveLength(1);
  });
});
