import { readFile, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { CorpusError } from '../errors.js';
import { CORPUS_EXTENSIONS, parseDocument, type CorpusDocument } from './load.js';

/** Larger files are not news articles (a dump, a log, a mistake) and would stall ingest. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** A corpus file that was not used, and why, in words a maintainer can act on. */
export interface SkippedFile {
  file: string;
  reason: string;
  /** sha256 of the bytes when they were read: a fixed file is then noticed as a change. */
  hash?: string;
}

export interface CorpusScan {
  documents: CorpusDocument[];
  skipped: SkippedFile[];
}

/** The corpus files under `dir` (recursively, sorted, relative paths with `/`), hidden files excluded. */
async function listFiles(dir: string): Promise<{ file: string; path: string }[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new CorpusError(dir, 'the docs folder cannot be read; check DOCS_DIR or --docs', { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { file: relative(dir, path).split(sep).join('/'), path };
    })
    .filter(({ file }) => !file.split('/').some((part) => part.startsWith('.')) && file !== 'README.md')
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

function isCorpusFile(file: string): boolean {
  return CORPUS_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));
}

/**
 * Reads and parses every corpus file under `dir`. A file that cannot be used is reported in `skipped` with its
 * reason; it never stops the others.
 * @throws {CorpusError} only when the folder itself cannot be read.
 */
export async function readCorpusFolder(dir: string): Promise<CorpusScan> {
  const scan: CorpusScan = { documents: [], skipped: [] };
  for (const { file, path } of await listFiles(dir)) {
    if (!isCorpusFile(file)) {
      scan.skipped.push({ file, reason: `not a corpus file type (use ${CORPUS_EXTENSIONS.join(', ')})` });
      continue;
    }
    const info = await stat(path);
    if (info.size > MAX_DOCUMENT_BYTES) {
      scan.skipped.push({ file, reason: `the file is ${(info.size / 1048576).toFixed(1)} MB; articles over ${MAX_DOCUMENT_BYTES / 1048576} MB are not indexed` });
      continue;
    }
    const bytes = await readFile(path);
    try {
      scan.documents.push(parseDocument(file, bytes, info.mtime));
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      scan.skipped.push({ file, reason: error.reason, hash: sha256(bytes) });
    }
  }
  return scan;
}

/** sha256 of each corpus file's bytes, without parsing: the cheap staleness check before answering. */
export async function hashCorpusFolder(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const { file, path } of await listFiles(dir)) {
    if (!isCorpusFile(file)) continue;
    const info = await stat(path);
    if (info.size > MAX_DOCUMENT_BYTES) continue;
    hashes.set(file, sha256(await readFile(path)));
  }
  return hashes;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
