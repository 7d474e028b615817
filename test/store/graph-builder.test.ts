import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/store/graph-builder.js';
import { mulberry32 } from '../../src/bench/synthetic-corpus.js';
import { tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-graph');
afterAll(() => temp.cleanup());

const DIMENSIONS = 16;

function randomVectors(count: number, seed: number): number[][] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Array.from({ length: DIMENSIONS }, () => random() - 0.5));
}

async function readGraph(path: string): Promise<hnswlib.HierarchicalNSW> {
  const graph = new hnswlib.HierarchicalNSW('cosine', DIMENSIONS);
  await graph.readIndex(path);
  return graph;
}

describe('GraphBuilder', () => {
  it('builds on its worker a graph that finds each point as its own nearest neighbour, under the labels given', async () => {
    const vectors = randomVectors(1500, 1);
    // Past the worker's first capacity (1,024), and labels not in insertion order.
    const builder = new GraphBuilder({ m: 16, efConstruction: 100 });
    const labels = vectors.map((_, i) => vectors.length - 1 - i);
    try {
      vectors.forEach((vector, i) => builder.add(labels[i]!, vector));
      const path = join(await temp.make(), 'graph.index');
      expect(await builder.write(path)).toBe(1500);

      const graph = await readGraph(path);
      expect(graph.getCurrentCount()).toBe(1500);
      // The file holds no spare capacity for a loader to allocate.
      expect(graph.getMaxElements()).toBe(1500);
      graph.setEf(100);
      vectors.forEach((vector, i) => expect(graph.searchKnn(vector, 1).neighbors[0]).toBe(labels[i]));
    } finally {
      await builder.close();
    }
  });

  it('takes more points after a write (the write trims its spare capacity) and writes them all again', async () => {
    const builder = new GraphBuilder({ m: 8, efConstruction: 50 });
    try {
      const vectors = randomVectors(20, 6);
      vectors.slice(0, 10).forEach((vector, label) => builder.add(label, vector));
      const folder = await temp.make();
      expect(await builder.write(join(folder, 'first.index'))).toBe(10);
      vectors.slice(10).forEach((vector, i) => builder.add(10 + i, vector));
      expect(await builder.write(join(folder, 'second.index'))).toBe(20);
    } finally {
      await builder.close();
    }
  });

  it('writes the same graph, byte for byte, for the same points in the same order', async () => {
    const vectors = randomVectors(300, 2);
    const build = async (order: readonly number[]) => {
      const builder = new GraphBuilder({ m: 8, efConstruction: 50 });
      try {
        for (const label of order) builder.add(label, vectors[label]!);
        const path = join(await temp.make(), 'graph.index');
        await builder.write(path);
        return readFile(path);
      } finally {
        await builder.close();
      }
    };
    const inOrder = vectors.map((_, label) => label);
    const first = await build(inOrder);
    expect((await build(inOrder)).equals(first)).toBe(true);
    // The check can fail: another insertion order makes another graph.
    expect((await build([...inOrder].reverse())).equals(first)).toBe(false);
  });

  it('takes its dimension count from the first vector and refuses one of another length at once, naming it', async () => {
    const builder = new GraphBuilder({ m: 8, efConstruction: 50 });
    try {
      expect(builder.dimensions).toBe(0);
      builder.add(0, randomVectors(1, 5)[0]!);
      expect(builder.dimensions).toBe(DIMENSIONS);
      expect(() => builder.add(7, [1, 2, 3])).toThrow('vector 7 has 3 dimensions, the graph 16');
    } finally {
      await builder.close();
    }
  });

  it('reports a graph it cannot write as a failed build', async () => {
    const builder = new GraphBuilder({ m: 8, efConstruction: 50 });
    try {
      builder.add(0, randomVectors(1, 4)[0]!);
      await expect(builder.write(join(await temp.make(), 'no-such-folder', 'graph.index'))).rejects.toThrow('building the HNSW graph failed');
    } finally {
      await builder.close();
    }
  });

  it('fails a write after its worker is gone instead of waiting for it', async () => {
    const builder = new GraphBuilder({ m: 8, efConstruction: 50 });
    await builder.close();
    await expect(builder.write(join(await temp.make(), 'graph.index'))).rejects.toThrow('its worker exited');
  });
});
