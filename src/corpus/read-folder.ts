import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CorpusError } from '../errors.js';
import { contentHash, CORPUS_EXTENSIONS, parseDocument, type CorpusDocument } from './load.js';
import { PARSE_BUDGET_MS, ParserThread, type DocumentParser } from './parser-thread.js';

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

interface ListedFile {
  file: string;
  path: string;
  /** A symbolic link: listed so that it is reported, never followed (it may point out of the folder). */
  link: boolean;
}

/** The corpus files under `dir` (recursively, sorted, relative paths with `/`), hidden files and node_modules excluded. */
async function listFiles(dir: string): Promise<ListedFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new CorpusError(dir, 'the docs folder cannot be read; check DOCS_DIR or --docs', { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { file: relative(dir, path).split(sep).join('/'), path, link: entry.isSymbolicLink() };
    })
    .filter(({ file }) => !file.split('/').some(isIgnoredFolderOrFile) && file !== 'README.md')
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** Hidden files and folders, and installed packages (`--docs .` in a project folder), are never articles. */
function isIgnoredFolderOrFile(part: string): boolean {
  return part.startsWith('.') || part === 'node_modules';
}

function isCorpusFile(file: string): boolean {
  return CORPUS_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));
}

/** A listed file as read: a corpus file's bytes, or why it was not read. */
type FileRead =
  | { file: string; kind: 'other' }
  | { file: string; kind: 'unusable'; reason: string }
  | { file: string; kind: 'too-big'; size: number }
  | { file: string; kind: 'read'; bytes: Buffer; mtime: Date };

// Files read ahead of the one being parsed: each read waits on a few thread-pool round trips (open, stat, read,
// close), which one at a time left ingest idle most of the time on a small corpus.
const READ_AHEAD = 16;

async function readListed({ file, path, link }: ListedFile): Promise<FileRead> {
  if (!isCorpusFile(file)) return { file, kind: 'other' };
  if (link) return { file, kind: 'unusable', reason: 'a symbolic link; links are not followed (copy the article into the docs folder)' };
  try {
    const info = await stat(path);
    if (info.size > MAX_DOCUMENT_BYTES) return { file, kind: 'too-big', size: info.size };
    return { file, kind: 'read', bytes: await readFile(path), mtime: info.mtime };
  } catch (error) {
    return { file, kind: 'unusable', reason: unreadableReason(error) };
  }
}

/** Why a listed file could not be read, in words a maintainer can act on. */
function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read (permission denied); make it readable by the bot';
  if (code === 'ENOENT') return 'the file disappeared while the folder was being read';
  if (code === 'EISDIR') return 'not a file';
  return `the file cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** The corpus files under `dir` read in listing order, up to {@link READ_AHEAD} at a time. */
async function* readFolderFiles(dir: string): AsyncGenerator<FileRead> {
  const listed = await listFiles(dir);
  // readListed never rejects (a file it cannot read is a value saying why), so reads started early never go unhandled.
  const reads: (Promise<FileRead> | undefined)[] = [];
  const start = (i: number) => {
    if (i < listed.length) reads[i] = readListed(listed[i]!);
  };
  for (let i = 0; i < READ_AHEAD; i++) start(i);
  for (let i = 0; i < listed.length; i++) {
    const read = await reads[i]!;
    // Let the bytes go once parsed: the window holds READ_AHEAD files, not the whole folder.
    reads[i] = undefined;
    start(i + READ_AHEAD);
    yield read;
  }
}

/** Parsing on the calling thread. */
const IN_PROCESS: DocumentParser = {
  parse: async (file, bytes, mtime) => parseDocument(file, bytes, mtime),
  close: async () => undefined,
};

/**
 * Reads and parses every corpus file under `dir`. A file that cannot be used is reported in `skipped` with its
 * reason; it never stops the others. With `onWorker` (a process that answers while it ingests: the bot's
 * /reindex), files are parsed on a worker thread, each within `onWorker.budgetMs` (default
 * {@link PARSE_BUDGET_MS}), so cleaning untrusted text never blocks answering; otherwise on this thread, which
 * spares the worker's start-up (a third of a second, most of a small ingest).
 * @throws {CorpusError} only when the folder itself cannot be read.
 */
export async function readCorpusFolder(dir: string, options: { onWorker?: { budgetMs?: number } } = {}): Promise<CorpusScan> {
  const scan: CorpusScan = { documents: [], skipped: [] };
  const parser: DocumentParser = options.onWorker ? new ParserThread(options.onWorker.budgetMs) : IN_PROCESS;
  try {
    await readInto(scan, dir, parser);
  } finally {
    await parser.close();
  }
  return scan;
}

async function readInto(scan: CorpusScan, dir: string, parser: DocumentParser): Promise<void> {
  for await (const read of readFolderFiles(dir)) {
    if (read.kind === 'other') {
      scan.skipped.push({ file: read.file, reason: `not a corpus file type (use ${CORPUS_EXTENSIONS.join(', ')})` });
    } else if (read.kind === 'unusable') {
      scan.skipped.push({ file: read.file, reason: read.reason });
    } else if (read.kind === 'too-big') {
      scan.skipped.push({ file: read.file, reason: `the file is ${(read.size / 1048576).toFixed(1)} MB; articles over ${MAX_DOCUMENT_BYTES / 1048576} MB are not indexed` });
    } else {
      try {
        scan.documents.push(await parser.parse(read.file, read.bytes, read.mtime));
      } catch (error) {
        if (!(error instanceof CorpusError)) throw error;
        scan.skipped.push({ file: read.file, reason: error.reason, hash: contentHash(read.bytes) });
      }
    }
  }
}

/** sha256 of each corpus file's bytes, without parsing: the cheap staleness check before answering. */
export async function hashCorpusFolder(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for await (const read of readFolderFiles(dir)) if (read.kind === 'read') hashes.set(read.file, contentHash(read.bytes));
  return hashes;
}
