// Worker thread for parser-thread.ts (loaded by parse-worker.js): parses one file's bytes at a time, off the thread
// that answers questions.
import { parentPort } from 'node:worker_threads';
import { CorpusError } from '../errors.js';
import { parseDocument } from './load.js';

parentPort!.on('message', ({ file, bytes, mtime }: { file: string; bytes: Uint8Array; mtime: number }) => {
  try {
    parentPort!.postMessage({ ok: true, document: parseDocument(file, bytes, new Date(mtime)) });
  } catch (error) {
    const reason = error instanceof CorpusError ? error.reason : `it could not be read (${error instanceof Error ? error.message : String(error)})`;
    parentPort!.postMessage({ ok: false, reason });
  }
});
