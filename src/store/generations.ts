import { mkdir, readFile, readdir, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError } from '../errors.js';
import { describeEmbedder, type CorpusEmbeddings } from '../embed/embedder.js';
import { buildBm25FromIds } from '../retrieve/bm25.js';
import { CorpusIndex, wrapStore, type IndexedChunk } from './corpus-index.js';
import { parseManifest, type Manifest } from './manifest.js';

// Layout of an index folder: CURRENT names the live generation; each generation is a folder of its own,
// written under a temporary name and renamed into place, so readers only ever see complete generations.
const CURRENT_FILE = 'CURRENT';
const LOCK_FILE = '.ingest.lock';
const MANIFEST_FILE = 'manifest.json';
const VECTORS_FOLDER = 'hnsw';
// Inside the vectors folder: the HNSW graph (hnswlib's own format), LangChain's args.json, and the chunks in a
// packed form: chunks.json (chunk fields, document fields once per document, the token vocabulary) and
// tokens.bin (per-chunk token ids as little-endian uint32: chunkCount + 1 offsets, then the ids). The packed
// form replaces LangChain's docstore.json, whose per-chunk JSON took 25 s to load at 100k chunks (see bench/).
const GRAPH_FILE = 'hnswlib.index';
const ARGS_FILE = 'args.json';
const CHUNKS_FILE = 'chunks.json';
const TOKENS_FILE = 'tokens.bin';
const GENERATION_PATTERN = /^g-[0-9a-z-]+$/;
// The previous generation stays beside the live one: a reader that opened it mid-swap can finish.
const GENERATIONS_KEPT = 2;

/** Creates a generation id that sorts by time: g-20261124t120000123-ab12. */
export function newGenerationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').replace('Z', '').toLowerCase();
  return `g-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Writes an index generation atomically: into `<dir>/<generation>.tmp`, renamed to `<dir>/<generation>`, then
 * CURRENT is replaced by rename. A crash at any point leaves the previous generation live and loadable.
 */
export async function saveIndex(index: CorpusIndex, dir: string): Promise<void> {
  const generation = index.manifest.generation;
  const staging = join(dir, `${generation}.tmp`);
  await mkdir(staging, { recursive: true });
  const vectors = join(staging, VECTORS_FOLDER);
  await mkdir(vectors, { recursive: true });
  await index.store.index.writeIndex(join(vectors, GRAPH_FILE));
  await writeFileDurably(join(vectors, ARGS_FILE), JSON.stringify(index.store.args));
  const packed = packChunks(index.chunks);
  await writeFileDurably(join(vectors, CHUNKS_FILE), packed.json);
  await writeFileDurably(join(vectors, TOKENS_FILE), packed.tokens);
  await writeFileDurably(join(staging, MANIFEST_FILE), JSON.stringify(index.manifest, null, 2));
  await rename(staging, join(dir, generation));
  await writeFileDurably(join(dir, `${CURRENT_FILE}.tmp`), `${generation}\n`);
  await rename(join(dir, `${CURRENT_FILE}.tmp`), join(dir, CURRENT_FILE));
  await pruneGenerations(dir, generation);
}

async function writeFileDurably(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function pruneGenerations(dir: string, live: string): Promise<void> {
  const entries = await readdir(dir);
  const generations = entries.filter((name) => GENERATION_PATTERN.test(name)).sort().reverse();
  const keep = new Set([live, ...generations.filter((g) => g !== live).slice(0, GENERATIONS_KEPT - 1)]);
  const doomed = [
    ...generations.filter((g) => !keep.has(g)),
    // Staging folders left by a killed ingest; only one ingest runs at a time (the lock), so none is in use.
    ...entries.filter((name) => name.endsWith('.tmp') && name !== `${live}.tmp`),
  ];
  await Promise.all(doomed.map((name) => rm(join(dir, name), { recursive: true, force: true })));
}

/** The live generation's id, or null when the folder holds no index. */
export async function currentGeneration(dir: string): Promise<string | null> {
  try {
    return (await readFile(join(dir, CURRENT_FILE), 'utf8')).trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads and validates one generation's manifest. @throws {IndexCorruptError} */
export async function readManifest(dir: string, generation: string): Promise<Manifest> {
  const path = join(dir, generation, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new IndexCorruptError(dir, `cannot read ${generation}/${MANIFEST_FILE}`, { cause: error });
  }
  const parsed = parseManifest(raw);
  if (!parsed.ok) throw new IndexCorruptError(dir, parsed.problem);
  return parsed.manifest;
}

/** The live generation's manifest, or null when there is no index yet. */
export async function readCurrentManifest(dir: string): Promise<Manifest | null> {
  const generation = await currentGeneration(dir);
  return generation ? readManifest(dir, generation) : null;
}

export interface LoadedIndex {
  index: CorpusIndex;
  /** Set when the live generation was damaged and an older one was loaded instead. */
  fellBackFrom?: { generation: string; problem: string };
}

/**
 * Loads the live index generation for querying with `embeddings`.
 * If the live generation's files are damaged, the newest older generation that loads is used instead.
 * @throws {IndexMissingError} when there is no index; {IndexMismatchError} when another embedder built it;
 * {IndexCorruptError} when no generation loads.
 */
export async function loadIndex(dir: string, embeddings: CorpusEmbeddings): Promise<LoadedIndex> {
  const live = await currentGeneration(dir);
  if (!live) throw new IndexMissingError(dir);
  try {
    return { index: await loadGeneration(dir, live, embeddings) };
  } catch (error) {
    if (!(error instanceof IndexCorruptError)) throw error;
    const older = (await readdir(dir)).filter((name) => GENERATION_PATTERN.test(name) && name < live).sort().reverse();
    for (const generation of older) {
      try {
        return { index: await loadGeneration(dir, generation, embeddings), fellBackFrom: { generation: live, problem: error.message } };
      } catch {
        // Try the next older one; the error about the live generation is what gets reported.
      }
    }
    throw error;
  }
}

async function loadGeneration(dir: string, generation: string, embeddings: CorpusEmbeddings): Promise<CorpusIndex> {
  const manifest = await readManifest(dir, generation);
  const built = describeEmbedder(manifest.embedder);
  const configured = describeEmbedder(embeddings.identity);
  if (built !== configured) throw new IndexMismatchError(built, configured);
  const folder = join(dir, generation, VECTORS_FOLDER);
  let index: CorpusIndex;
  try {
    const args = JSON.parse(await readFile(join(folder, ARGS_FILE), 'utf8')) as { numDimensions: number };
    const graph = new hnswlib.HierarchicalNSW('cosine', args.numDimensions);
    const [json, tokens] = await Promise.all([
      readFile(join(folder, CHUNKS_FILE), 'utf8'),
      readFile(join(folder, TOKENS_FILE)),
      graph.readIndex(join(folder, GRAPH_FILE)),
    ]);
    const unpacked = unpackChunks(json, tokens);
    const store = wrapStore(graph, unpacked.chunks, args.numDimensions, embeddings);
    index = new CorpusIndex(manifest, store, unpacked.chunks, () => buildBm25FromIds(unpacked.vocabulary, unpacked.ids, unpacked.offsets));
  } catch (error) {
    throw new IndexCorruptError(dir, `cannot read the vectors of ${generation}`, { cause: error });
  }
  const { store } = index;
  if (store.args.numDimensions !== manifest.embedder.dimensions || store.index.getCurrentCount() !== manifest.chunkCount || index.chunks.length !== manifest.chunkCount) {
    throw new IndexCorruptError(dir, `${generation} holds ${store.index.getCurrentCount()} vectors, its manifest says ${manifest.chunkCount}`);
  }
  return index;
}

/** Document-level fields, stored once per document in chunks.json. */
type PackedDocument = Pick<IndexedChunk, 'title' | 'publisher' | 'date' | 'url'>;
/** A chunk in chunks.json: its own fields, its document's number, no tokens (those are in tokens.bin). */
type PackedChunk = Omit<IndexedChunk, 'title' | 'publisher' | 'date' | 'url' | 'tokens'> & { doc: number };

interface PackedFile {
  documents: PackedDocument[];
  vocabulary: string[];
  chunks: PackedChunk[];
}

/** Packs chunks for saving: JSON without per-chunk copies of document fields, and token ids in binary. */
export function packChunks(chunks: readonly IndexedChunk[]): { json: string; tokens: Uint8Array } {
  const documents: PackedDocument[] = [];
  const documentNumbers = new Map<string, number>();
  const vocabulary: string[] = [];
  const tokenIds = new Map<string, number>();
  const offsets = new Uint32Array(chunks.length + 1);
  let idCount = 0;
  for (const chunk of chunks) idCount += chunk.tokens.length;
  const ids = new Uint32Array(idCount);
  let at = 0;
  const packed = chunks.map((chunk, position): PackedChunk => {
    const docKey = JSON.stringify([chunk.file, chunk.title, chunk.publisher, chunk.date, chunk.url]);
    let doc = documentNumbers.get(docKey);
    if (doc === undefined) {
      documentNumbers.set(docKey, (doc = documents.length));
      documents.push({ title: chunk.title, publisher: chunk.publisher, date: chunk.date, url: chunk.url });
    }
    offsets[position] = at;
    for (const token of chunk.tokens) {
      let id = tokenIds.get(token);
      if (id === undefined) {
        tokenIds.set(token, (id = vocabulary.length));
        vocabulary.push(token);
      }
      ids[at++] = id;
    }
    const { title: _t, publisher: _p, date: _d, url: _u, tokens: _k, ...own } = chunk;
    return { ...own, doc };
  });
  offsets[chunks.length] = at;
  const tokens = new Uint8Array(offsets.byteLength + ids.byteLength);
  tokens.set(new Uint8Array(offsets.buffer), 0);
  tokens.set(new Uint8Array(ids.buffer), offsets.byteLength);
  const file: PackedFile = { documents, vocabulary, chunks: packed };
  return { json: JSON.stringify(file), tokens };
}

/**
 * Unpacks chunks.json and tokens.bin. Each chunk's `tokens` is decoded from the ids on first read (most chunks
 * are never reranked), so loading creates no per-token strings. @throws {Error} when the files disagree.
 */
export function unpackChunks(
  json: string,
  tokenBytes: Uint8Array,
): { chunks: IndexedChunk[]; vocabulary: string[]; ids: Uint32Array; offsets: Uint32Array } {
  const file = JSON.parse(json) as PackedFile;
  const n = file.chunks.length;
  // Copy so the Uint32 views are aligned whatever buffer the bytes came in.
  const words = new Uint32Array(new Uint8Array(tokenBytes).buffer);
  if (words.length < n + 1) throw new Error(`${TOKENS_FILE} is too short for ${n} chunks`);
  const offsets = words.subarray(0, n + 1);
  const ids = words.subarray(n + 1);
  if (offsets[n] !== ids.length) throw new Error(`${TOKENS_FILE} holds ${ids.length} token ids, its offsets say ${offsets[n]}`);
  const { vocabulary } = file;
  const chunks = file.chunks.map(({ doc, ...own }, position) => {
    const document = file.documents[doc]!;
    const chunk = {
      id: own.id,
      file: own.file,
      ordinal: own.ordinal,
      paragraph: own.paragraph,
      start: own.start,
      end: own.end,
      text: own.text,
      heading: own.heading,
      title: document.title,
      publisher: document.publisher,
      date: document.date,
      url: document.url,
      facts: own.facts,
      twins: own.twins,
    } as IndexedChunk;
    Object.defineProperty(chunk, 'tokens', {
      enumerable: true,
      configurable: true,
      get(this: IndexedChunk) {
        const tokens: string[] = [];
        for (let i = offsets[position]!; i < offsets[position + 1]!; i++) tokens.push(vocabulary[ids[i]!]!);
        Object.defineProperty(this, 'tokens', { value: tokens, enumerable: true, writable: true, configurable: true });
        return tokens;
      },
    });
    return chunk;
  });
  return { chunks, vocabulary, ids, offsets };
}

/**
 * Runs `work` holding the index folder's ingest lock, so two ingests cannot interleave. A lock left by a
 * process that no longer runs is taken over.
 * @throws {IndexLockedError} when a live process holds the lock.
 */
export async function withIngestLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  const claim = async () => writeFile(lockPath, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
  try {
    await claim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = await readLockHolder(lockPath);
    if (holder && isProcessAlive(holder.pid)) throw new IndexLockedError(lockPath, `pid ${holder.pid} since ${holder.since}`);
    await rm(lockPath, { force: true });
    await claim();
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function readLockHolder(path: string): Promise<{ pid: number; since: string } | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; since?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, since: String(parsed.since) } : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
