import hnswlib from 'hnswlib-node';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../corpus/chunk.js';
import type { ChunkFacts } from '../corpus/facts.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { buildBm25, searchBm25, type Bm25Index } from './bm25.js';
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

export const DEFAULT_HNSW: HnswSettings = { m: 24, efConstruction: 100, efSearch: 150 };

/** A scored hit from one retriever. */
export interface Hit {
  position: number;
  score: number;
}

/**
 * An index generation in memory: chunks in a fixed order, the LangChain HNSWLib store holding their vectors,
 * and a BM25 index over their tokens. Chunks whose embedded text is identical (a paragraph syndicated across
 * articles) share one vector, one HNSW point: `vectorLabels[position]` is the chunk's HNSW label. Identical
 * points crowd each other out of HNSW's neighbour lists, which cost recall (see the README's performance
 * section), and embedding them again was wasted work. Read-only once built or loaded.
 */
export class CorpusIndex {
  #bm25: Bm25Index | undefined;
  #copies: Map<string, string[]> | undefined;
  #positionsByLabel: { starts: Uint32Array; positions: Uint32Array } | undefined;
  /**
   * LangChain's HNSWLib over the graph. Its own searches (`similaritySearch…`) return one Document per vector,
   * the first chunk that has it, and a filter sees only that chunk: use {@link denseSearch} for every chunk.
   */
  readonly store: HNSWLib;

  /**
   * @param graph the HNSW graph of the distinct vectors, wrapped here in LangChain's HNSWLib.
   * @param chunks the chunks in position order; a loaded index parses each on first access.
   * @param vectorLabels for each chunk position, the HNSW label of its vector (labels run 0 … vectorCount − 1).
   * @param bm25 the BM25 index over the chunks' tokens; when not given, built from them on first use, so an
   * ingest that only saves the index never pays for it.
   */
  constructor(
    readonly manifest: Manifest,
    graph: hnswlib.HierarchicalNSW,
    readonly chunks: readonly IndexedChunk[],
    readonly vectorLabels: Uint32Array,
    embeddings: CorpusEmbeddings,
    bm25?: Bm25Index,
  ) {
    this.#bm25 = bm25;
    graph.setEf(manifest.hnsw.efSearch);
    this.store = wrapStore(graph, manifest.embedder.dimensions, embeddings, (label) => {
      const position = this.#firstPositionOf(label);
      return position === undefined ? undefined : chunks[position];
    });
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

  /**
   * Nearest passages to a query vector by cosine similarity (1 = same direction): the k nearest vectors, each
   * standing for every passage that shares it (in position order), cut at k passages.
   */
  denseSearch(vector: number[], k: number): Hit[] {
    const limit = Math.min(k, this.chunks.length);
    if (limit === 0) return [];
    const result = this.store.index.searchKnn(vector, Math.min(limit, this.manifest.vectorCount));
    const { starts, positions } = this.#positionsOfLabels();
    const hits: Hit[] = [];
    result.neighbors.forEach((label, i) => {
      for (let at = starts[label]!; at < starts[label + 1]! && hits.length < limit; at++) {
        hits.push({ position: positions[at]!, score: 1 - result.distances[i]! });
      }
    });
    return hits;
  }

  /** The first passage whose vector has HNSW label `label`, for LangChain's docstore. */
  #firstPositionOf(label: number): number | undefined {
    const { starts, positions } = this.#positionsOfLabels();
    return label >= 0 && label < starts.length - 1 && starts[label]! < starts[label + 1]! ? positions[starts[label]!] : undefined;
  }

  /** Chunk positions grouped by vector label (counting sort): positions of label l are positions[starts[l] … starts[l+1]). */
  #positionsOfLabels(): { starts: Uint32Array; positions: Uint32Array } {
    if (this.#positionsByLabel) return this.#positionsByLabel;
    const starts = new Uint32Array(this.manifest.vectorCount + 1);
    for (const label of this.vectorLabels) starts[label + 1]!++;
    for (let label = 0; label < this.manifest.vectorCount; label++) starts[label + 1]! += starts[label]!;
    const next = starts.slice(0, -1);
    const positions = new Uint32Array(this.vectorLabels.length);
    this.vectorLabels.forEach((label, position) => (positions[next[label]!++] = position));
    return (this.#positionsByLabel = { starts, positions });
  }

  /** BM25 search over the passages' jieba tokens. */
  lexicalSearch(tokens: readonly string[], k: number): Hit[] {
    return searchBm25(this.bm25, tokens, k);
  }

  /** The stored vector of a passage, for re-use when its document has not changed. */
  vectorAt(position: number): number[] {
    return this.store.index.getPoint(this.vectorLabels[position]!);
  }
}

/**
 * LangChain's docstore for {@link HNSWLib}, answering `search(label)` with the first chunk whose vector has that
 * label, as a Document made on request: wrapping every chunk up front cost a second at load for 100k chunks,
 * and HNSWLib only asks for the few documents a search returns. Read-only, like the index.
 */
class ChunkDocstore extends SynchronousInMemoryDocstore {
  constructor(private readonly chunkOfLabel: (label: number) => IndexedChunk | undefined) {
    super();
  }

  override search(label: string): Document {
    const chunk = this.chunkOfLabel(Number(label));
    if (!chunk) throw new Error(`ID ${label} not found.`);
    return new Document({ pageContent: chunk.text, metadata: chunk, id: chunk.id });
  }

  override add(): void {
    throw new Error('an index generation is read-only; ingest writes a new one');
  }
}

/** Wraps an HNSW graph in LangChain's HNSWLib, whose docstore answers a label with its first chunk. */
function wrapStore(
  graph: hnswlib.HierarchicalNSW,
  dimensions: number,
  embeddings: CorpusEmbeddings,
  chunkOfLabel: (label: number) => IndexedChunk | undefined,
): HNSWLib {
  const store = new HNSWLib(embeddings, {
    space: 'cosine',
    numDimensions: dimensions,
    index: graph,
    docstore: new ChunkDocstore(chunkOfLabel),
  });
  // save() writes `args` to args.json; keep the live objects out of it.
  store.args = { space: 'cosine', numDimensions: dimensions };
  return store;
}
