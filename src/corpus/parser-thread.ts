import { Worker } from 'node:worker_threads';
import { CorpusError } from '../errors.js';
import type { CorpusDocument } from './load.js';

/** A file that takes longer than this to parse is skipped: no article needs it, and a hostile one must not stall ingest. */
export const PARSE_BUDGET_MS = 20_000;

/** Turns a file's bytes into a document. @throws {CorpusError} when the file cannot be used. */
export interface DocumentParser {
  parse(file: string, bytes: Uint8Array, mtime: Date): Promise<CorpusDocument>;
  close(): Promise<void>;
}

type Reply = { ok: true; document: CorpusDocument } | { ok: false; reason: string };

/**
 * Parses documents on a worker thread, one at a time, each within a time budget: untrusted files are cleaned
 * off the thread that answers questions (the bot's /reindex), and one that runs over is skipped with its reason
 * (the worker is replaced). Call {@link close} when done.
 */
export class ParserThread implements DocumentParser {
  #worker: Worker | null;

  /** Starts the worker at once: it loads its modules while the caller lists and reads the folder. */
  constructor(private readonly budgetMs = PARSE_BUDGET_MS) {
    this.#worker = startWorker();
  }

  /** @throws {CorpusError} when the file cannot be used, or took longer than the budget. */
  parse(file: string, bytes: Uint8Array, mtime: Date): Promise<CorpusDocument> {
    const worker = (this.#worker ??= startWorker());
    return new Promise<CorpusDocument>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError);
      };
      const discard = () => {
        void worker.terminate();
        if (this.#worker === worker) this.#worker = null;
      };
      const timer = setTimeout(() => {
        settle();
        discard();
        reject(new CorpusError(file, `reading it took longer than ${this.budgetMs / 1000} s, so it was skipped; look for an enormous line or deeply nested markup`));
      }, this.budgetMs);
      const onMessage = (reply: Reply) => {
        settle();
        if (reply.ok) resolve(reply.document);
        else reject(new CorpusError(file, reply.reason));
      };
      const onError = (error: Error) => {
        settle();
        discard();
        reject(new CorpusError(file, `it could not be read (${error.message})`, { cause: error }));
      };
      worker.on('message', onMessage).on('error', onError);
      worker.postMessage({ file, bytes, mtime: mtime.getTime() });
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }
}

function startWorker(): Worker {
  // No inherited flags: the entry registers tsx itself, under the tsx CLI and under vitest alike.
  return new Worker(new URL('./parse-worker.js', import.meta.url), { execArgv: [] });
}
