import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, type CorpusDocument } from '../../src/corpus/load.js';

/** The project's five real, messy seed articles. */
export const SEEDS_DIR = join(import.meta.dirname, '..', '..', 'seeds');
/** Small files the tests need (written by hand, not generated). */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/** Seed file names, sorted: 000_….txt to 004_….txt. */
export async function seedFiles(): Promise<string[]> {
  return (await readdir(SEEDS_DIR)).filter((name) => name.endsWith('.txt')).sort();
}

/** The seed file whose name starts with `prefix` ('000' … '004'). */
export async function seedFile(prefix: string): Promise<string> {
  const file = (await seedFiles()).find((name) => name.startsWith(`${prefix}_`));
  if (!file) throw new Error(`no seed ${prefix}_* in ${SEEDS_DIR}`);
  return file;
}

/** Parses one seed as ingest would (relative file name = identity). */
export async function loadSeed(prefix: string): Promise<CorpusDocument> {
  const file = await seedFile(prefix);
  return parseDocument(file, await readFile(join(SEEDS_DIR, file)));
}

/** Parses every seed, keyed by its three-digit prefix. */
export async function loadSeeds(): Promise<Map<string, CorpusDocument>> {
  const docs = new Map<string, CorpusDocument>();
  for (const file of await seedFiles()) docs.set(file.slice(0, 3), parseDocument(file, await readFile(join(SEEDS_DIR, file))));
  return docs;
}

/** Copies the seeds into `dir`. */
export async function copySeedsTo(dir: string): Promise<void> {
  for (const file of await seedFiles()) await copyFile(join(SEEDS_DIR, file), join(dir, file));
}

/** A fixture file's text. */
export function readFixture(name: string): Promise<string> {
  return readFile(join(FIXTURES_DIR, name), 'utf8');
}

/**
 * Temporary folders under the OS temp dir, removed together by `cleanup()` (call it from `afterAll`).
 */
export function tempFolders(prefix: string): { make: () => Promise<string>; cleanup: () => Promise<void> } {
  const made: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
      made.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
