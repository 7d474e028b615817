// @ts-check
// The thread behind GraphBuilder (graph-builder.ts): grows an HNSW graph from the vectors it is sent, then
// writes it. Plain JavaScript because Node 20 does not carry tsx's loader into worker threads.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

/** @type {{ m: number; efConstruction: number }} */
const { m, efConstruction } = workerData;
// The same random seed as before the build moved here, so a corpus always gives the same graph.
const RANDOM_SEED = 100;
// Doubled as points come: the count is not known when the worker starts.
let capacity = 1024;
// Made on the first vectors, whose length is the graph's dimension count: the worker starts before any exist.
/** @type {import('hnswlib-node').HierarchicalNSW | null} */
let graph = null;
let dimensions = 0;

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
port.on('message', async (/** @type {{ type: 'add'; labels: Uint32Array; vectors: Float32Array } | { type: 'write'; path: string } | { type: 'close' }} */ message) => {
  // Ending by itself, once hnswlib is loaded and idle: terminating a thread inside the addon aborts the process.
  if (message.type === 'close') {
    port.close();
    return;
  }
  try {
    if (message.type === 'add') {
      if (!graph) {
        dimensions = message.vectors.length / message.labels.length;
        graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
        graph.initIndex(capacity, m, efConstruction, RANDOM_SEED);
      }
      const count = graph.getCurrentCount();
      if (count + message.labels.length > capacity) {
        capacity = Math.max(2 * capacity, count + message.labels.length);
        graph.resizeIndex(capacity);
      }
      for (let i = 0; i < message.labels.length; i++) {
        graph.addPoint(Array.from(message.vectors.subarray(i * dimensions, (i + 1) * dimensions)), /** @type {number} */ (message.labels[i]));
      }
    } else {
      if (!graph) throw new Error('no vectors were added');
      // The saved file records the capacity, and loading allocates it: trim the doubling's slack first.
      if (capacity > graph.getCurrentCount()) {
        capacity = Math.max(1, graph.getCurrentCount());
        graph.resizeIndex(capacity);
      }
      await graph.writeIndex(message.path);
      // hnswlib says nothing when it cannot open the file: check that it is there and not empty.
      if (statSync(message.path).size === 0) throw new Error(`${message.path} was written empty`);
      port.postMessage({ type: 'written', count: graph.getCurrentCount() });
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
