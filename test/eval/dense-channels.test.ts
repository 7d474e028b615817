import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildChannelIndex } from '../../src/eval/dense-channels.js';
import { readQuestionSet } from '../../src/eval/question-set.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import { retrievePassages } from '../../src/retrieve/search.js';

const work = await mkdtemp(join(tmpdir(), 'yigai-channels-'));
afterAll(() => rm(work, { recursive: true, force: true }));

async function seedsSet() {
  const file = join(work, 'one.jsonl');
  await writeFile(file, `${JSON.stringify({ id: 'q1', question: '全国要建设多少个省级区域医疗中心？', facts: ['120'], files: ['004'], type: 'number' })}\n`);
  return [await readQuestionSet(file)];
}

describe('buildChannelIndex', () => {
  it('indexes with vectors of an LSA fitted on the corpus itself, and retrieves with them', async () => {
    const { index, embeddings } = await buildChannelIndex(await seedsSet(), 'seeds', join(work, 'lsa'), 'lsa');
    expect(index.manifest.embedder).toMatchObject({ provider: 'local', model: expect.stringMatching(/^lsa-\d+$/) });
    const { passages, denseError } = await retrievePassages(index, embeddings, analyzeQuestion('全国要建设多少个省级区域医疗中心？'), { mode: 'dense' });
    expect(denseError).toBeUndefined();
    expect(passages.slice(0, 5).some((p) => p.chunk.file.startsWith('004'))).toBe(true);
  });

  it('without the dense channel, answers from BM25 alone, as when an embedder fails', async () => {
    const { index, embeddings } = await buildChannelIndex(await seedsSet(), 'seeds', join(work, 'none'), 'none');
    const { passages, denseError } = await retrievePassages(index, embeddings, analyzeQuestion('全国要建设多少个省级区域医疗中心？'));
    expect(String(denseError)).toMatch(/--dense none/);
    expect(passages.some((p) => p.chunk.file.startsWith('004'))).toBe(true);
  });
});
