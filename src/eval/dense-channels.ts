import { join } from 'node:path';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { LocalEmbeddings } from '../embed/local.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { LsaEmbeddings } from './lsa-embeddings.js';
import { buildEvalIndex } from './run-sets.js';
import type { QuestionSet } from './question-set.js';

/**
 * The dense channel an evaluation runs with: the product's hashed vectors, vectors of a corpus-fitted LSA, or
 * none (BM25 over words and bigrams alone, as the answerer answers when its embedder fails).
 */
export const DENSE_CHANNELS = ['hash', 'lsa', 'none'] as const;
export type DenseChannel = (typeof DENSE_CHANNELS)[number];

// LSA dimensions: the product's vectors have 512 hashed slots, but a few hundred latent dimensions are the usual
// range for LSA, and a corpus of a few hundred passages has no more to give.
const LSA_DIMENSIONS = 128;

/** The local embedder with its question embedding switched off: retrieval falls back to BM25 alone. */
class WithoutDenseSearch extends LocalEmbeddings {
  override async embedQuery(): Promise<number[]> {
    throw new Error('the dense channel is switched off for this evaluation (--dense none)');
  }
}

/** Builds the evaluation index in `workDir` for a dense channel, with the embeddings to query it with. */
export async function buildChannelIndex(
  sets: readonly QuestionSet[],
  seedsDir: string,
  workDir: string,
  channel: DenseChannel,
): Promise<{ index: CorpusIndex; embeddings: CorpusEmbeddings }> {
  const local = channel === 'none' ? new WithoutDenseSearch() : new LocalEmbeddings();
  const index = await buildEvalIndex(sets, seedsDir, join(workDir, 'hashed'), local);
  if (channel !== 'lsa') return { index, embeddings: local };
  // LSA is fitted on the corpus it embeds: the passages as the first index tokenized them, then indexed again.
  const lsa = new LsaEmbeddings(index.chunks.map((chunk) => chunk.tokens), LSA_DIMENSIONS);
  return { index: await buildEvalIndex(sets, seedsDir, join(workDir, 'lsa'), lsa), embeddings: lsa };
}
