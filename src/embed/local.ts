import { CorpusEmbeddings, type EmbedderIdentity } from './embedder.js';
import { tokenize } from '../text/tokenize.js';
import { normalizeForMatch } from '../text/script.js';

export interface LocalEmbeddingsOptions {
  /** Vector length. Larger spreads hashed features over more slots (fewer collisions) at more memory. @default 512 */
  dimensions?: number;
}

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const HAN_RUN = /\p{sc=Han}+/gu;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// FNV-1a state after the feature prefixes `w:` and `b:`: hashing continues from here, so no prefixed string is built.
const WORD_SEED = fnv1aFrom(FNV_OFFSET, 'w:');
const BIGRAM_SEED = fnv1aFrom(FNV_OFFSET, 'b:');

/**
 * The offline embedder: jieba words plus Chinese character bigrams, each hashed (FNV-1a, signed) into a
 * fixed-size vector, weighted by sublinear term frequency and L2-normalised. No model, no network,
 * deterministic; words carry meaning, bigrams catch words the dictionary splits differently.
 */
export class LocalEmbeddings extends CorpusEmbeddings {
  readonly identity: EmbedderIdentity;
  readonly dimensions: number;

  constructor(options: LocalEmbeddingsOptions = {}) {
    super({});
    this.dimensions = options.dimensions ?? 512;
    this.identity = { provider: 'local', model: `hash-jieba-bigram-v1-${this.dimensions}` };
  }

  /** Embeds passages; never calls anything outside this process. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedText(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }

  /** Reuses ingest's words (`tokenize(text)`) instead of segmenting each passage a second time. */
  override async embedPassages(passages: readonly { text: string; words: readonly string[] }[]): Promise<number[][]> {
    return passages.map(({ text, words }) => this.embedTokenized(text, words));
  }

  /** Synchronous form, for callers that embed many texts in a tight loop. */
  embedText(text: string): number[] {
    return this.embedTokenized(text, tokenize(text));
  }

  /**
   * The same vector as {@link embedText}, from words the caller already has: `words` must be `tokenize(text)`.
   * Ingest tokenises each chunk once for BM25 and passes the tokens here instead of segmenting twice.
   */
  embedTokenized(text: string, words: readonly string[]): number[] {
    // Word and bigram features are counted apart (their prefixes keep them apart in the hash too), in the
    // order the original single `w:`/`b:` map saw them, so collisions add up in the same order.
    const wordCounts = new Map<string, number>();
    for (const word of words) wordCounts.set(word, (wordCounts.get(word) ?? 0) + WORD_WEIGHT);
    const bigramCounts = new Map<string, number>();
    for (const run of normalizeForMatch(text).matchAll(HAN_RUN)) {
      const han = run[0];
      for (let i = 0; i + 1 < han.length; i++) {
        const bigram = han.slice(i, i + 2);
        bigramCounts.set(bigram, (bigramCounts.get(bigram) ?? 0) + BIGRAM_WEIGHT);
      }
    }
    const dimensions = this.dimensions;
    const vector = new Float64Array(dimensions);
    for (const [word, count] of wordCounts) {
      const hash = fnv1aFrom(WORD_SEED, word);
      vector[hash % dimensions]! += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
    }
    for (const [bigram, count] of bigramCounts) {
      const hash = fnv1aFrom(BIGRAM_SEED, bigram);
      vector[hash % dimensions]! += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
    }
    const norm = hypot(vector) || 1;
    const out = new Array<number>(dimensions);
    for (let i = 0; i < dimensions; i++) out[i] = vector[i]! / norm;
    return out;
  }
}

/** FNV-1a over `text`, continuing from `hash` (the offset basis for a fresh hash). */
function fnv1aFrom(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * `Math.hypot(...values)` without spreading 512 arguments: the same algorithm as V8's (scale by the largest
 * magnitude, Kahan-compensated sum of squares), so the result is bit-for-bit the same.
 */
function hypot(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const abs = Math.abs(values[i]!);
    if (abs > max) max = abs;
  }
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const n = Math.abs(values[i]!) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = preliminary - sum - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}
