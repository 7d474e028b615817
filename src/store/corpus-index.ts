import hnswlib from 'hnswlib-node';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../corpus/chunk.js';
import type { ChunkFacts } from '../corpus/facts.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { buildBm25, searchBm25, type Bm25Index } from '../retrieve/bm25.js';
import type { Manifest } from './manifest.js';

/** A chunk as stored: its text and offsets, the citation metadata of its document, its facts and BM25 tokens. */
export interface IndexedChunk extends Chunk {
  title: string;
  publisher: string | null;
  date: string | null;
  url: string | null;
  facts: ChunkFacts;
  tokens: string[];
  /** Ids of near-identical passages in other documents (syndicated copies), found at ingest. */
  twins: string[];
}

/** HNSW graph settings; see the README's performance section for how they were chosen. */
export interface HnswSettings {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export const DEFAULT_HNSW: HnswSettings = { m: 16, efConstruction: 200, efSearch: 300 };

/** A scored hit from one retriever. */
export interface Hit {
  position: number;
  score: number;
}

/**
 * An index generation in memory: chunks in a fixed order (position = HNSW label), the LangChain HNSWLib store
 * holding their vectors, and a BM25 index over their tokens. Read-only once built or loaded.
 */
export class CorpusIndex {
  #bm25: Bm25Index | undefined;
  #copies: Map<string, string[]> | undefined;

  /**
   * @param chunks the chunks in label order (HNSW label = position); a loaded index parses each on first access.
   * @param bm25 the BM25 index over the chunks' tokens; when not given, built from them on first use, so an
   * ingest that only saves the index never pays for it.
   */
  constructor(
    readonly manifest: Manifest,
    readonly store: HNSWLib,
    readonly chunks: readonly IndexedChunk[],
    bm25?: Bm25Index,
  ) {
    this.#bm25 = bm25;
    store.index.setEf(manifest.hnsw.efSearch);
  }

  /** The BM25 inverted index over the passages' tokens (built on first use). */
  get bm25(): Bm25Index {
    this.#bm25 ??= buildBm25(this.chunks.map((chunk) => chunk.tokens));
    return this.#bm25;
  }

  /** Other file names under which the same document (identical content) was found, for citations. */
  copiesOf(file: string): readonly string[] {
    if (!this.#copies) {
      this.#copies = new Map();
      for (const d of this.manifest.documents) if (d.duplicateOf) this.#copies.set(d.duplicateOf, [...(this.#copies.get(d.duplicateOf) ?? []), d.file]);
    }
    return this.#copies.get(file) ?? [];
  }

  /** Nearest passages to a query vector by cosine similarity (1 = same direction). */
  denseSearch(vector: number[], k: number): Hit[] {
    const limit = Math.min(k, this.chunks.length);
    if (limit === 0) return [];
    const result = this.store.index.searchKnn(vector, limit);
    return result.neighbors.map((position, i) => ({ position, score: 1 - result.distances[i]! }));
  }

  /** BM25 search over the passages' jieba tokens. */
  lexicalSearch(tokens: readonly string[], k: number): Hit[] {
    return searchBm25(this.bm25, tokens, k);
  }

  /** The stored vector of a passage, for re-use when its document has not changed. */
  vectorAt(position: number): number[] {
    return this.store.index.getPoint(position);
  }
}

/**
 * LangChain's docstore for {@link HNSWLib}, answering `search(label)` from the chunks (label = position) with a
 * Document made on request: wrapping every chunk up front cost a second at load for 100k chunks, and
 * HNSWLib only asks for the few documents a search returns. Read-only, like the index.
 */
class ChunkDocstore extends SynchronousInMemoryDocstore {
  constructor(private readonly chunks: readonly IndexedChunk[]) {
    super();
  }

  override search(label: string): Document {
    const chunk = this.chunks[Number(label)];
    if (!chunk) throw new Error(`ID ${label} not found.`);
    return new Document({ pageContent: chunk.text, metadata: chunk, id: chunk.id });
  }

  override add(): void {
    throw new Error('an index generation is read-only; ingest writes a new one');
  }
}

/**
 * Wraps an HNSW graph and chunks (label order) in LangChain's HNSWLib: the chunks are the docstore's
 * document metadata, keyed by label.
 */
export function wrapStore(graph: hnswlib.HierarchicalNSW, chunks: readonly IndexedChunk[], dimensions: number, embeddings: CorpusEmbeddings): HNSWLib {
  const store = new HNSWLib(embeddings, {
    space: 'cosine',
    numDimensions: dimensions,
    index: graph,
    docstore: new ChunkDocstore(chunks),
  });
  // save() writes `args` to args.json; keep the live objects out of it.
  store.args = { space: 'cosine', numDimensions: dimensions };
  return store;
}

/**
 * Assembles an in-memory index from chunks and their vectors (same order). The HNSW graph is built here with
 * explicit M and efConstruction (LangChain's own `addVectors` would re-initialise it with defaults), then
 * handed to LangChain's HNSWLib, which searches it.
 */
export function assembleIndex(
  manifest: Manifest,
  chunks: readonly IndexedChunk[],
  vectors: readonly number[][],
  embeddings: CorpusEmbeddings,
): CorpusIndex {
  const dimensions = manifest.embedder.dimensions;
  const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
  graph.initIndex(Math.max(1, chunks.length), manifest.hnsw.m, manifest.hnsw.efConstruction, 100);
  chunks.forEach((_, position) => graph.addPoint(vectors[position]!, position));
  return new CorpusIndex(manifest, wrapStore(graph, chunks, dimensions, embeddings), chunks);
}
