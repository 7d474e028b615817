import { describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { collectExamples } from '../../src/eval/examples.js';
import type { LabelledQuestion } from '../../src/eval/question-set.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

const embeddings = new LocalEmbeddings();
const index = await buildSeedIndex(embeddings);

const question = (facts: string[], sources: string[]): LabelledQuestion => ({
  id: 'q',
  set: 'seeds',
  type: 'number',
  question: '国家医学中心和省级区域医疗中心各要建多少个？',
  facts,
  sources,
  session: null,
  history: [],
});

describe('collectExamples', () => {
  it('labels the candidates that hold every fact, from a listed source', async () => {
    const [group] = await collectExamples(index, embeddings, [question(['17个国家医学中心'], ['000', '001'])]);
    const labelled = group!.candidates.filter((_, i) => group!.labels[i]);
    expect(labelled.length).toBeGreaterThan(0);
    for (const c of labelled) {
      expect(c.text).toContain('17个国家医学中心');
      expect(['000', '001'].some((source) => c.passage.chunk.file.startsWith(source))).toBe(true);
    }
  });

  it('labels the candidates holding the most facts when no one sentence holds them all', async () => {
    // 17个国家医学中心 and 120个左右 stand in two articles: no sentence answers both halves.
    const [group] = await collectExamples(index, embeddings, [question(['17个国家医学中心', '120个左右'], ['000', '004'])]);
    const labelled = group!.candidates.filter((_, i) => group!.labels[i]);
    expect(labelled.length).toBeGreaterThan(0);
    for (const c of labelled) expect(['17个国家医学中心', '120个左右'].filter((fact) => c.text.includes(fact))).toHaveLength(1);
  });

  it('labels every candidate of a listed source for an answerable question listing no facts', async () => {
    const [group] = await collectExamples(index, embeddings, [question([], ['000'])]);
    expect(group!.labels.some(Boolean)).toBe(true);
    group!.candidates.forEach((c, i) => expect(group!.labels[i]).toBe(c.passage.chunk.file.startsWith('000')));
  });

  it('labels nothing for an unanswerable question', async () => {
    const [group] = await collectExamples(index, embeddings, [{ ...question([], []), type: 'unanswerable' }]);
    expect(group!.candidates.length).toBeGreaterThan(0);
    expect(group!.labels.every((label) => !label)).toBe(true);
  });
});
