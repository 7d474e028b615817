import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGrounding } from '../../src/answer/verify.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { readQuestionSet } from '../../src/eval/question-set.js';
import { answerSet, type SetResult } from '../../src/eval/run-sets.js';
import { tally } from '../../src/eval/score.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

// The golden set (questions about the seeds) and the off-topic set, answered offline through `ask --jsonl`'s path
// with the shipped model. These are floors under figures measured when the model was fitted (README → How answers
// are made): they catch a broken pipeline or model file, they are not what the model is tuned for.
let golden: SetResult;
let offTopic: SetResult;

beforeAll(async () => {
  const embeddings = new LocalEmbeddings();
  const index = await buildSeedIndex(embeddings);
  golden = await answerSet(index, embeddings, await readQuestionSet(join(import.meta.dirname, '..', 'golden.jsonl')));
  offTopic = await answerSet(index, embeddings, await readQuestionSet(join(import.meta.dirname, '..', 'off-topic.jsonl')));
}, 120_000);

describe('golden set, offline composer', () => {
  it('has at least five questions of each type', () => {
    const counts = new Map<string, number>();
    for (const { question } of golden.items) counts.set(question.type, (counts.get(question.type) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['goal', 'number', 'other', 'province', 'unanswerable']);
    for (const [type, count] of counts) expect(count, type).toBeGreaterThanOrEqual(5);
  });

  it('answers at least 70% right, with a citation from an acceptable file', () => {
    const t = tally(golden.items);
    expect(t.right / t.total, wrong(golden)).toBeGreaterThanOrEqual(0.7);
  });

  it('finds a source article among the first five passages for at least 90% of the questions', () => {
    expect(golden.recallAt5).toBeGreaterThanOrEqual(0.9);
  });

  it('states no number in an answer that its cited passages (or their dates) lack', () => {
    for (const { question, record } of golden.items.filter((i) => i.record.answered)) {
      const sources = record.citations.map((c) => ({ text: c.quote, date: c.date }));
      expect(checkGrounding(record.answer, sources), question.id).toBeNull();
    }
  });

  it('refuses most off-topic questions (weather, recipes, code, instructions)', () => {
    const t = tally(offTopic.items);
    expect(t.refusedUnanswerable / t.unanswerable, wrong(offTopic)).toBeGreaterThanOrEqual(0.55);
  });
});

function wrong(result: SetResult): string {
  return result.items.filter((i) => !i.verdict.right).map((i) => `${i.question.id}: ${i.record.answer.slice(0, 60)}`).join('\n');
}
