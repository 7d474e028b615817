import { describe, expect, it } from 'vitest';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { dumpCandidates } from '../../src/eval/dump.js';
import { collectExamples } from '../../src/eval/examples.js';
import { FEATURE_NAMES } from '../../src/rank/features.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

const embeddings = new LocalEmbeddings();
const index = await buildSeedIndex(embeddings);

describe('dumpCandidates', () => {
  it('writes each question with its candidates: place, label, text and every feature by name order, as JSON data', async () => {
    const question = { id: 'q', set: 'seeds', type: 'number', question: '全国布局了多少个国家医学中心？', facts: ['17个国家医学中心'], sources: ['000', '001'], session: null, history: [] };
    const groups = await collectExamples(index, embeddings, [question]);
    const dump = JSON.parse(JSON.stringify(dumpCandidates(groups))) as ReturnType<typeof dumpCandidates>;
    expect(dump.featureNames).toEqual(FEATURE_NAMES);
    const [dumped] = dump.questions;
    expect(dumped).toMatchObject({ set: 'seeds', id: 'q', type: 'number', kind: 'number', facts: ['17个国家医学中心'] });
    const group = groups[0]!;
    expect(dumped!.candidates).toHaveLength(group.candidates.length);
    dumped!.candidates.forEach((c, i) => {
      const candidate = group.candidates[i]!;
      expect(c).toMatchObject({ file: candidate.passage.chunk.file, position: candidate.passage.position, start: candidate.start, end: candidate.end, text: candidate.text, label: group.labels[i] });
      expect(c.features).toEqual(FEATURE_NAMES.map((name) => candidate.features[name]));
    });
    expect(dumped!.candidates.some((c) => c.label && c.text.includes('17个国家医学中心'))).toBe(true);
  });
});
