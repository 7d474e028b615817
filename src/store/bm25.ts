/** Okapi BM25 parameters: k1 saturates term frequency, b normalises by passage length. */
export interface Bm25Params {
  k1: number;
  b: number;
}

const DEFAULT_PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };

/**
 * An inverted index over token lists (one per passage), built once, queried many times. The postings of all
 * terms share flat typed arrays (term `t` owns `docs`/`tfs` from `starts[t]` to `starts[t + 1]`, passages in
 * ascending order): one allocation per array instead of two per term, so building it at load is cheap.
 */
export interface Bm25Index {
  params: Bm25Params;
  /** term → its number in `starts`. */
  terms: ReadonlyMap<string, number>;
  starts: Uint32Array;
  docs: Uint32Array;
  tfs: Uint32Array;
  lengths: Float32Array;
  averageLength: number;
  count: number;
}

/** Builds the inverted index from token strings. Pure; O(total tokens). */
export function buildBm25(tokenLists: readonly (readonly string[])[], params: Bm25Params = DEFAULT_PARAMS): Bm25Index {
  const vocabulary: string[] = [];
  const numbers = new Map<string, number>();
  const offsets = new Uint32Array(tokenLists.length + 1);
  let total = 0;
  tokenLists.forEach((tokens, position) => {
    offsets[position] = total;
    total += tokens.length;
  });
  offsets[tokenLists.length] = total;
  const ids = new Uint32Array(total);
  let at = 0;
  for (const tokens of tokenLists) {
    for (const token of tokens) {
      let id = numbers.get(token);
      if (id === undefined) numbers.set(token, (id = vocabulary.push(token) - 1));
      ids[at++] = id;
    }
  }
  return buildBm25FromIds(vocabulary, ids, offsets, params);
}

/** Inverse document frequency (BM25+ style, never negative): how much a term tells passages apart. */
export function idf(index: Bm25Index, term: string): number {
  const t = index.terms.get(term);
  const df = t === undefined ? 0 : index.starts[t + 1]! - index.starts[t]!;
  return Math.log(1 + (index.count - df + 0.5) / (df + 0.5));
}

/** Per-index scratch for searches: score accumulator, touched positions, and each passage's length norm. */
interface SearchScratch {
  scores: Float64Array;
  seen: Uint8Array;
  touched: Int32Array;
  lengthNorm: Float64Array;
}

const scratchOf = new WeakMap<Bm25Index, SearchScratch>();

/**
 * A query term found in more than this share of the passages, and in more than {@link LONG_POSTINGS} of them, is left
 * out of the search when others remain. Small corpora are searched in full: there, no posting list is long.
 */
const COMMON_TERM_SHARE = 0.5;
const LONG_POSTINGS = 10_000;

function scratchFor(index: Bm25Index): SearchScratch {
  let scratch = scratchOf.get(index);
  if (!scratch) {
    const { k1, b } = index.params;
    const lengthNorm = new Float64Array(index.count);
    for (let p = 0; p < index.count; p++) lengthNorm[p] = k1 * (1 - b + (b * index.lengths[p]!) / (index.averageLength || 1));
    scratch = { scores: new Float64Array(index.count), seen: new Uint8Array(index.count), touched: new Int32Array(index.count), lengthNorm };
    scratchOf.set(index, scratch);
  }
  return scratch;
}

/**
 * The `k` best passages for the query tokens, best first, as positions with scores; ties keep position order.
 * Scores accumulate in a typed array (not a Map) and the best `k` are picked with a bounded heap, so a query
 * costs O(postings + touched · log k) even when common terms touch most of a large corpus.
 */
export function searchBm25(index: Bm25Index, queryTokens: readonly string[], k: number): { position: number; score: number }[] {
  const { k1 } = index.params;
  if (index.count === 0 || k <= 0) return [];
  const { scores, seen, touched, lengthNorm } = scratchFor(index);
  let touchedCount = 0;
  const known = [...new Set(queryTokens)].flatMap((term) => {
    const t = index.terms.get(term);
    return t === undefined ? [] : [{ term, t }];
  });
  // A term in most passages tells them apart least (idf near its floor) yet has the longest postings: such terms are
  // left out when the query has others, which keeps a query's cost from growing with the corpus for common bigrams.
  const telling = known.filter(({ t }) => {
    const documentFrequency = index.starts[t + 1]! - index.starts[t]!;
    return documentFrequency <= LONG_POSTINGS || documentFrequency <= index.count * COMMON_TERM_SHARE;
  });
  for (const { term, t } of telling.length > 0 ? telling : known) {
    const weight = idf(index, term);
    const { docs, tfs } = index;
    for (let i = index.starts[t]!; i < index.starts[t + 1]!; i++) {
      const position = docs[i]!;
      const tf = tfs[i]!;
      const norm = tf + lengthNorm[position]!;
      if (seen[position] === 0) {
        seen[position] = 1;
        touched[touchedCount++] = position;
        scores[position] = 0;
      }
      scores[position] = scores[position]! + (weight * tf * (k1 + 1)) / norm;
    }
  }
  // Bounded min-heap of the best k (worst at the root): lower score, then higher position, is worse.
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let t = 0; t < touchedCount; t++) {
    const position = touched[t]!;
    seen[position] = 0;
    if (heap.length < k) {
      heap.push(position);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (worse(heap[0]!, position)) {
      heap[0] = position;
      siftDown(0);
    }
  }
  return heap
    .map((position) => ({ position, score: scores[position]! }))
    .sort((x, y) => y.score - x.score || x.position - y.position);
}

/**
 * Builds the same index as {@link buildBm25} from token ids: passage `p` has tokens
 * `vocabulary[ids[offsets[p]]] … vocabulary[ids[offsets[p + 1] - 1]]`. Typed arrays throughout (two counting
 * passes, no per-term allocation), so loading a large stored index does not create one string per token. Pure.
 */
export function buildBm25FromIds(
  vocabulary: readonly string[],
  ids: Uint32Array,
  offsets: Uint32Array,
  params: Bm25Params = DEFAULT_PARAMS,
): Bm25Index {
  const count = offsets.length - 1;
  const lengths = new Float32Array(count);
  // Pass 1: document frequencies, hence where each term's postings start.
  const starts = new Uint32Array(vocabulary.length + 1);
  const lastSeen = new Int32Array(vocabulary.length).fill(-1);
  for (let p = 0; p < count; p++) {
    lengths[p] = offsets[p + 1]! - offsets[p]!;
    for (let i = offsets[p]!; i < offsets[p + 1]!; i++) {
      const id = ids[i]!;
      if (lastSeen[id] !== p) {
        lastSeen[id] = p;
        starts[id + 1]!++;
      }
    }
  }
  for (let t = 0; t < vocabulary.length; t++) starts[t + 1]! += starts[t]!;
  // Pass 2: fill each passage's (position, tf) into its terms' postings, in passage order.
  const docs = new Uint32Array(starts[vocabulary.length]!);
  const tfs = new Uint32Array(docs.length);
  const filled = starts.slice(0, vocabulary.length);
  const tf = new Uint32Array(vocabulary.length);
  let total = 0;
  for (let p = 0; p < count; p++) {
    const start = offsets[p]!;
    const end = offsets[p + 1]!;
    total += end - start;
    for (let i = start; i < end; i++) tf[ids[i]!]!++;
    for (let i = start; i < end; i++) {
      const id = ids[i]!;
      if (tf[id] === 0) continue;
      const at = filled[id]!++;
      docs[at] = p;
      tfs[at] = tf[id]!;
      tf[id] = 0;
    }
  }
  const terms = new Map<string, number>();
  for (let t = 0; t < vocabulary.length; t++) if (starts[t + 1]! > starts[t]!) terms.set(vocabulary[t]!, t);
  return { params, terms, starts, docs, tfs, lengths, averageLength: count ? total / count : 0, count };
}
