import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusEmbeddings } from '../../src/embed/embedder.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { CorpusError, IndexLockedError, IndexMismatchError, IndexMissingError } from '../../src/errors.js';
import { currentGeneration, loadIndex, readCurrentManifest, withIngestLock } from '../../src/store/generations.js';
import { ingest, isIndexStale, type IngestOptions, type IngestReport } from '../../src/store/ingest.js';
import { tokenize } from '../../src/text/tokenize.js';
import { copySeedsTo, readFixture, seedFile, seedFiles, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-ingest');
afterAll(() => temp.cleanup());

/**
 * The offline embedder behind a plain CorpusEmbeddings, counting the passages it is asked to embed, and
 * optionally failing on its `failOnCall`-th embedDocuments call, like a provider going away mid-ingest.
 * It wraps LocalEmbeddings rather than extending it, so ingest goes through the default embedPassages →
 * embedDocuments path that any provider uses. Same identity, so its indexes load with LocalEmbeddings.
 */
class CountingEmbeddings extends CorpusEmbeddings {
  private readonly local = new LocalEmbeddings();
  readonly identity = this.local.identity;
  private readonly failOnCall: number | undefined;
  texts = 0;
  calls = 0;

  constructor(options: { failOnCall?: number } = {}) {
    super({});
    this.failOnCall = options.failOnCall;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.calls === this.failOnCall) throw new Error('embedding provider unavailable');
    this.texts += texts.length;
    return this.local.embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.local.embedQuery(text);
  }
}

const NEW_ARTICLE = 'community-hospital.md';

/** Open MessagePorts of this process: each live graph worker holds one. */
const openMessagePorts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort').length;

interface Corpus {
  docsDir: string;
  indexDir: string;
  embeddings: CountingEmbeddings;
  first: IngestReport;
  /** Ingests again with the same folders and embedder; `texts` counts from zero for this run. */
  reingest: (options?: Partial<IngestOptions>) => Promise<IngestReport>;
}

/** A temp docs folder holding a copy of the seeds, and an empty temp index folder. */
async function seedFolders(): Promise<{ docsDir: string; indexDir: string }> {
  const docsDir = await temp.make();
  await copySeedsTo(docsDir);
  return { docsDir, indexDir: await temp.make() };
}

/** The seeds, ingested once into a temp index with a counting embedder. */
async function ingestedSeeds(embeddings = new CountingEmbeddings()): Promise<Corpus> {
  const { docsDir, indexDir } = await seedFolders();
  const first = await ingest({ docsDir, indexDir, embeddings });
  const reingest = async (options: Partial<IngestOptions> = {}) => {
    embeddings.texts = 0;
    return ingest({ docsDir, indexDir, embeddings, ...options });
  };
  return { docsDir, indexDir, embeddings, first, reingest };
}

async function addNewArticle(docsDir: string): Promise<void> {
  await writeFile(join(docsDir, NEW_ARTICLE), await readFixture(NEW_ARTICLE));
}

/** Everything in the index folder (generation folders, CURRENT), sorted. */
async function indexEntries(indexDir: string): Promise<string[]> {
  return (await readdir(indexDir)).sort();
}

describe('ingest', () => {
  it('indexes the seeds, embedding every chunk once', async () => {
    const { indexDir, embeddings, first } = await ingestedSeeds();
    expect(first.documents).toBe(5);
    expect(first.added).toEqual(await seedFiles());
    expect(first.skipped).toEqual([]);
    expect(first.chunks).toBeGreaterThan(5);
    expect(first.embedded).toBe(first.chunks);
    expect(embeddings.texts).toBe(first.chunks);
    expect(await currentGeneration(indexDir)).toBe(first.generation);
  });

  it('builds, with the real local embedder, an index that finds 新疆生产建设兵团 in seed 003 by dense and lexical search', async () => {
    const { docsDir, indexDir } = await seedFolders();
    const embeddings = new LocalEmbeddings();
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.embedded).toBe(report.chunks);

    const { index, fellBackFrom } = await loadIndex(indexDir, embeddings);
    expect(fellBackFrom).toBeUndefined();
    expect(index.chunks).toHaveLength(report.chunks);
    expect(index.manifest.documents.map((d) => d.file)).toEqual(await seedFiles());

    const seed003 = await seedFile('003');
    const filesOf = (hits: { position: number }[]) => hits.map((hit) => index.chunks[hit.position]!.file);
    const dense = index.denseSearch(await embeddings.embedQuery('新疆生产建设兵团'), 5);
    const lexical = index.lexicalSearch(tokenize('新疆生产建设兵团'), 5);
    expect(filesOf(dense)).toContain(seed003);
    expect(filesOf(lexical)).toContain(seed003);
    const top = index.chunks[lexical[0]!.position]!;
    expect(top.text).toContain('新疆生产建设兵团');
    expect(top.facts.places).toContain('新疆生产建设兵团');
  });

  it('stores the same vectors whether the local embedder is used directly or through embedDocuments', async () => {
    const direct = await seedFolders();
    await ingest({ ...direct, embeddings: new LocalEmbeddings() });
    const wrapped = await ingestedSeeds();
    const a = (await loadIndex(direct.indexDir, new LocalEmbeddings())).index;
    const b = (await loadIndex(wrapped.indexDir, new LocalEmbeddings())).index;
    expect(a.chunks.map((c) => c.id)).toEqual(b.chunks.map((c) => c.id));
    a.chunks.forEach((_, position) => expect(a.vectorAt(position)).toEqual(b.vectorAt(position)));
  });

  it('gives chunks with the same text one vector, embedded once, and dense search finds every chunk that shares it', async () => {
    const docsDir = await temp.make();
    const shared = '国家医学中心和区域医疗中心建设方案要求，到2025年各省份都要完成区域医疗中心的布局。';
    const article = (title: string, own: string) => `---\ntitle: ${title}\n---\n\n${own}\n\n${shared}\n`;
    await writeFile(join(docsDir, 'a.md'), article('甲', '北京市推进分级诊疗，社区医院承担常见病首诊。'));
    await writeFile(join(docsDir, 'b.md'), article('乙', '浙江省推进医联体建设，县域医共体覆盖所有县。'));
    const indexDir = await temp.make();
    const embeddings = new CountingEmbeddings();
    const report = await ingest({ docsDir, indexDir, embeddings });
    expect(report.chunks).toBe(4);
    expect(report.embedded).toBe(3);
    expect(embeddings.texts).toBe(3);

    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    expect(index.manifest.vectorCount).toBe(3);
    const sharers = index.chunks.flatMap((chunk, position) => (chunk.text === shared ? [position] : []));
    expect(sharers).toHaveLength(2);
    expect(index.vectorAt(sharers[0]!)).toEqual(index.vectorAt(sharers[1]!));
    const hits = index.denseSearch(await new LocalEmbeddings().embedQuery(shared), 2);
    expect(hits.map((hit) => hit.position)).toEqual(sharers);
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    expect(hits[1]!.score).toBe(hits[0]!.score);
    // LangChain's own search over the same store answers a shared vector with its first chunk.
    const [viaLangChain] = await index.store.similaritySearch(shared, 1);
    expect(viaLangChain?.metadata.id).toBe(index.chunks[sharers[0]!]!.id);
  });

  it('reports progress by document, from 0 of n to n of n', async () => {
    const { docsDir, indexDir } = await seedFolders();
    const calls: [number, number][] = [];
    await ingest({ docsDir, indexDir, embeddings: new LocalEmbeddings(), onProgress: (done, total) => calls.push([done, total]) });
    expect(calls[0]).toEqual([0, 5]);
    expect(calls.at(-1)).toEqual([5, 5]);
    expect(calls.map(([done]) => done)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('re-uses the live generation when nothing changed', async () => {
    const { embeddings, first, reingest } = await ingestedSeeds();
    const again = await reingest();
    expect(again.embedded).toBe(0);
    expect(embeddings.texts).toBe(0);
    expect(again.generation).toBe(first.generation);
    expect(again.unchanged).toEqual(await seedFiles());
    expect(again.chunks).toBe(first.chunks);
  });

  it('embeds only the chunks of a new article', async () => {
    const { docsDir, indexDir, embeddings, first, reingest } = await ingestedSeeds();
    await addNewArticle(docsDir);
    const report = await reingest();

    expect(report.added).toEqual([NEW_ARTICLE]);
    expect(report.unchanged).toEqual(await seedFiles());
    expect(report.updated).toEqual([]);
    const manifest = await readCurrentManifest(indexDir);
    const newChunks = manifest!.documents.find((d) => d.file === NEW_ARTICLE)!.chunks;
    expect(newChunks).toBeGreaterThan(0);
    expect(embeddings.texts).toBe(newChunks);
    expect(report.embedded).toBe(newChunks);
    expect(report.chunks).toBe(first.chunks + newChunks);
    expect(report.generation).not.toBe(first.generation);

    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    const hits = index.lexicalSearch(tokenize('社区医院 86家'), 3);
    expect(index.chunks[hits[0]!.position]!.file).toBe(NEW_ARTICLE);
  });

  it('re-embeds a changed article and drops a deleted one', async () => {
    const { docsDir, indexDir, embeddings, first, reingest } = await ingestedSeeds();
    const changed = await seedFile('002');
    const deleted = await seedFile('004');
    const original = await readFile(join(docsDir, changed), 'utf8');
    await writeFile(join(docsDir, changed), original.replace('只有9个省', '只有10个省'));
    await rm(join(docsDir, deleted));

    const report = await reingest();
    expect(report.updated).toEqual([changed]);
    expect(report.removed).toEqual([deleted]);
    expect(report.added).toEqual([]);
    expect(report.documents).toBe(4);

    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    const changedChunks = index.chunks.filter((c) => c.file === changed);
    // Only the edited passage is new text; the article's other passages keep their vectors.
    const edited = changedChunks.filter((c) => c.text.includes('只有10个省'));
    expect(edited).toHaveLength(1);
    expect(changedChunks.length).toBeGreaterThan(1);
    expect(embeddings.texts).toBe(edited.length);
    expect(index.chunks.some((c) => c.file === deleted)).toBe(false);
    expect(index.chunks.some((c) => c.text.includes('只有10个省'))).toBe(true);
    expect(index.chunks.some((c) => c.text.includes('只有9个省'))).toBe(false);
    expect(index.manifest.documents.map((d) => d.file)).not.toContain(deleted);
    expect(report.chunks).toBeLessThan(first.chunks);
  });

  it('re-embeds everything with full: true', async () => {
    const { embeddings, first, reingest } = await ingestedSeeds();
    const report = await reingest({ full: true });
    expect(report.embedded).toBe(first.chunks);
    expect(embeddings.texts).toBe(first.chunks);
    expect(report.added).toEqual(await seedFiles());
    expect(report.generation).not.toBe(first.generation);
  });

  it('writes nothing with check: true, but reports what would change', async () => {
    const { docsDir, indexDir, embeddings, first, reingest } = await ingestedSeeds();
    await addNewArticle(docsDir);
    const before = await indexEntries(indexDir);
    const report = await reingest({ check: true });
    expect(report.added).toEqual([NEW_ARTICLE]);
    expect(report.generation).toBeNull();
    expect(report.embedded).toBe(0);
    expect(embeddings.texts).toBe(0);
    expect(await indexEntries(indexDir)).toEqual(before);
    expect(await currentGeneration(indexDir)).toBe(first.generation);
  });

  it('reports skipped files and front-matter warnings', async () => {
    const { docsDir, reingest } = await ingestedSeeds();
    await writeFile(join(docsDir, 'empty.md'), '');
    await writeFile(join(docsDir, 'undated.md'), '---\ntitle: 没有日期的文章\n---\n国家区域医疗中心建设稳步推进。');
    const report = await reingest();
    expect(report.skipped).toEqual([{ file: 'empty.md', reason: expect.stringContaining('empty'), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(report.added).toEqual(['undated.md']);
    expect(report.warnings).toEqual([{ file: 'undated.md', message: expect.stringContaining('no date') }]);
  });
});

describe('ingest failures leave the previous index live', () => {
  it('refuses an index built with other dimensions, telling the user to re-ingest', async () => {
    const { indexDir } = await ingestedSeeds();
    const error = await loadIndex(indexDir, new LocalEmbeddings({ dimensions: 256 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect((error as Error).message).toMatch(/re-ingest/i);
    expect((error as Error).message).toContain('256');
  });

  it('throws IndexMissingError for a folder with no index', async () => {
    await expect(loadIndex(await temp.make(), new LocalEmbeddings())).rejects.toBeInstanceOf(IndexMissingError);
  });

  it('throws a CorpusError when no document is usable, keeping the old index', async () => {
    const { indexDir, embeddings, first } = await ingestedSeeds();
    const badDocs = await temp.make();
    await writeFile(join(badDocs, 'empty.md'), '');
    await writeFile(join(badDocs, 'broken.md'), '---\ntitle: [未闭合\n---\n正文。');

    const error = await ingest({ docsDir: badDocs, indexDir, embeddings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).reason).toMatch(/no usable documents/);
    expect((error as CorpusError).reason).toContain('empty.md');
    expect((error as CorpusError).reason).toContain('broken.md');

    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    expect(index.manifest.generation).toBe(first.generation);
    expect(index.chunks).toHaveLength(first.chunks);
  });

  it('rebuilds when a chunk record of the live generation is damaged in a way loading does not notice', async () => {
    const { docsDir, indexDir, first, reingest } = await ingestedSeeds();
    const generation = (await currentGeneration(indexDir))!;
    const path = join(indexDir, generation, 'hnsw', 'chunks.json');
    const records = await readFile(path, 'utf8');
    // Same length, so the offsets still agree; the second record is no longer JSON.
    const second = records.indexOf('\n{') + 1;
    await writeFile(path, `${records.slice(0, second)}#${records.slice(second + 1)}`);
    await addNewArticle(docsDir);
    const portsBefore = openMessagePorts();

    const report = await reingest();
    expect(report.rebuiltBecause).toContain('damaged');
    expect(report.added).toHaveLength(first.documents + 1);
    expect(openMessagePorts()).toBe(portsBefore);
    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    expect(index.chunks.every((chunk) => chunk.text.length > 0)).toBe(true);
  });

  it('keeps the old generation live when the embedder fails mid-ingest', async () => {
    const { docsDir, indexDir, first, reingest } = await ingestedSeeds(new CountingEmbeddings({ failOnCall: 2 }));
    const currentBefore = await readFile(join(indexDir, 'CURRENT'), 'utf8');
    const entriesBefore = await indexEntries(indexDir);
    await addNewArticle(docsDir);

    const portsBefore = openMessagePorts();
    await expect(reingest()).rejects.toThrow('embedding provider unavailable');
    // The graph worker it had started is gone too (a live one would keep the CLI from exiting).
    expect(openMessagePorts()).toBe(portsBefore);

    expect(await readFile(join(indexDir, 'CURRENT'), 'utf8')).toBe(currentBefore);
    expect(await indexEntries(indexDir)).toEqual(entriesBefore);
    const { index } = await loadIndex(indexDir, new LocalEmbeddings());
    expect(index.manifest.generation).toBe(first.generation);
    expect(index.chunks).toHaveLength(first.chunks);
    // The lock was released: the next ingest (embedder back) succeeds and picks up the new article.
    const retry = await reingest();
    expect(retry.added).toEqual([NEW_ARTICLE]);
  });
});

describe('withIngestLock', () => {
  /** Holds the lock until `release()` is called; resolves `held` once the lock is taken. */
  function holdLock(dir: string) {
    let release!: () => void;
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (entered = resolve));
    const done = withIngestLock(dir, () => {
      entered();
      return new Promise<void>((resolve) => (release = resolve));
    });
    return { held, done, release: () => release() };
  }

  it('refuses a second lock while the first is held, and frees it afterwards', async () => {
    const dir = await temp.make();
    const first = holdLock(dir);
    await first.held;

    const error = await withIngestLock(dir, async () => 'second').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexLockedError);
    expect((error as IndexLockedError).holder).toContain(`pid ${process.pid}`);
    expect((error as IndexLockedError).lockFile.startsWith(dir)).toBe(true);

    first.release();
    await first.done;
    expect(await withIngestLock(dir, async () => 'third')).toBe('third');
  });

  it('releases the lock when the work throws', async () => {
    const dir = await temp.make();
    await expect(withIngestLock(dir, async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(await withIngestLock(dir, async () => 'next')).toBe('next');
  });

  it('takes over a stale lock left by a process that no longer runs', async () => {
    const dir = await temp.make();
    // Learn where the lock file lives from the error a held lock gives.
    const holder = holdLock(dir);
    await holder.held;
    const { lockFile } = (await withIngestLock(dir, async () => undefined).catch((e: unknown) => e)) as IndexLockedError;
    holder.release();
    await holder.done;

    await writeFile(lockFile, JSON.stringify({ pid: 999_999, since: '2020-01-01T00:00:00.000Z' }));
    expect(await withIngestLock(dir, async () => 'took over')).toBe('took over');
    await expect(readFile(lockFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('isIndexStale', () => {
  it('is true without an index', async () => {
    const docsDir = await temp.make();
    await copySeedsTo(docsDir);
    expect(await isIndexStale(docsDir, await temp.make())).toBe(true);
  });

  it('is false right after ingest and true once a file changes', async () => {
    const { docsDir, indexDir } = await ingestedSeeds();
    expect(await isIndexStale(docsDir, indexDir)).toBe(false);
    const file = join(docsDir, await seedFile('000'));
    await writeFile(file, `${await readFile(file, 'utf8')}\n<p>补充一句新的内容。</p>\n`);
    expect(await isIndexStale(docsDir, indexDir)).toBe(true);
  });

  it('is true once a file is added or removed', async () => {
    const { docsDir, indexDir } = await ingestedSeeds();
    await addNewArticle(docsDir);
    expect(await isIndexStale(docsDir, indexDir)).toBe(true);
    await rm(join(docsDir, NEW_ARTICLE));
    expect(await isIndexStale(docsDir, indexDir)).toBe(false);
    await rm(join(docsDir, await seedFile('001')));
    expect(await isIndexStale(docsDir, indexDir)).toBe(true);
  });

  it('stays false while a skipped file is unchanged, and turns true once it is fixed', async () => {
    const { docsDir, indexDir, reingest } = await ingestedSeeds();
    await writeFile(join(docsDir, 'broken.md'), '---\ntitle: [unclosed\n---\n正文。');
    await reingest();
    expect(await isIndexStale(docsDir, indexDir)).toBe(false);
    await writeFile(join(docsDir, 'broken.md'), await readFixture(NEW_ARTICLE));
    expect(await isIndexStale(docsDir, indexDir)).toBe(true);
  });
});
