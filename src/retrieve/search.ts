import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { CorpusIndex, Hit, IndexedChunk } from '../store/corpus-index.js';
import { idf as bm25Idf } from '../store/bm25.js';
import type { AnalyzedQuestion } from './question.js';

/** A retrieved passage: a chunk with the rank fusion score that brought it. */
export interface Passage {
  chunk: IndexedChunk;
  /** The chunk's label in the index: a document's chunks sit side by side, in order. */
  position: number;
  /** Reciprocal-rank fusion score over the retrievers (higher is better). */
  score: number;
  /** Rank among the retrieved passages, from 0. */
  rank: number;
  /** Other documents carrying a near-identical passage (syndication), by file. */
  alsoIn: string[];
}

export type RetrievalMode = 'hybrid' | 'bm25' | 'dense';

export interface RetrieveOptions {
  /** Passages returned. @default 24 */
  k?: number;
  /** Candidates taken from each retriever before fusion. @default 60 */
  pool?: number;
  /** Which retrievers to use; the eval compares them. @default 'hybrid' */
  mode?: RetrievalMode;
  /** At most this many passages from one document, so one article cannot fill every slot. @default 8 */
  perDocument?: number;
}

export interface Retrieval {
  passages: Passage[];
  /** Set when the embedder failed and retrieval fell back to BM25 alone. */
  denseError?: unknown;
}

const RRF_K = 60;

/**
 * Finds the passages that may answer a question: BM25 over words, BM25 over character bigrams and dense (HNSW)
 * candidates, fused by reciprocal rank, near-duplicates collapsed, capped per document. Which sentence of them
 * answers is the ranker's job (src/rank). If the embedder fails (a remote one, offline), the lexical channels
 * answer alone and `denseError` says why.
 */
export async function retrievePassages(
  index: CorpusIndex,
  embeddings: CorpusEmbeddings,
  question: AnalyzedQuestion,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const { k = 24, pool = 60, mode = 'hybrid' } = options;
  const lists: Hit[][] = [];
  let denseError: unknown;
  if (mode !== 'dense') {
    lists.push(index.lexicalSearch([...question.focusWords, ...question.contextWords], pool));
    lists.push(index.lexicalSearch([...question.focusBigrams, ...question.contextBigrams], pool));
  }
  if (mode !== 'bm25' && question.searchText.trim() !== '') {
    try {
      lists.push(index.denseSearch(await embeddings.embedQuery(question.searchText), pool));
    } catch (error) {
      denseError = error;
    }
  }
  const ranked = fuseRanks(lists).map((hit) => ({ chunk: index.chunks[hit.position]!, position: hit.position, score: hit.score, rank: 0, alsoIn: [] as string[] }));
  const passages = diversify(ranked, k, options.perDocument ?? 8).map((passage, rank) => {
    const copies = index.copiesOf(passage.chunk.file);
    return { ...passage, rank, alsoIn: copies.length === 0 ? passage.alsoIn : [...new Set([...passage.alsoIn, ...copies])] };
  });
  return { passages, denseError };
}

/** How much a token (word or bigram) tells passages apart in this index (BM25 idf; 0 for a token it never saw). */
export type IdfLookup = (token: string) => number;

/** The corpus idf: a token the corpus never uses weighs nothing (it cannot be evidence either way). */
export function idfOf(index: CorpusIndex): IdfLookup {
  return (token) => (index.bm25.terms.has(token) ? bm25Idf(index.bm25, token) : 0);
}

/** Reciprocal rank fusion: each list contributes 1/(60 + rank) per hit. Pure. */
export function fuseRanks(lists: readonly Hit[][]): Hit[] {
  const fused = new Map<number, number>();
  for (const list of lists) {
    list.forEach((hit, rank) => fused.set(hit.position, (fused.get(hit.position) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return [...fused].map(([position, score]) => ({ position, score })).sort((a, b) => b.score - a.score || a.position - b.position);
}

/**
 * Keeps the best `k` passages, folding near-duplicates (twins found at ingest: syndicated copies) into the
 * first one's `alsoIn`, and allowing at most `perDocument` passages from one document. Pure.
 */
export function diversify(ranked: readonly Passage[], k: number, perDocument: number): Passage[] {
  const chosen: Passage[] = [];
  const perFile = new Map<string, number>();
  for (const passage of ranked) {
    if (chosen.length === k) break;
    const twin = chosen.find((c) => c.chunk.twins.includes(passage.chunk.id));
    if (twin) {
      if (!twin.alsoIn.includes(passage.chunk.file)) twin.alsoIn.push(passage.chunk.file);
      continue;
    }
    const count = perFile.get(passage.chunk.file) ?? 0;
    if (count >= perDocument) continue;
    perFile.set(passage.chunk.file, count + 1);
    chosen.push({ ...passage, alsoIn: [...passage.alsoIn] });
  }
  return chosen;
}
