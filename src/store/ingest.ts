import { resolve } from 'node:path';
import { chunkDocument } from '../corpus/chunk.js';
import { extractFacts } from '../corpus/facts.js';
import { findNearDuplicates } from '../corpus/near-duplicates.js';
import type { CorpusDocument } from '../corpus/load.js';
import { hashCorpusFolder, readCorpusFolder, type SkippedFile } from '../corpus/read-folder.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { CorpusError, IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError, IndexUnwritableError } from '../errors.js';
import { indexTokens, isBigramToken } from '../text/tokenize.js';
import { DEFAULT_HNSW, type CorpusIndex, type HnswSettings, type IndexedChunk } from './corpus-index.js';
import { GraphBuilder } from './graph-builder.js';
import { loadIndex, newGenerationId, readCurrentManifest, saveGeneration, withIngestLock } from './generations.js';
import { INDEX_FORMAT_VERSION, indexRules, type Manifest } from './manifest.js';

/** Chunk size used at ingest; recorded in the manifest. */
export const CHUNK_MAX_CHARS = 240;
// Small enough that the graph worker gets its first vectors early (a remote embedder splits batches its own way).
const EMBED_BATCH = 64;

export interface IngestOptions {
  docsDir: string;
  indexDir: string;
  embeddings: CorpusEmbeddings;
  /** Rebuild everything, ignoring the previous generation. */
  full?: boolean;
  /** Validate the docs folder and report, writing nothing. */
  check?: boolean;
  hnsw?: HnswSettings;
  now?: () => Date;
  /** Parse the files on a worker thread, each within a time budget: for a process that answers while it ingests. */
  parseOnWorker?: boolean;
  /** Called as documents are chunked and embedded: done of total. */
  onProgress?: (done: number, total: number) => void;
}

/** What an ingest did, document by document. */
export interface IngestReport {
  generation: string | null;
  documents: number;
  chunks: number;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  skipped: SkippedFile[];
  warnings: { file: string; message: string }[];
  /** Files whose content is identical to another document's: indexed once, cited under both names. */
  duplicates: { file: string; of: string }[];
  /** Texts sent to the embedder: chunks with the same text are embedded once; re-used vectors are not counted. */
  embedded: number;
  /** Why the previous generation could not be re-used, when it could not. */
  rebuiltBecause?: string;
  /** The folder the previous generation was built from, when it was another one than this ingest's. */
  replacedFolder?: string;
  elapsedMs: number;
}

/**
 * Reads the docs folder and writes a new index generation. Incremental: documents whose content hash is
 * unchanged keep their chunks and vectors; only new and changed ones are chunked and embedded.
 * @throws {CorpusError} when no usable document remains (the previous index is left as it was);
 * {IndexLockedError} when another ingest is running; {ProviderError} when the embedder fails.
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  // The graph worker starts first, so it has loaded hnswlib by the time the folder is read and the first
  // vectors exist; every way out of ingest stops it.
  const graph = options.check ? null : new GraphBuilder({ m: hnsw.m, efConstruction: hnsw.efConstruction });
  try {
    return await ingestInto(graph, { ...options, hnsw });
  } finally {
    await graph?.close();
  }
}

async function ingestInto(graph: GraphBuilder | null, options: IngestOptions & { hnsw: HnswSettings }): Promise<IngestReport> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const scan = await readCorpusFolder(options.docsDir, options.parseOnWorker ? { onWorker: {} } : {});
  const warnings = scan.documents.flatMap((doc) => doc.warnings.map((message) => ({ file: doc.file, message })));
  if (scan.documents.length === 0) {
    const reasons = scan.skipped.map((s) => `${s.file}: ${s.reason}`).join('; ');
    throw new CorpusError(options.docsDir, `no usable documents${reasons ? ` (${reasons})` : ''}; the index was not changed`);
  }
  // The same article saved under two names is indexed once (the first name) and cited under both.
  const firstWithHash = new Map<string, string>();
  for (const doc of scan.documents) if (!firstWithHash.has(doc.hash)) firstWithHash.set(doc.hash, doc.file);
  const duplicates = scan.documents.filter((doc) => firstWithHash.get(doc.hash) !== doc.file).map((doc) => ({ file: doc.file, of: firstWithHash.get(doc.hash)! }));
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  const documents = scan.documents.filter((doc) => !duplicateFiles.has(doc.file));

  const report: IngestReport = {
    generation: null,
    documents: scan.documents.length,
    chunks: 0,
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    skipped: scan.skipped,
    warnings,
    duplicates,
    embedded: 0,
    elapsedMs: 0,
  };
  // Only a check has no graph to build.
  if (options.check || graph === null) {
    const live = options.full ? null : await readCurrentManifest(options.indexDir).catch(() => null);
    return { ...report, ...compareWithPrevious(scan.documents, documents, live), elapsedMs: Date.now() - started };
  }

  return withIngestLock(options.indexDir, async () => {
    // What is re-used and what it is compared with come from one place: the generation actually loaded.
    let previous: CorpusIndex | null = null;
    if (!options.full) {
      try {
        const loaded = await loadIndex(options.indexDir, options.embeddings);
        if (loaded.fellBackFrom) report.rebuiltBecause = `the live generation is damaged (${loaded.fellBackFrom.problem})`;
        else if (loaded.index.manifest.chunker.analyzer !== indexRules()) report.rebuiltBecause = 'the document reader, the facts reader, the word lists or the tokenizer changed since the index was built';
        else previous = loaded.index;
      } catch (error) {
        if (error instanceof IndexMismatchError || error instanceof IndexCorruptError) report.rebuiltBecause = error.message;
        // No index yet is the first ingest, nothing to explain.
        else if (!(error instanceof IndexMissingError)) throw error;
      }
    }
    Object.assign(report, compareWithPrevious(scan.documents, documents, previous?.manifest ?? null));
    const docsDir = resolve(options.docsDir);
    const builtFrom = previous?.manifest.docsDir;
    if (builtFrom !== undefined && builtFrom !== docsDir) report.replacedFolder = builtFrom;
    const nothingChanged = report.added.length + report.updated.length + report.removed.length === 0 && builtFrom === docsDir;
    const previousDuplicates = previous?.manifest.documents.filter((d) => d.duplicateOf).map((d) => ({ file: d.file, of: d.duplicateOf! }));
    if (previous && nothingChanged && sameList(previous.manifest.skipped, scan.skipped) && sameList(previousDuplicates ?? [], duplicates)) {
      return { ...report, generation: previous.manifest.generation, chunks: previous.chunks.length, elapsedMs: Date.now() - started };
    }

    // The previous chunks are parsed only now (loading reads them lazily): a damaged record means a rebuild.
    let reusable: PreviousGeneration | null = null;
    if (previous) {
      try {
        reusable = readPrevious(previous);
      } catch (error) {
        report.rebuiltBecause = `the live generation is damaged (${error instanceof Error ? error.message : String(error)})`;
        Object.assign(report, compareWithPrevious(scan.documents, documents, null));
      }
    }
    const built = await chunkAndEmbed({ ...options, graph, documents, previous: reusable, unchanged: new Set(report.unchanged) });
    report.embedded = built.embedded;
    // Twins are found across the whole corpus each time: a new article can echo an unchanged one. This runs
    // while the graph worker finishes its last points.
    const { chunks } = built;
    const twins = findNearDuplicates(chunks.map((chunk) => ({ id: chunk.id, group: chunk.file, text: chunk.text })));
    chunks.forEach((chunk, position) => {
      const found = twins.get(chunk.id) ?? [];
      if (found.join() !== chunk.twins.join()) chunks[position] = { ...chunk, twins: found };
    });

    const chunksPerFile = new Map<string, number>();
    for (const chunk of chunks) chunksPerFile.set(chunk.file, (chunksPerFile.get(chunk.file) ?? 0) + 1);
    const manifest: Manifest = {
      version: INDEX_FORMAT_VERSION,
      generation: newGenerationId(now()),
      builtAt: now().toISOString(),
      docsDir,
      embedder: { ...options.embeddings.identity, dimensions: graph.dimensions },
      hnsw: { space: 'cosine', ...options.hnsw },
      chunker: { maxChars: CHUNK_MAX_CHARS, analyzer: indexRules() },
      documents: scan.documents.map((doc) => ({
        file: doc.file,
        hash: doc.hash,
        title: doc.title,
        publisher: doc.publisher,
        date: doc.date,
        url: doc.url,
        chunks: chunksPerFile.get(doc.file) ?? 0,
        ...(duplicateFiles.has(doc.file) ? { duplicateOf: firstWithHash.get(doc.hash)! } : {}),
      })),
      chunkCount: chunks.length,
      vectorCount: built.vectorCount,
      skipped: scan.skipped,
    };
    await saveGeneration(options.indexDir, { manifest, chunks, vectorLabels: built.vectorLabels }, (path) => graph.write(path));
    return { ...report, generation: manifest.generation, chunks: chunks.length, elapsedMs: Date.now() - started };
  });
}

/** The previous generation's chunks, by file (to re-use an unchanged document's) and by text (to re-use a vector). */
interface PreviousGeneration {
  index: CorpusIndex;
  byFile: Map<string, IndexedChunk[]>;
  /** A position whose vector a new chunk with this text can take, even in a changed document. */
  byText: Map<string, number>;
}

/**
 * Parses and groups every chunk of the previous generation. Per-file groups, not filter() per document: that
 * made ingest quadratic in the corpus size.
 * @throws {Error} when a chunk record is damaged.
 */
function readPrevious(index: CorpusIndex): PreviousGeneration {
  const byFile = new Map<string, IndexedChunk[]>();
  const byText = new Map<string, number>();
  index.chunks.forEach((chunk, position) => {
    byText.set(embeddingText(chunk), position);
    let group = byFile.get(chunk.file);
    if (!group) byFile.set(chunk.file, (group = []));
    group.push(chunk);
  });
  return { index, byFile, byText };
}

/**
 * Chunks the documents in order (re-using the previous generation's chunks for unchanged ones, and its vector
 * for any text it already had), embeds each distinct new text once, in batches as they fill, and feeds every
 * distinct vector to a graph builder as soon as it exists, so the HNSW graph grows on the worker thread while
 * later documents are chunked.
 * @throws {CorpusError} when the documents hold no passage at all; the embedder's error when it fails
 * (the graph worker is stopped either way).
 */
async function chunkAndEmbed(input: {
  docsDir: string;
  graph: GraphBuilder;
  documents: readonly CorpusDocument[];
  previous: PreviousGeneration | null;
  unchanged: ReadonlySet<string>;
  embeddings: CorpusEmbeddings;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ chunks: IndexedChunk[]; vectorLabels: Uint32Array; vectorCount: number; embedded: number }> {
  const { graph, documents, previous, unchanged, embeddings } = input;
  const chunks: IndexedChunk[] = [];
  const layout = new VectorLayout();
  let pending: { label: number; text: string; words: readonly string[] }[] = [];
  let embedded = 0;
  const embedPending = async () => {
    if (pending.length === 0) return;
    const vectors = await embeddings.embedPassages(pending);
    pending.forEach(({ label }, j) => graph.add(label, vectors[j]!));
    embedded += pending.length;
    pending = [];
  };
  input.onProgress?.(0, documents.length);
  for (const [done, doc] of documents.entries()) {
    const placed = previous && unchanged.has(doc.file) ? (previous.byFile.get(doc.file) ?? []) : indexChunks(doc);
    for (const chunk of placed) {
      chunks.push(chunk);
      const text = embeddingText(chunk);
      const label = layout.place(text);
      if (label === null) continue;
      const lender = previous?.byText.get(text);
      if (lender !== undefined) graph.add(label, previous!.index.vectorAt(lender));
      else pending.push({ label, text, words: chunk.tokens.filter((token) => !isBigramToken(token)) });
    }
    if (pending.length >= EMBED_BATCH) await embedPending();
    input.onProgress?.(done + 1, documents.length);
  }
  await embedPending();
  if (layout.count === 0) throw new CorpusError(input.docsDir, 'the documents hold no passage to index; the index was not changed');
  return { chunks, vectorLabels: Uint32Array.from(layout.labels), vectorCount: layout.count, embedded };
}

/**
 * Which vector each chunk gets: chunks with the same embedded text share one (one HNSW point, one embedding),
 * labelled 0, 1, 2 … in the order texts are first seen.
 */
class VectorLayout {
  /** For each chunk in placement order, its vector's label. */
  readonly labels: number[] = [];
  readonly #labelOfText = new Map<string, number>();

  /** Distinct vectors so far. */
  get count(): number {
    return this.#labelOfText.size;
  }

  /**
   * Gives the next chunk, whose embedded text is `text`, its vector's label.
   * @returns the label when the text is new (its vector is needed), else null.
   */
  place(text: string): number | null {
    const known = this.#labelOfText.get(text);
    if (known !== undefined) {
      this.labels.push(known);
      return null;
    }
    const label = this.#labelOfText.size;
    this.#labelOfText.set(text, label);
    this.labels.push(label);
    return label;
  }
}

/**
 * Sorts the documents to index into added, updated and unchanged against a previous manifest (by file name and
 * content hash), and lists the previous files, duplicates included, that are gone from the folder.
 */
function compareWithPrevious(
  all: readonly CorpusDocument[],
  indexed: readonly CorpusDocument[],
  previous: Manifest | null,
): Pick<IngestReport, 'added' | 'updated' | 'removed' | 'unchanged'> {
  const previousHashes = new Map(previous?.documents.filter((d) => !d.duplicateOf).map((d) => [d.file, d.hash]));
  const present = new Set(all.map((d) => d.file));
  const lists = { added: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const doc of indexed) {
    const before = previousHashes.get(doc.file);
    lists[before === undefined ? 'added' : before === doc.hash ? 'unchanged' : 'updated'].push(doc.file);
  }
  return { ...lists, removed: (previous?.documents ?? []).map((d) => d.file).filter((file) => !present.has(file)) };
}

/** A document's chunks with their citation metadata, facts and search tokens. */
export function indexChunks(doc: CorpusDocument): IndexedChunk[] {
  return chunkDocument(doc, { maxChars: CHUNK_MAX_CHARS }).map((chunk) => ({
    ...chunk,
    title: doc.title,
    publisher: doc.publisher,
    date: doc.date,
    url: doc.url,
    facts: extractFacts(chunk.text, doc.date),
    tokens: indexTokens(embeddingText(chunk)),
    twins: [],
  }));
}

/** What is embedded and tokenised for a chunk: its sub-heading gives short passages their topic. */
function embeddingText(chunk: { heading: string | null; text: string }): string {
  return chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text;
}

/**
 * Whether the docs folder differs from what the index was built from (a file added, changed or removed).
 * True when there is no index at all.
 */
export async function isIndexStale(docsDir: string, indexDir: string): Promise<boolean> {
  const manifest = await readCurrentManifest(indexDir).catch(() => null);
  if (!manifest || manifest.chunker.analyzer !== indexRules()) return true;
  if (manifest.docsDir !== undefined && manifest.docsDir !== resolve(docsDir)) return true;
  const hashes = await hashCorpusFolder(docsDir);
  // Every file the last ingest read, used or skipped, with the content it had then: a fixed file is a change too.
  const seen = new Map([...manifest.documents, ...manifest.skipped].flatMap((d) => (d.hash ? [[d.file, d.hash] as const] : [])));
  for (const [file, hash] of hashes) if (seen.get(file) !== hash) return true;
  for (const { file } of manifest.documents) if (!hashes.has(file)) return true;
  return false;
}

/**
 * Builds or refreshes the index when the docs folder changed since the last ingest (or there is no index),
 * so a first `npm run ask` just works. A no-op when the index is fresh. When an index exists but cannot be
 * refreshed now (another ingest holds it, or its folder is read-only), it answers from its current generation,
 * with a warning: stale answers beat none.
 * @returns the ingest report when it ran, else null.
 * @throws {IndexLockedError} or {IndexUnwritableError} only when there is no index to fall back on.
 */
export async function ensureFreshIndex(options: {
  docsDir: string;
  indexDir: string;
  embeddings: CorpusEmbeddings;
  logger?: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
}): Promise<IngestReport | null> {
  if (!(await isIndexStale(options.docsDir, options.indexDir))) return null;
  let report: IngestReport;
  try {
    report = await ingest(options);
  } catch (error) {
    const cannotRefresh = error instanceof IndexLockedError || error instanceof IndexUnwritableError;
    const current = cannotRefresh ? await readCurrentManifest(options.indexDir).catch(() => null) : null;
    if (!current) throw error;
    options.logger?.warn({ generation: current.generation, reason: (error as Error).message }, 'the docs folder changed but the index cannot be refreshed now; answering from its current generation');
    return null;
  }
  options.logger?.info({ generation: report.generation, documents: report.documents, chunks: report.chunks, embedded: report.embedded }, 'index built from the docs folder');
  return report;
}

function sameList(a: readonly object[], b: readonly object[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
