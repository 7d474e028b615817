import { mkdir, readFile, readdir, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError } from '../errors.js';
import { describeEmbedder, type CorpusEmbeddings } from '../embed/embedder.js';
import { CorpusIndex } from './corpus-index.js';
import { parseManifest, type Manifest } from './manifest.js';

// Layout of an index folder: CURRENT names the live generation; each generation is a folder of its own,
// written under a temporary name and renamed into place, so readers only ever see complete generations.
const CURRENT_FILE = 'CURRENT';
const LOCK_FILE = '.ingest.lock';
const MANIFEST_FILE = 'manifest.json';
const VECTORS_FOLDER = 'hnsw';
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
  await index.store.save(join(staging, VECTORS_FOLDER));
  await writeFileDurably(join(staging, MANIFEST_FILE), JSON.stringify(index.manifest, null, 2));
  await rename(staging, join(dir, generation));
  await writeFileDurably(join(dir, `${CURRENT_FILE}.tmp`), `${generation}\n`);
  await rename(join(dir, `${CURRENT_FILE}.tmp`), join(dir, CURRENT_FILE));
  await pruneGenerations(dir, generation);
}

async function writeFileDurably(path: string, content: string): Promise<void> {
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
  let store: HNSWLib;
  try {
    store = await HNSWLib.load(join(dir, generation, VECTORS_FOLDER), embeddings);
  } catch (error) {
    throw new IndexCorruptError(dir, `cannot read the vectors of ${generation}`, { cause: error });
  }
  if (store.args.numDimensions !== manifest.embedder.dimensions || store.index.getCurrentCount() !== manifest.chunkCount) {
    throw new IndexCorruptError(dir, `${generation} holds ${store.index.getCurrentCount()} vectors, its manifest says ${manifest.chunkCount}`);
  }
  return new CorpusIndex(manifest, store);
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
