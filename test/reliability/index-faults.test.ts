/**
 * A damaged or missing index: loadIndex falls back to the previous generation when the live one is
 * damaged (and the answerer, and the bot, keep answering), says to re-ingest when none loads, and
 * says the index is missing when there is none.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { IndexCorruptError, IndexMissingError } from '../../src/errors.js';
import { currentGeneration, loadIndex } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import { LiveIndex } from '../../src/store/live-index.js';
import { SEEDS_DIR, tempFolders } from '../helpers/corpus.js';
import { captureLogs, startRealBot } from '../helpers/real-bot.js';
import { createUser, startEmulator, type Emulator } from '../helpers/telegram-emulator.js';
import { onlyReply } from './replies.js';

const PORT = 19455;
const TOKEN = '7455:reliability-index-faults';
const QUESTION = '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？';
const FIGURE = '5亿元';
const REINGEST = /npm run ingest -- --full/;

const embeddings = new LocalEmbeddings();
const folders = tempFolders('reliability-index');
let emu: Emulator;

/** Ingests the seeds `generations` times (full rebuilds a day apart): the newest is live. */
async function indexWith(generations: number): Promise<{ dir: string; ids: string[] }> {
  const dir = await folders.make();
  const ids: string[] = [];
  for (let day = 1; day <= generations; day++) {
    const report = await ingest({ docsDir: SEEDS_DIR, indexDir: dir, embeddings, full: true, now: () => new Date(Date.UTC(2026, 0, day)) });
    ids.push(report.generation!);
  }
  expect(await currentGeneration(dir)).toBe(ids.at(-1));
  return { dir, ids };
}

const vectorsOf = (dir: string, generation: string) => join(dir, generation, 'hnsw');

type Damage = (dir: string, generation: string) => Promise<void>;

/** Cuts a file of the generation's vectors folder to half its length. */
const cutInHalf =
  (file: string): Damage =>
  async (dir, g) => {
    const path = join(vectorsOf(dir, g), file);
    await truncate(path, Math.floor((await readFile(path)).length / 2));
  };

/** Ways a generation's files get damaged (disk errors, a half-copied backup, a stray editor). */
const DAMAGE: [string, Damage][] = [
  ['hnswlib.index overwritten with garbage text', (dir, g) => writeFile(join(vectorsOf(dir, g), 'hnswlib.index'), 'garbage '.repeat(512))],
  ['hnswlib.index overwritten with random bytes', (dir, g) => writeFile(join(vectorsOf(dir, g), 'hnswlib.index'), randomBytes(64 * 1024))],
  ['hnswlib.index emptied', (dir, g) => truncate(join(vectorsOf(dir, g), 'hnswlib.index'), 0)],
  ['hnswlib.index cut in half', cutInHalf('hnswlib.index')],
  ['chunks.json cut in half', cutInHalf('chunks.json')],
  ['tokens.bin emptied', (dir, g) => truncate(join(vectorsOf(dir, g), 'tokens.bin'), 0)],
  ['labels.bin cut in half', cutInHalf('labels.bin')],
  ['labels.bin naming vectors the graph does not have', async (dir, g) => {
    const path = join(vectorsOf(dir, g), 'labels.bin');
    await writeFile(path, Buffer.alloc((await readFile(path)).length, 0xff));
  }],
  ['manifest.json overwritten with garbage', (dir, g) => writeFile(join(dir, g, 'manifest.json'), '{ not json')],
  ['the generation folder deleted (CURRENT points nowhere)', (dir, g) => rm(join(dir, g), { recursive: true, force: true })],
];

beforeAll(async () => {
  emu = await startEmulator(PORT);
});

afterAll(async () => {
  await emu?.stop();
  await folders.cleanup();
});

describe('a damaged live generation', () => {
  it.each(DAMAGE)('%s → loadIndex falls back to the previous generation, which answers', async (_, damage) => {
    const { dir, ids } = await indexWith(2);
    const [previous, live] = ids as [string, string];
    await damage(dir, live);
    const loaded = await loadIndex(dir, embeddings);
    expect(loaded.index.manifest.generation).toBe(previous);
    expect(loaded.fellBackFrom?.generation).toBe(live);
    expect(loaded.fellBackFrom?.problem).toMatch(REINGEST);
    const answer = await createAnswerer({ index: loaded.index, embeddings }).answer(QUESTION, []);
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain(FIGURE);
  });

  it.each(DAMAGE)('%s, with no older generation → IndexCorruptError telling to re-ingest', async (_, damage) => {
    const { dir, ids } = await indexWith(1);
    await damage(dir, ids[0]!);
    const failure = loadIndex(dir, embeddings);
    await expect(failure).rejects.toBeInstanceOf(IndexCorruptError);
    await expect(failure).rejects.toThrow(REINGEST);
  });

  it('the bot started on a damaged live generation answers from the previous one, and the log says so', async () => {
    const { dir, ids } = await indexWith(2);
    await writeFile(join(vectorsOf(dir, ids[1]!), 'hnswlib.index'), 'garbage '.repeat(512));
    const { logger, log } = captureLogs({ secrets: [TOKEN] });
    const live = await LiveIndex.open(dir, embeddings, logger);
    const bot = await startRealBot({ emu, token: TOKEN, logger, core: { index: live, embeddings } });
    try {
      const user = createUser(emu.server, TOKEN, { userId: 7001 });
      await user.say(QUESTION);
      expect((await onlyReply(user)).text).toContain(FIGURE);
      expect(log.records().filter((r) => r.msg === 'live index generation is damaged; answering from the previous one')).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });

  it('a damaged generation written while the bot runs (LiveIndex.refresh) is logged once, not reloaded on every question, and the bot keeps answering', async () => {
    const { dir } = await indexWith(1);
    const { logger, log } = captureLogs({ secrets: [] });
    const live = await LiveIndex.open(dir, embeddings, logger);
    const answerer = createAnswerer({ index: live, embeddings, logger });
    const report = await ingest({ docsDir: SEEDS_DIR, indexDir: dir, embeddings, full: true, now: () => new Date(Date.UTC(2026, 0, 9)) });
    await writeFile(join(vectorsOf(dir, report.generation!), 'hnswlib.index'), 'garbage '.repeat(512));
    for (let i = 0; i < 5; i++) expect((await answerer.answer(QUESTION, [])).text).toContain(FIGURE);
    // Said once, at warn or above: an operator learns the new generation is broken, and it is not
    // loaded again (with its fallback, two whole index loads) before every question.
    const about = log.records().filter((r) => JSON.stringify(r).includes(report.generation!));
    expect(about).toHaveLength(1);
    expect(about[0]!.level).toBeGreaterThanOrEqual(40);
    // A good generation written after it is picked up as usual.
    const repaired = await ingest({ docsDir: SEEDS_DIR, indexDir: dir, embeddings, full: true, now: () => new Date(Date.UTC(2026, 0, 10)) });
    expect((await answerer.answer(QUESTION, [])).text).toContain(FIGURE);
    expect(live.current.manifest.generation).toBe(repaired.generation);
  });
});

describe('no index at all', () => {
  it('an empty folder → IndexMissingError telling to ingest', async () => {
    const dir = await folders.make();
    await expect(loadIndex(dir, embeddings)).rejects.toBeInstanceOf(IndexMissingError);
    await expect(loadIndex(dir, embeddings)).rejects.toThrow(/npm run ingest/);
  });

  it('a folder that does not exist → IndexMissingError', async () => {
    const dir = join(await folders.make(), 'never-created');
    await expect(loadIndex(dir, embeddings)).rejects.toBeInstanceOf(IndexMissingError);
  });

  it('an empty CURRENT file → IndexMissingError', async () => {
    const dir = await folders.make();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'CURRENT'), '\n');
    await expect(loadIndex(dir, embeddings)).rejects.toBeInstanceOf(IndexMissingError);
  });
});
