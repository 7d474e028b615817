import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { CorpusIndex, Hit, IndexedChunk } from '../store/corpus-index.js';
import { idf as bm25Idf } from './bm25.js';
import { tokenize } from '../text/tokenize.js';
import { coverage, evidenceWords, factFit, TITLED_PERSON, type IdfLookup } from './evidence.js';
import type { AnalyzedQuestion } from './question.js';

/** A retrieved passage with the evidence scores that ranked it. */
export interface Passage {
  chunk: IndexedChunk;
  /** The chunk's label in the index: a document's chunks sit side by side, in order. */
  position: number;
  /** Final rank score (fusion + coverage + fact fit). */
  score: number;
  /** Share of the question's words (idf-weighted) the passage contains. */
  coverage: number;
  /** Other documents carrying a near-identical passage (syndication), by file. */
  alsoIn: string[];
}

export type RetrievalMode = 'hybrid' | 'bm25' | 'dense';

export interface RetrieveOptions {
  /** Passages returned. @default 6 */
  k?: number;
  /** Candidates taken from each retriever before fusion. @default 40 */
  pool?: number;
  /** Which retrievers to use; the eval compares them. @default 'hybrid' */
  mode?: RetrievalMode;
  /** At most this many passages from one document, so one article cannot fill every slot. @default 3 */
  perDocument?: number;
}

export interface Retrieval {
  passages: Passage[];
  /** Set when the embedder failed and retrieval fell back to BM25 alone. */
  denseError?: unknown;
}

const RRF_K = 60;
const FUSION_WEIGHT = 0.4;
const COVERAGE_WEIGHT = 0.6;

/**
 * Finds the passages that best answer a question: dense (HNSW) and BM25 candidates fused by reciprocal rank,
 * re-ranked by word coverage and fact fit, near-duplicates collapsed, capped per document.
 * If the embedder fails (a remote one, offline), BM25 alone answers and `denseError` says why.
 */
export async function retrievePassages(
  index: CorpusIndex,
  embeddings: CorpusEmbeddings,
  question: AnalyzedQuestion,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const { k = 6, pool = 40, mode = 'hybrid' } = options;
  const lists: Hit[][] = [];
  let denseError: unknown;
  if (mode !== 'dense') lists.push(index.lexicalSearch(tokenize(question.searchText), pool));
  if (mode !== 'bm25' && question.searchText.trim() !== '') {
    try {
      lists.push(index.denseSearch(await embeddings.embedQuery(question.searchText), pool));
    } catch (error) {
      denseError = error;
    }
  }
  const idf = idfOf(index);
  const ranked = rerank(fuseRanks(lists), question, index.chunks, idf);
  // A list of places is often spread over one article's paragraphs (石家庄…, 保定…, 张家口…): let it bring one more.
  const diverse = diversify(ranked, k, options.perDocument ?? (question.kind === 'places' ? 4 : 3));
  const passages = (question.kind === 'person' ? withSpeaker(diverse, index.chunks) : diverse).map((passage) => {
    const copies = index.copiesOf(passage.chunk.file);
    return copies.length === 0 ? passage : { ...passage, alsoIn: [...new Set([...passage.alsoIn, ...copies])] };
  });
  return { passages, denseError };
}

// A report names a speaker once, where the quote starts; the next few paragraphs carry on in the same voice.
const SPEAKER_REACH = 3;

/**
 * For a 「谁」 question whose best passage names no one (「三是…」 of an official's list), brings in the passage
 * a few paragraphs earlier that names the speaker. It shares the best passage's coverage: it is evidence only
 * as that passage's attribution. Pure.
 */
function withSpeaker(passages: readonly Passage[], chunks: readonly IndexedChunk[]): Passage[] {
  const top = passages[0];
  if (!top || TITLED_PERSON.test(top.chunk.text)) return [...passages];
  // Walk back through the same article's earlier chunks (they precede it in label order), nearest first.
  let position = top.position - 1;
  while (position >= 0) {
    const chunk = chunks[position]!;
    if (chunk.file !== top.chunk.file || chunk.paragraph < top.chunk.paragraph - SPEAKER_REACH) return [...passages];
    if (TITLED_PERSON.test(chunk.text)) break;
    position--;
  }
  if (position < 0) return [...passages];
  const speaker = chunks[position]!;
  const rest = passages.slice(1).filter((p) => p.chunk.id !== speaker.id);
  return [top, { chunk: speaker, position, score: top.score, coverage: top.coverage, alsoIn: [] }, ...rest].slice(0, passages.length);
}

/** The corpus idf, for coverage scores. */
export function idfOf(index: CorpusIndex): IdfLookup {
  return (word) => bm25Idf(index.bm25, word);
}

/** Reciprocal rank fusion: each list contributes 1/(60 + rank) per hit. Pure. */
export function fuseRanks(lists: readonly Hit[][]): Hit[] {
  const fused = new Map<number, number>();
  for (const list of lists) {
    list.forEach((hit, rank) => fused.set(hit.position, (fused.get(hit.position) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return [...fused].map(([position, score]) => ({ position, score })).sort((a, b) => b.score - a.score || a.position - b.position);
}

function rerank(fused: Hit[], question: AnalyzedQuestion, chunks: readonly IndexedChunk[], idf: IdfLookup): Passage[] {
  const top = fused[0]?.score ?? 1;
  return fused
    .map((hit) => {
      const chunk = chunks[hit.position]!;
      const cov = coverage(evidenceWords(chunk.tokens, chunk.facts), question, idf);
      const score = FUSION_WEIGHT * (hit.score / top) + COVERAGE_WEIGHT * cov + factFit(question, chunk.facts, chunk.text);
      return { chunk, position: hit.position, score, coverage: cov, alsoIn: [] as string[] };
    })
    .sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : 1));
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
