import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { CorpusEmbeddings, type EmbedderIdentity } from '../embed/embedder.js';
import { isBigramToken, tokenize } from '../text/tokenize.js';

// Extra random directions in the range finder, and power iterations: enough for the leading singular vectors
// of a sparse tf-idf matrix to settle (Halko, Martinsson & Tropp 2011, §1.6 and §4.5).
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 2;
// A word in one passage only relates it to nothing else.
const MIN_PASSAGES = 2;
const SEED = 7;

/**
 * Latent semantic analysis fitted on a corpus: passages as tf-idf vectors over their jieba words, projected onto
 * the leading left singular vectors of the word × passage matrix (randomized SVD), so two passages that share no
 * word but whose words keep the same company land close. The alternative to the hashed vectors that
 * `npm run eval -- --dense lsa` measures (issue 11): fitted on the very corpus it then embeds, so unlike the
 * product's embedders it must see every passage before the first is embedded.
 */
export class LsaEmbeddings extends CorpusEmbeddings {
  readonly identity: EmbedderIdentity;
  private readonly termOf = new Map<string, number>();
  private readonly idf: number[] = [];
  /** words × dimensions: what a word contributes to each latent dimension. */
  private readonly projection: Matrix;

  readonly dimensions: number;

  /**
   * @param passages each passage's tokens, as ingest made them (bigram tokens are left out).
   * @param dimensions latent dimensions wanted; a small corpus gives at most as many as it has words and passages.
   */
  constructor(passages: readonly (readonly string[])[], dimensions: number) {
    super({});
    const documents = passages.map(wordsOf);
    const df = new Map<string, number>();
    for (const words of documents) for (const word of new Set(words)) df.set(word, (df.get(word) ?? 0) + 1);
    for (const [word, n] of df) {
      if (n < MIN_PASSAGES) continue;
      this.termOf.set(word, this.idf.length);
      this.idf.push(Math.log(documents.length / n));
    }
    this.dimensions = Math.min(dimensions, this.idf.length, documents.length);
    if (this.dimensions === 0) throw new Error(`LSA needs words that occur in ${MIN_PASSAGES} passages or more; these ${documents.length} passages have none`);
    this.identity = { provider: 'local', model: `lsa-${this.dimensions}` };
    this.projection = leftSingularVectors(documents.map((words) => this.weights(words)), this.idf.length, this.dimensions);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(wordsOf(tokenize(text))));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(wordsOf(tokenize(text)));
  }

  override async embedPassages(passages: readonly { text: string; words: readonly string[] }[]): Promise<number[][]> {
    return passages.map(({ words }) => this.vector(wordsOf(words)));
  }

  /** Sublinear tf × idf over the fitted vocabulary, L2-normalised: word index → weight. */
  private weights(words: readonly string[]): Map<number, number> {
    const counts = new Map<number, number>();
    for (const word of words) {
      const term = this.termOf.get(word);
      if (term !== undefined) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    const weights = new Map([...counts].map(([term, n]) => [term, (1 + Math.log(n)) * this.idf[term]!] as const));
    const norm = Math.hypot(...weights.values()) || 1;
    return new Map([...weights].map(([term, w]) => [term, w / norm] as const));
  }

  private vector(words: readonly string[]): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [term, weight] of this.weights(words)) {
      for (let d = 0; d < this.dimensions; d++) vector[d]! += weight * this.projection.get(term, d);
    }
    const norm = Math.hypot(...vector);
    // A text with no fitted word still needs a valid direction for cosine search; it matches nothing in particular.
    if (norm === 0) return vector.map((_, d) => (d === 0 ? 1 : 0));
    return vector.map((x) => x / norm);
  }
}

function wordsOf(tokens: readonly string[]): string[] {
  return tokens.filter((token) => !isBigramToken(token));
}

/**
 * The leading `rank` left singular vectors (terms × rank) of the sparse terms × passages matrix whose columns are
 * `columns`, by randomized range finding with power iterations, then an exact SVD of the small projected matrix.
 */
function leftSingularVectors(columns: readonly Map<number, number>[], terms: number, rank: number): Matrix {
  // No more directions than the matrix has rows or columns (rank is within both).
  const width = Math.min(rank + OVERSAMPLING, terms, columns.length);
  const timesA = (x: Matrix): Matrix => {
    const y = Matrix.zeros(terms, x.columns);
    columns.forEach((column, j) => {
      for (const [t, w] of column) for (let k = 0; k < x.columns; k++) y.set(t, k, y.get(t, k) + w * x.get(j, k));
    });
    return y;
  };
  const timesAT = (y: Matrix): Matrix => {
    const z = Matrix.zeros(columns.length, y.columns);
    columns.forEach((column, j) => {
      for (const [t, w] of column) for (let k = 0; k < y.columns; k++) z.set(j, k, z.get(j, k) + w * y.get(t, k));
    });
    return z;
  };
  // A 32-bit linear congruential generator in exact integer arithmetic (Math.imul): the same directions every fit.
  let state = SEED;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  let range = timesA(Matrix.from1DArray(columns.length, width, Array.from({ length: columns.length * width }, random)));
  for (let i = 0; i < POWER_ITERATIONS; i++) range = timesA(new QrDecomposition(timesAT(new QrDecomposition(range).orthogonalMatrix)).orthogonalMatrix);
  const basis = new QrDecomposition(range).orthogonalMatrix;
  // basisᵀA = U S Vᵀ, so A ≈ (basis U) S Vᵀ; the SVD of its transpose (passages × width) gives U as right vectors.
  const small = new SingularValueDecomposition(timesAT(basis), { autoTranspose: true });
  return basis.mmul(small.rightSingularVectors).subMatrix(0, terms - 1, 0, rank - 1);
}
