import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { currentGeneration } from '../../src/store/generations.js';
import { ingest, isIndexStale } from '../../src/store/ingest.js';
import { indexRules } from '../../src/store/manifest.js';
import { analyzerVersion } from '../../src/text/tokenize.js';
import { FACTS_VERSION } from '../../src/corpus/facts.js';
import { DOCUMENT_READER_VERSION } from '../../src/corpus/load.js';
import { SEEDS_DIR } from '../helpers/corpus.js';

describe('an index knows what built it', () => {
  it('records the document reader and the analyzer, and rebuilds when either differs instead of mixing tokens', async () => {
    const indexDir = await mkdtemp(join(tmpdir(), 'yigai-analyzer-'));
    const embeddings = new LocalEmbeddings();
    await ingest({ docsDir: SEEDS_DIR, indexDir, embeddings });
    const manifestPath = join(indexDir, (await currentGeneration(indexDir))!, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { chunker: { analyzer: string } };
    expect(manifest.chunker.analyzer).toBe(indexRules());
    expect(manifest.chunker.analyzer).toContain(DOCUMENT_READER_VERSION);
    expect(manifest.chunker.analyzer).toContain(FACTS_VERSION);
    expect(manifest.chunker.analyzer).toContain(analyzerVersion());
    expect(await isIndexStale(SEEDS_DIR, indexDir)).toBe(false);

    await writeFile(manifestPath, JSON.stringify({ ...manifest, chunker: { ...manifest.chunker, analyzer: 'older-rules' } }));
    expect(await isIndexStale(SEEDS_DIR, indexDir)).toBe(true);
    const report = await ingest({ docsDir: SEEDS_DIR, indexDir, embeddings });
    expect(report.rebuiltBecause).toContain('document reader, the facts reader, the word lists or the tokenizer changed');
    expect(report.unchanged).toEqual([]);
  });
});
