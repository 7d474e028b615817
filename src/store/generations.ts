import { mkdir, readFile, readdir, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError, IndexUnwritableError } from '../errors.js';
import { describeEmbedder, type CorpusEmbeddings } from '../embed/embedder.js';
import { buildBm25FromIds, type Bm25Index } from './bm25.js';
import { tokenize } from '../text/tokenize.js';
import { CorpusIndex, type IndexedChunk } from './corpus-index.js';
import { parseManifest, type Manifest } from './manifest.js';

// Layout of an index folder: CURRENT names the live generation; each generation is a folder of its own,
// written under a temporary name and renamed into place, so readers only ever see complete generations.
const CURRENT_FILE = 'CURRENT';
const LOCK_FILE = '.ingest.lock';
const MANIFEST_FILE = 'manifest.json';
const VECTORS_FOLDER = 'hnsw';
// Inside the vectors folder: the HNSW graph (hnswlib's own format), LangChain's args.json, and the chunks in a
// packed form that loads without parsing them: chunks.json is a JSON array with one chunk record per line
// (no document fields, those are in the manifest; no tokens), vocabulary.json the token strings, and
// tokens.bin little-endian uint32s: chunkCount + 1 byte offsets of the records in chunks.json (the last is
// the file's length), chunkCount + 1 offsets into the token ids, then the ids. A chunk is parsed when first
// read, so loading 100k chunks costs reading three files. This replaces LangChain's docstore.json, whose
// per-chunk JSON took 25 s to load at 100k chunks (see bench/). labels.bin holds little-endian uint32s, one per
// chunk: the HNSW label of its vector (chunks with the same text share one; see CorpusIndex).
const GRAPH_FILE = 'hnswlib.index';
const ARGS_FILE = 'args.json';
const CHUNKS_FILE = 'chunks.json';
const VOCABULARY_FILE = 'vocabulary.json';
const TOKENS_FILE = 'tokens.bin';
const LABELS_FILE = 'labels.bin';
// Every record in chunks.json is followed by two bytes: ",\n", or "]\n" after the last.
const RECORD_SEPARATOR_BYTES = 2;
const GENERATION_PATTERN = /^g-[0-9a-z-]+$/;
// The previous generation stays beside the live one: a reader that opened it mid-swap can finish.
const GENERATIONS_KEPT = 2;

/** Creates a generation id that sorts by time: g-20261124t120000123-ab12. */
export function newGenerationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').replace('Z', '').toLowerCase();
  return `g-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** What a generation holds besides its graph: the manifest, the chunks in position order and their vector labels. */
export interface GenerationContent {
  manifest: Manifest;
  chunks: readonly IndexedChunk[];
  vectorLabels: Uint32Array;
}

/**
 * Writes an index generation atomically: into `<dir>/<generation>.tmp`, renamed to `<dir>/<generation>`, then
 * CURRENT is replaced by rename. A crash at any point leaves the previous generation live and loadable.
 * @param writeGraph writes the HNSW graph (hnswlib's format) to the path given and resolves to its point count,
 * which must be the manifest's vectorCount; it runs while the chunk files are packed and written, so a graph
 * still being built on a worker thread finishes meanwhile.
 */
export async function saveGeneration(dir: string, content: GenerationContent, writeGraph: (path: string) => Promise<number>): Promise<void> {
  const { manifest } = content;
  const staging = join(dir, `${manifest.generation}.tmp`);
  const vectors = join(staging, VECTORS_FOLDER);
  await mkdir(vectors, { recursive: true });
  // Settled into a value at once, so a failed graph is never an unhandled rejection while the files are written.
  const graphWritten = writeGraph(join(vectors, GRAPH_FILE)).then(
    (count) => ({ count }),
    (error: unknown) => ({ error }),
  );
  try {
    await writeFileDurably(join(vectors, ARGS_FILE), JSON.stringify({ space: 'cosine', numDimensions: manifest.embedder.dimensions }));
    const packed = packChunks(content.chunks);
    await writeFileDurably(join(vectors, CHUNKS_FILE), packed.records);
    await writeFileDurably(join(vectors, VOCABULARY_FILE), packed.vocabulary);
    await writeFileDurably(join(vectors, TOKENS_FILE), packed.tokens);
    await writeFileDurably(join(vectors, LABELS_FILE), littleEndianBytes(content.vectorLabels));
    await writeFileDurably(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  } catch (error) {
    // The graph's own outcome no longer matters; waiting for it keeps the worker from writing into a folder
    // the next ingest removes.
    await graphWritten;
    throw error;
  }
  const graph = await graphWritten;
  if ('error' in graph) throw graph.error;
  if (graph.count !== manifest.vectorCount) throw new Error(`the HNSW graph holds ${graph.count} vectors, the manifest says ${manifest.vectorCount}; nothing was switched`);
  await rename(staging, join(dir, manifest.generation));
  await writeFileDurably(join(dir, `${CURRENT_FILE}.tmp`), `${manifest.generation}\n`);
  await rename(join(dir, `${CURRENT_FILE}.tmp`), join(dir, CURRENT_FILE));
  await pruneGenerations(dir, manifest.generation);
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
  const folder = join(dir, generation, VECTORS_FOLDER);
  const damaged = (error: unknown) => new IndexCorruptError(dir, `cannot read the vectors of ${generation}`, { cause: error });
  // Reading the graph is most of a load, and hnswlib does it on a worker thread: it starts first, and the
  // manifest is checked, the chunk files read and BM25 built meanwhile. Its failure is reported after the
  // manifest's, so a generation built by another embedder is a mismatch, not damage.
  const graphRead = readGraph(folder).then(
    (graph) => ({ graph }),
    (error: unknown) => ({ error }),
  );
  const manifest = await readManifest(dir, generation);
  const built = describeEmbedder(manifest.embedder);
  const configured = describeEmbedder(embeddings.identity);
  if (built !== configured) throw new IndexMismatchError(built, configured);
  let unpacked: ReturnType<typeof unpackChunks>;
  let vectorLabels: Uint32Array;
  try {
    const [records, vocabulary, tokens, labels] = await Promise.all([
      readFile(join(folder, CHUNKS_FILE)),
      readFile(join(folder, VOCABULARY_FILE), 'utf8'),
      readFile(join(folder, TOKENS_FILE)),
      readFile(join(folder, LABELS_FILE)),
    ]);
    unpacked = unpackChunks(manifest, records, JSON.parse(vocabulary) as string[], tokens);
    vectorLabels = unpackVectorLabels(manifest, labels);
  } catch (error) {
    throw damaged(error);
  }
  // Questions are segmented by jieba, whose dictionary loads on first use (~0.2 s): load it while the graph
  // is still being read rather than during the first answer.
  tokenize('');
  const read = await graphRead;
  if ('error' in read) throw damaged(read.error);
  const { graph, dimensions } = read.graph;
  if (dimensions !== manifest.embedder.dimensions || graph.getCurrentCount() !== manifest.vectorCount) {
    throw new IndexCorruptError(dir, `${generation} holds ${graph.getCurrentCount()} vectors of ${dimensions} dimensions, its manifest says ${manifest.vectorCount} of ${manifest.embedder.dimensions}`);
  }
  return new CorpusIndex(manifest, graph, unpacked.chunks, vectorLabels, embeddings, unpacked.bm25);
}

/** Reads the HNSW graph and its dimension count (LangChain's args.json). */
async function readGraph(folder: string): Promise<{ graph: hnswlib.HierarchicalNSW; dimensions: number }> {
  const args = JSON.parse(await readFile(join(folder, ARGS_FILE), 'utf8')) as { numDimensions: number };
  const graph = new hnswlib.HierarchicalNSW('cosine', args.numDimensions);
  await graph.readIndex(join(folder, GRAPH_FILE));
  return { graph, dimensions: args.numDimensions };
}

/** A chunk record in chunks.json: the chunk without its document's fields (in the manifest) and tokens (in tokens.bin). */
type PackedChunk = Omit<IndexedChunk, 'title' | 'publisher' | 'date' | 'url' | 'tokens'>;

/** Packs chunks for saving: chunks.json, vocabulary.json and tokens.bin as described at the top of this file. */
export function packChunks(chunks: readonly IndexedChunk[]): { records: Uint8Array; vocabulary: string; tokens: Uint8Array } {
  const vocabulary: string[] = [];
  const tokenIds = new Map<string, number>();
  const recordStarts = new Uint32Array(chunks.length + 1);
  const tokenOffsets = new Uint32Array(chunks.length + 1);
  let idCount = 0;
  for (const chunk of chunks) idCount += chunk.tokens.length;
  const ids = new Uint32Array(idCount);
  let at = 0;
  const records = chunks.map((chunk, position) => {
    tokenOffsets[position] = at;
    for (const token of chunk.tokens) {
      let id = tokenIds.get(token);
      if (id === undefined) tokenIds.set(token, (id = vocabulary.push(token) - 1));
      ids[at++] = id;
    }
    const { title: _t, publisher: _p, date: _d, url: _u, tokens: _k, ...own } = chunk;
    return JSON.stringify(own satisfies PackedChunk);
  });
  // Encoded straight into one buffer sized for the worst case (3 UTF-8 bytes per UTF-16 unit), which gives each
  // record's offset as it is written: no separate byte-length pass and no 100 MB intermediate string.
  let capacity = 3;
  for (const record of records) capacity += 3 * record.length + RECORD_SEPARATOR_BYTES;
  const buffer = Buffer.allocUnsafe(capacity);
  let bytes = buffer.write('[');
  records.forEach((record, position) => {
    recordStarts[position] = bytes;
    bytes += buffer.write(record, bytes);
    if (position < records.length - 1) bytes += buffer.write(',\n', bytes);
  });
  bytes += buffer.write(']\n', bytes);
  const file = buffer.subarray(0, bytes);
  if (file.length > 0xffffffff) throw new Error(`${CHUNKS_FILE} would exceed the 4 GiB its uint32 offsets can address`);
  recordStarts[chunks.length] = file.length;
  tokenOffsets[chunks.length] = at;
  const tokens = new Uint8Array(recordStarts.byteLength + tokenOffsets.byteLength + ids.byteLength);
  tokens.set(new Uint8Array(recordStarts.buffer), 0);
  tokens.set(new Uint8Array(tokenOffsets.buffer), recordStarts.byteLength);
  tokens.set(new Uint8Array(ids.buffer), recordStarts.byteLength + tokenOffsets.byteLength);
  return { records: file, vocabulary: JSON.stringify(vocabulary), tokens };
}

/**
 * Unpacks the chunk files of a generation with `manifest`: the chunks as a read-only array whose elements are
 * parsed on first access (a question reads a few dozen of 100k), and the BM25 index built from the token ids.
 * @throws {Error} when the files disagree with each other or with the manifest (e.g. one was cut short).
 */
export function unpackChunks(
  manifest: Manifest,
  records: Uint8Array,
  vocabulary: readonly string[],
  tokenBytes: Uint8Array,
): { chunks: readonly IndexedChunk[]; bm25: Bm25Index } {
  const n = manifest.chunkCount;
  const words = uint32sOf(tokenBytes);
  if (words.length < 2 * (n + 1)) throw new Error(`${TOKENS_FILE} is too short for ${n} chunks`);
  const recordStarts = words.subarray(0, n + 1);
  const tokenOffsets = words.subarray(n + 1, 2 * (n + 1));
  const ids = words.subarray(2 * (n + 1));
  if (recordStarts[n] !== records.length) throw new Error(`${CHUNKS_FILE} holds ${records.length} bytes, ${TOKENS_FILE} says ${recordStarts[n]}`);
  if (tokenOffsets[n] !== ids.length) throw new Error(`${TOKENS_FILE} holds ${ids.length} token ids, its offsets say ${tokenOffsets[n]}`);
  const documents = new Map(manifest.documents.map((d) => [d.file, d]));
  const text = Buffer.from(records.buffer, records.byteOffset, records.byteLength);
  const chunks = lazyArray(n, (position): IndexedChunk => {
    const own = JSON.parse(text.toString('utf8', recordStarts[position]!, recordStarts[position + 1]! - RECORD_SEPARATOR_BYTES)) as PackedChunk;
    const document = documents.get(own.file);
    if (!document) throw new Error(`${CHUNKS_FILE} has a chunk of ${own.file}, which the manifest does not list`);
    const tokens: string[] = [];
    for (let i = tokenOffsets[position]!; i < tokenOffsets[position + 1]!; i++) tokens.push(vocabulary[ids[i]!]!);
    return {
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
      tokens,
      twins: own.twins,
    };
  });
  return { chunks, bm25: buildBm25FromIds(vocabulary, ids, tokenOffsets) };
}

/**
 * Little-endian bytes as Uint32s: a view when the bytes are 4-byte aligned (a Uint32Array needs it), else a copy.
 * The inverse of {@link littleEndianBytes}.
 */
function uint32sOf(bytes: Uint8Array): Uint32Array {
  return bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    : new Uint32Array(new Uint8Array(bytes).buffer);
}

/** Uint32s as little-endian bytes (every platform Node ships on is little-endian, so this is a view). */
function littleEndianBytes(values: Uint32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Reads labels.bin: one vector label per chunk, each below the manifest's vector count.
 * @throws {Error} when its length or a label disagrees with the manifest.
 */
function unpackVectorLabels(manifest: Manifest, bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength !== 4 * manifest.chunkCount) throw new Error(`${LABELS_FILE} holds ${bytes.byteLength} bytes, ${manifest.chunkCount} chunks need ${4 * manifest.chunkCount}`);
  const labels = uint32sOf(bytes);
  const outside = labels.findIndex((label) => label >= manifest.vectorCount);
  if (outside !== -1) throw new Error(`${LABELS_FILE} gives chunk ${outside} vector ${labels[outside]}, the manifest has ${manifest.vectorCount} vectors`);
  return labels;
}

/**
 * A read-only array of `length` elements, each made by `decode(position)` when first read and kept. Callers
 * index, iterate and `.filter` it like any array; nothing is decoded up front.
 */
function lazyArray<T extends object>(length: number, decode: (position: number) => T): readonly T[] {
  const positionOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const position = Number(key);
    return Number.isInteger(position) && position >= 0 && position < length && String(position) === key ? position : -1;
  };
  return new Proxy(new Array<T>(length), {
    get(decoded, key, receiver) {
      const position = positionOf(key);
      return position === -1 ? Reflect.get(decoded, key, receiver) : (decoded[position] ??= decode(position));
    },
    // Array methods skip positions they think are holes; every position has an element.
    has: (decoded, key) => positionOf(key) !== -1 || Reflect.has(decoded, key),
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

/**
 * Runs `work` holding the index folder's ingest lock, so two ingests cannot interleave. A lock left by a
 * process that no longer runs is taken over.
 * @throws {IndexLockedError} when a live process holds the lock.
 */
export async function withIngestLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  await writable(dir, () => mkdir(dir, { recursive: true }));
  const lockPath = join(dir, LOCK_FILE);
  const claim = async () => writeFile(lockPath, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
  try {
    await writable(dir, claim);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = await readLockHolder(lockPath);
    if (holder && isProcessAlive(holder.pid)) throw new IndexLockedError(lockPath, `pid ${holder.pid} since ${holder.since}`);
    await rm(lockPath, { force: true });
    await writable(dir, claim);
  }
  try {
    return await writable(dir, work);
  } finally {
    await rm(lockPath, { force: true });
  }
}

// Errors that say the index folder cannot be written, whatever the file: reported as one named error.
const UNWRITABLE: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file stands where a folder is needed',
  ENOSPC: 'the disk is full',
};

/** Runs a write into the index folder, turning "cannot write here" errors into {@link IndexUnwritableError}. */
async function writable<T>(dir: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code in UNWRITABLE) throw new IndexUnwritableError(dir, UNWRITABLE[code]!, { cause: error });
    // mkdir of a path that is a file.
    if (code === 'EEXIST' && (error as NodeJS.ErrnoException).syscall === 'mkdir') throw new IndexUnwritableError(dir, 'it is a file, not a folder', { cause: error });
    throw error;
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
