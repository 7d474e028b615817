import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

// A worker asked to close that is still busy after this is terminated.
const CLOSE_DEADLINE_MS = 10_000;

/**
 * What shapes the graph: hnswlib's M and efConstruction. Its dimension count is the first vector's length, and
 * its capacity grows as points come.
 */
export interface GraphBuildSettings {
  m: number;
  efConstruction: number;
}

// Vectors travel to the worker in batches: one message per vector would cost more than the copy.
const BATCH = 64;

type WorkerReply = { type: 'written'; count: number } | { type: 'failed'; message: string };

/**
 * Builds an HNSW graph on a worker thread while ingest goes on reading, chunking and embedding on the main
 * one: adding points is most of an ingest's CPU time (the graph is hnswlib's, single-threaded), so on two
 * cores it overlaps the rest instead of following it. Points are added in the order given, so the same
 * vectors always give the same graph.
 */
export class GraphBuilder {
  readonly #worker: Worker;
  #dimensions = 0;
  #labels: number[] = [];
  #vectors = new Float32Array(0);
  #failure: Error | null = null;
  #replies: ((reply: WorkerReply) => void)[] = [];
  #exited = false;

  /** Starts the worker at once: it loads hnswlib while the caller reads and chunks. */
  constructor(settings: GraphBuildSettings) {
    // No inherited flags: under `node --import tsx` the worker would load tsx too (~100 ms), for a plain JS file.
    this.#worker = new Worker(new URL('./graph-worker.js', import.meta.url), { workerData: settings, execArgv: [] });
    this.#worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'failed') this.#failure ??= new Error(`building the HNSW graph failed: ${reply.message}`);
      this.#replies.shift()?.(reply);
    });
    this.#worker.on('error', (error) => {
      this.#failure ??= new Error(`building the HNSW graph failed: ${error.message}`, { cause: error });
    });
    // A worker that is gone answers nothing: whoever waits is told, and later writes fail at once.
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      this.#failure ??= new Error(`building the HNSW graph failed: its worker exited (code ${code})`);
      for (const reply of this.#replies.splice(0)) reply({ type: 'failed', message: this.#failure.message });
    });
  }

  /** Vector length, set by the first point added (0 before). */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Queues a point; it reaches the worker with its batch. The first point fixes the graph's dimension count. */
  add(label: number, vector: readonly number[]): void {
    if (this.#dimensions === 0) {
      this.#dimensions = vector.length;
      this.#vectors = new Float32Array(BATCH * vector.length);
    }
    if (vector.length !== this.#dimensions) throw new Error(`vector ${label} has ${vector.length} dimensions, the graph ${this.#dimensions}`);
    this.#vectors.set(vector, this.#labels.length * this.#dimensions);
    this.#labels.push(label);
    if (this.#labels.length === BATCH) this.#flush();
  }

  /**
   * Adds what is queued, waits for the worker to finish the graph, and writes it (hnswlib's format) to `path`.
   * @returns the number of points written.
   * @throws {Error} when the worker failed at any point.
   */
  async write(path: string): Promise<number> {
    if (this.#failure) throw this.#failure;
    this.#flush();
    const reply = await new Promise<WorkerReply>((resolve) => {
      this.#replies.push(resolve);
      this.#worker.postMessage({ type: 'write', path });
    });
    if (this.#failure) throw this.#failure;
    if (reply.type === 'failed') throw new Error(`building the HNSW graph failed: ${reply.message}`);
    return reply.count;
  }

  /** Stops the worker (after {@link write}, or to abandon the build). */
  /**
   * Stops the worker: asks it to end once idle (terminating it while hnswlib's native code runs, e.g. still loading
   * when an ingest fails at once, aborts the whole process), and terminates it only if it has not ended in time.
   */
  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = once(this.#worker, 'exit');
    this.#worker.postMessage({ type: 'close' });
    const deadline = setTimeout(() => void this.#worker.terminate(), CLOSE_DEADLINE_MS);
    await exited;
    clearTimeout(deadline);
  }

  #flush(): void {
    if (this.#labels.length === 0) return;
    const vectors = this.#vectors.slice(0, this.#labels.length * this.#dimensions);
    const labels = Uint32Array.from(this.#labels);
    this.#worker.postMessage({ type: 'add', labels, vectors }, [labels.buffer, vectors.buffer]);
    this.#labels = [];
  }
}
