import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusEmbeddings } from '../../src/embed/embedder.js';
import { loadIndex } from '../../src/store/generations.js';
import { ingest } from '../../src/store/ingest.js';
import type { CorpusIndex } from '../../src/store/corpus-index.js';

import { SEEDS_DIR } from './corpus.js';

export { SEEDS_DIR };

/** Ingests the real seeds into a fresh temporary index and loads it. */
export async function buildSeedIndex(embeddings: CorpusEmbeddings): Promise<CorpusIndex> {
  const indexDir = await mkdtemp(join(tmpdir(), 'yigai-index-'));
  await ingest({ docsDir: SEEDS_DIR, indexDir, embeddings });
  return (await loadIndex(indexDir, embeddings)).index;
}
