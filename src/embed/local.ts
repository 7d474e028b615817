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

  /** Synchronous form, for callers that embed many texts in a tight loop. */
  embedText(text: string): number[] {
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    for (const word of tokenize(text)) add(`w:${word}`, WORD_WEIGHT);
    for (const run of normalizeForMatch(text).matchAll(HAN_RUN)) {
      for (let i = 0; i + 1 < run[0].length; i++) add(`b:${run[0].slice(i, i + 2)}`, BIGRAM_WEIGHT);
    }
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, count] of counts) {
      const hash = fnv1a(feature);
      const slot = hash % this.dimensions;
      const sign = hash & 0x80000000 ? -1 : 1;
      vector[slot]! += sign * (1 + Math.log(count));
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
