import { spawn } from 'node:child_process';
import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { currentGeneration, loadIndex } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import { copySeedsTo, readFixture, seedFile, SEEDS_DIR, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-safety');
afterAll(() => temp.cleanup());
const embeddings = new LocalEmbeddings();
const PROJECT = join(import.meta.dirname, '..', '..');

async function seededIndex(): Promise<{ docsDir: string; indexDir: string }> {
  const docsDir = await temp.make();
  await copySeedsTo(docsDir);
  const indexDir = await temp.make();
  await ingest({ docsDir, indexDir, embeddings });
  return { docsDir, indexDir };
}

async function answerFrom(indexDir: string, question: string) {
  const { index } = await loadIndex(indexDir, embeddings);
  return createAnswerer({ index, embeddings }).answer(question, []);
}

describe('duplicate articles under different names', () => {
  it('indexes the content once and cites both names', async () => {
    const { docsDir, indexDir } = await seededIndex();
    const original = await seedFile('003');
    await copyFile(join(SEEDS_DIR, original), join(docsDir, 'copy-of-003.md'));
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.duplicates).toEqual([{ file: 'copy-of-003.md', of: original }]);
    expect(report.embedded).toBe(0);
    const answer = await answerFrom(indexDir, '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？');
    const citation = answer.citations.find((c) => c.file === original)!;
    expect(citation.alsoIn).toContain('copy-of-003.md');
  });
});

describe('near-duplicate articles (the same story syndicated with small edits)', () => {
  it('links their passages at ingest and folds them into one citation that lists both outlets', async () => {
    const { docsDir, indexDir } = await seededIndex();
    const original = await seedFile('003');
    const text = await readFile(join(SEEDS_DIR, original), 'utf8');
    const syndicated = text.replace('趣头条', '某日报').replace('孙志诚介绍', '国家发展改革委社会司副司长孙志诚介绍');
    await writeFile(join(docsDir, 'syndicated.md'), syndicated);
    await ingest({ docsDir, indexDir, embeddings });
    const { index } = await loadIndex(indexDir, embeddings);
    expect(index.chunks.filter((c) => c.file === 'syndicated.md' && c.twins.some((id) => id.startsWith(original))).length).toBeGreaterThan(5);
    const answer = await answerFrom(indexDir, '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？');
    const cited = answer.citations.find((c) => c.quote.includes('5亿元'))!;
    expect([cited.file, ...cited.alsoIn].sort()).toEqual([original, 'syndicated.md'].sort());
    expect(answer.citations.filter((c) => c.quote.includes('5亿元'))).toHaveLength(1);
  });
});

describe('a folder of bad files', () => {
  it('reports each by name, indexes the rest, and the previous index still answers meanwhile', async () => {
    const { docsDir, indexDir } = await seededIndex();
    const before = await currentGeneration(indexDir);
    await writeFile(join(docsDir, 'empty.md'), '');
    await writeFile(join(docsDir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a]));
    await writeFile(join(docsDir, 'broken.md'), '---\ntitle: [unclosed\n---\n正文。');
    await writeFile(join(docsDir, 'huge.txt'), Buffer.alloc(6 * 1024 * 1024, 0x41));
    await writeFile(join(docsDir, 'gbk.txt'), iconv.encode(await readFixture('community-hospital.md'), 'gbk'));
    expect((await answerFrom(indexDir, '国家要建多少个省级区域医疗中心？')).answered).toBe(true);
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.skipped.map((s) => s.file).sort()).toEqual(['binary.txt', 'broken.md', 'empty.md', 'huge.txt']);
    expect(report.added).toEqual(['gbk.txt']);
    expect(await currentGeneration(indexDir)).not.toBe(before);
    expect((await answerFrom(indexDir, '国家要建多少个省级区域医疗中心？')).text).toContain('120个左右');
  });
});

describe('a damaged live generation', () => {
  it('is rebuilt from the documents, not patched from an older generation', async () => {
    const { docsDir, indexDir } = await seededIndex();
    await writeFile(join(docsDir, 'new.md'), await readFixture('community-hospital.md'));
    await ingest({ docsDir, indexDir, embeddings });
    const damaged = await currentGeneration(indexDir);
    await writeFile(join(indexDir, damaged!, 'hnsw', 'hnswlib.index'), 'garbage');
    await rm(join(docsDir, 'new.md'));
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.rebuiltBecause).toContain('damaged');
    expect(await currentGeneration(indexDir)).toBe(report.generation);
    const { index, fellBackFrom } = await loadIndex(indexDir, embeddings);
    expect(fellBackFrom).toBeUndefined();
    expect(index.manifest.documents.every((d) => d.chunks > 0)).toBe(true);
    expect(index.manifest.documents.map((d) => d.file)).not.toContain('new.md');
  });
});

describe('an ingest killed mid-write', () => {
  it.each([
    ['while it holds the lock, before writing', '.ingest.lock'],
    ['while it writes the new generation', '.tmp'],
  ])('leaves the old index loadable and answering when killed %s', async (_, marker) => {
    const { docsDir, indexDir } = await seededIndex();
    const before = await currentGeneration(indexDir);
    await writeFile(join(docsDir, 'new.md'), await readFixture('community-hospital.md'));

    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'scripts', 'ingest.ts'), '--docs', docsDir, '--index', indexDir], {
      cwd: PROJECT,
      stdio: 'ignore',
    });
    // inotify tells us the moment the marker appears; the child is killed right there, mid-step.
    const watcher = watch(indexDir, (_event, name) => {
      if (name?.endsWith(marker)) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    watcher.close();

    expect(signal).toBe('SIGKILL');
    expect(await currentGeneration(indexDir)).toBe(before);
    expect((await answerFrom(indexDir, '国家要建多少个省级区域医疗中心？')).text).toContain('120个左右');
    // The next ingest cleans up after the killed one and succeeds.
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.added).toEqual(['new.md']);
    expect((await readdir(indexDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(join(indexDir, 'CURRENT'), 'utf8')).toContain(report.generation!);
  });
});
