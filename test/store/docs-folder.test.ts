import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnswererFromConfig } from '../../src/answer/answerer.js';
import { askCommand } from '../../src/cli/ask.js';
import { ingestCommand } from '../../src/cli/ingest.js';
import type { CliIo } from '../../src/cli/run.js';
import { createConfig } from '../../src/config.js';
import { exitCodeFor } from '../../src/errors.js';
import { DocsFolderMismatchError, docsFolderToAnswerFrom, recordedDocsFolder } from '../../src/store/docs-folder.js';
import { readCurrentManifest } from '../../src/store/generations.js';
import { FIXTURES_DIR, SEEDS_DIR, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-docs-folder');
afterAll(() => temp.cleanup());

/** Runs a command in-process; returns its exit code and stdout. */
async function run(command: (io: CliIo) => Promise<number>, argv: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await command({ argv, env: { LOG_LEVEL: 'silent' }, stdout, stderr: new PassThrough(), stdin: Readable.from(['']) });
  return { code, out };
}

/** A docs folder holding one article that is not a seed. */
async function folderWithOneArticle(): Promise<string> {
  const dir = await temp.make();
  await copyFile(join(FIXTURES_DIR, 'community-hospital.md'), join(dir, 'community-hospital.md'));
  return dir;
}

describe('an index records the folder that built it', () => {
  it('ask given only --index answers from that folder, and never rebuilds it from seeds/', async () => {
    const docs = await folderWithOneArticle();
    const index = await temp.make();
    expect((await run(ingestCommand, ['--docs', docs, '--index', index])).code).toBe(0);
    expect(await recordedDocsFolder(index)).toBe(resolve(docs));

    const { code, out } = await run(askCommand, ['--index', index, '--json', '某省今年新增建成多少家社区医院？']);
    expect(code).toBe(0);
    expect(JSON.parse(out).citations[0]?.file).toBe('community-hospital.md');
    expect((await readCurrentManifest(index))!.documents.map((d) => d.file)).toEqual(['community-hospital.md']);
  });

  it('a configured DOCS_DIR that did not build the index stops with exit code 2, leaving the index as it was', async () => {
    const docs = await folderWithOneArticle();
    const index = await temp.make();
    await run(ingestCommand, ['--docs', docs, '--index', index]);
    const generation = (await readCurrentManifest(index))!.generation;

    const refused = createAnswererFromConfig(createConfig({ DOCS_DIR: SEEDS_DIR, INDEX_DIR: index }));
    await expect(refused).rejects.toBeInstanceOf(DocsFolderMismatchError);
    await expect(refused).rejects.toThrow(new RegExp(`built from ${resolve(docs)}.*npm run ingest -- --docs`));
    expect(exitCodeFor(await refused.catch((error: unknown) => error))).toBe(2);
    expect((await readCurrentManifest(index))!.generation).toBe(generation);
  });

  it('ask --docs with an --index built from another folder stops (exit 2) unless --docs-changed asks to rebuild it', async () => {
    const docs = await folderWithOneArticle();
    const index = await temp.make();
    await run(ingestCommand, ['--docs', docs, '--index', index]);
    const generation = (await readCurrentManifest(index))!.generation;
    const refused = run(askCommand, ['--docs', SEEDS_DIR, '--index', index, '--json', '国家区域医疗中心有多少个？']);
    await expect(refused).rejects.toThrow(/--docs-changed/);
    expect(exitCodeFor(await refused.catch((error: unknown) => error))).toBe(2);
    expect((await readCurrentManifest(index))!.generation).toBe(generation);
    const { code } = await run(askCommand, ['--docs', SEEDS_DIR, '--index', index, '--docs-changed', '--json', '国家区域医疗中心有多少个？']);
    expect(code).toBe(0);
    expect(await recordedDocsFolder(index)).toBe(resolve(SEEDS_DIR));
  });

  it('without a named index, each docs folder has its own: ask --docs B never touches the index of seeds/ (the evaluation contract)', () => {
    expect(createConfig({}).indexDir).toBe('index');
    expect(createConfig({ DOCS_DIR: SEEDS_DIR }).indexDir).toBe('index');
    const other = createConfig({ DOCS_DIR: '/data/articles-2024' }).indexDir;
    expect(other).toMatch(/^index[/\\]folders[/\\]articles-2024-[0-9a-f]{8}$/);
    expect(createConfig({ DOCS_DIR: '/elsewhere/articles-2024' }).indexDir).not.toBe(other);
    expect(createConfig({ DOCS_DIR: '/data/articles-2024', INDEX_DIR: 'mine' }).indexDir).toBe('mine');
  });

  it('ingest with another --docs replaces the documents on purpose, and its report says so', async () => {
    const docs = await folderWithOneArticle();
    const index = await temp.make();
    await run(ingestCommand, ['--docs', docs, '--index', index]);
    const { code, out } = await run(ingestCommand, ['--docs', SEEDS_DIR, '--index', index]);
    expect(code).toBe(0);
    expect(out).toContain(`note: the index was built from ${resolve(docs)}`);
    expect(await recordedDocsFolder(index)).toBe(resolve(SEEDS_DIR));
  });

  it('an empty --docs is a usage error, not a silent seeds/', async () => {
    await expect(run(askCommand, ['--docs', '', '--index', await temp.make(), '问题'])).rejects.toThrow(/--docs needs a folder/);
  });

  it('a new index, with no folder named, is built from seeds/', async () => {
    expect(await docsFolderToAnswerFrom(await temp.make(), undefined)).toBe('seeds');
  });
});
