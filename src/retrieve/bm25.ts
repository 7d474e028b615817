/** Okapi BM25 parameters: k1 saturates term frequency, b normalises by passage length. */
export interface Bm25Params {
  k1: number;
  b: number;
}

const DEFAULT_PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };

/** An inverted index over token lists (one per passage), built once, queried many times. */
export interface Bm25Index {
  params: Bm25Params;
  /** term → parallel arrays of passage positions and term frequencies. */
  postings: Map<string, { docs: Int32Array; tfs: Float32Array }>;
  lengths: Float32Array;
  averageLength: number;
  count: number;
}

/** Builds the inverted index. Pure; O(total tokens). */
export function buildBm25(tokenLists: readonly (readonly string[])[], params: Bm25Params = DEFAULT_PARAMS): Bm25Index {
  const growing = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths = new Float32Array(tokenLists.length);
  let total = 0;
  tokenLists.forEach((tokens, position) => {
    lengths[position] = tokens.length;
    total += tokens.length;
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let entry = growing.get(term);
      if (!entry) growing.set(term, (entry = { docs: [], tfs: [] }));
      entry.docs.push(position);
      entry.tfs.push(tf);
    }
  });
  const postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
  for (const [term, entry] of growing) postings.set(term, { docs: Int32Array.from(entry.docs), tfs: Float32Array.from(entry.tfs) });
  return { params, postings, lengths, averageLength: tokenLists.length ? total / tokenLists.length : 0, count: tokenLists.length };
}

/** Inverse document frequency (BM25+ style, never negative): how much a term tells passages apart. */
export function idf(index: Bm25Index, term: string): number {
  const df = index.postings.get(term)?.docs.length ?? 0;
  return Math.log(1 + (index.count - df + 0.5) / (df + 0.5));
}

/** The `k` best passages for the query tokens, best first, as positions with scores; ties keep position order. */
export function searchBm25(index: Bm25Index, queryTokens: readonly string[], k: number): { position: number; score: number }[] {
  const { k1, b } = index.params;
  const scores = new Map<number, number>();
  for (const term of new Set(queryTokens)) {
    const posting = index.postings.get(term);
    if (!posting) continue;
    const weight = idf(index, term);
    for (let i = 0; i < posting.docs.length; i++) {
      const position = posting.docs[i]!;
      const tf = posting.tfs[i]!;
      const norm = tf + k1 * (1 - b + (b * index.lengths[position]!) / (index.averageLength || 1));
      scores.set(position, (scores.get(position) ?? 0) + (weight * tf * (k1 + 1)) / norm);
    }
  }
  return [...scores]
    .map(([position, score]) => ({ position, score }))
    .sort((x, y) => y.score - x.score || x.position - y.position)
    .slice(0, k);
}
