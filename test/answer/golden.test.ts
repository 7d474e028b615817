import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { parseGolden, type EvalReport } from '../../src/eval/golden.js';
import { runEval } from '../../src/eval/run-eval.js';
import { buildSeedIndex } from '../helpers/seed-index.js';

// The offline path held to the golden set: these are the product's accuracy promises (issues #2 and #4).
let report: EvalReport;
let questionCount: number;

beforeAll(async () => {
  const golden = parseGolden(await readFile(join(import.meta.dirname, '..', 'golden.jsonl'), 'utf8'));
  questionCount = golden.length;
  const embeddings = new LocalEmbeddings();
  const index = await buildSeedIndex(embeddings);
  report = await runEval(golden, { answerer: createAnswerer({ index, embeddings }), index, embeddings });
}, 120_000);

describe('golden set, offline composer', () => {
  it('has at least 50 questions of every type', () => {
    expect(questionCount).toBeGreaterThanOrEqual(50);
    expect(Object.keys(report.accuracyByType).sort()).toEqual(['goal', 'number', 'other', 'province', 'unanswerable']);
  });

  it('answers at least 90% right overall, with a citation from an acceptable file', () => {
    expect(report.accuracy, formatWrong(report)).toBeGreaterThanOrEqual(0.9);
  });

  it.each(['number', 'goal', 'province', 'other'])('answers at least 90% of %s questions right', (type) => {
    expect(report.accuracyByType[type]!.accuracy, formatWrong(report)).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses every unanswerable question', () => {
    expect(report.refusalAccuracy, formatWrong(report)).toBe(1);
  });

  it('never cites a passage that lacks a number the answer states', () => {
    expect(report.ungroundedAnswers).toBe(0);
  });

  it('retrieves the right passage: hybrid recall@5 ≥ 0.95 and MRR ≥ 0.85', () => {
    expect(report.retrieval.hybrid.recallAt5).toBeGreaterThanOrEqual(0.95);
    expect(report.retrieval.hybrid.mrr).toBeGreaterThanOrEqual(0.85);
  });
});

function formatWrong(r: EvalReport): string {
  return r.items.filter((i) => !i.correct).map((i) => `${i.id}: ${i.why}`).join('; ');
}
