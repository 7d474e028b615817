import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnswerer } from '../answer/answerer.js';
import { answerLines } from '../answer/answer-lines.js';
import type { AnswerRecord } from '../answer/answer-record.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { AnswerModel } from '../rank/model.js';
import { analyzeQuestion } from '../retrieve/question.js';
import { retrievePassages } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { loadIndex } from '../store/generations.js';
import { ingest } from '../store/ingest.js';
import { toAskLines, type LabelledQuestion, type QuestionSet } from './question-set.js';
import { judge, tally, type Tally, type Verdict } from './score.js';

/**
 * One index over the seeds and every set's articles (articles of the other sets are distractors), built in
 * `workDir` (docs/ and index/), as ../shared/eval/README.md prescribes.
 */
export async function buildEvalIndex(sets: readonly QuestionSet[], seedsDir: string, workDir: string, embeddings: CorpusEmbeddings): Promise<CorpusIndex> {
  const docsDir = join(workDir, 'docs');
  await mkdir(docsDir, { recursive: true });
  for (const dir of [seedsDir, ...sets.flatMap((s) => (s.docsDir ? [s.docsDir] : []))]) {
    for (const name of await readdir(dir)) await cp(join(dir, name), join(docsDir, name), { recursive: true });
  }
  const indexDir = join(workDir, 'index');
  await ingest({ docsDir, indexDir, embeddings });
  return (await loadIndex(indexDir, embeddings)).index;
}

/** A set's questions answered through `ask --jsonl`'s path, each with its record and verdict. */
export interface SetResult {
  set: string;
  items: { question: LabelledQuestion; record: AnswerRecord; verdict: Verdict }[];
  /** Share of answerable questions with a source article among the first five retrieved passages. */
  recallAt5: number;
}

/** Answers a set's questions the way `npm run ask -- --jsonl` does, and judges them as score.mjs does. */
export async function answerSet(index: CorpusIndex, embeddings: CorpusEmbeddings, set: QuestionSet, model?: AnswerModel): Promise<SetResult> {
  const answerer = createAnswerer({ index, embeddings, model });
  const records = new Map<string, AnswerRecord>();
  await answerLines(answerer, toAskLines(set.questions), (line) => {
    if ('answered' in line && line.id !== null) records.set(line.id, line);
  });
  const items = set.questions.map((question) => {
    const record = records.get(question.id)!;
    return { question, record, verdict: judge(question, { answered: record.answered, answer: record.answer, lead: record.lead, files: record.citations.map((c) => c.file) }) };
  });
  return { set: set.name, items, recallAt5: await sourceRecallAt5(index, embeddings, set.questions) };
}

async function sourceRecallAt5(index: CorpusIndex, embeddings: CorpusEmbeddings, questions: readonly LabelledQuestion[]): Promise<number> {
  const answerable = questions.filter((q) => q.type !== 'unanswerable' && q.sources.length > 0 && q.session === null && q.history.length === 0);
  let found = 0;
  for (const q of answerable) {
    const { passages } = await retrievePassages(index, embeddings, analyzeQuestion(q.question), { k: 5 });
    if (passages.some((p) => q.sources.some((s) => p.chunk.file.startsWith(s)))) found++;
  }
  return answerable.length === 0 ? 1 : found / answerable.length;
}

/** Per set and per type tallies of results. Pure. */
export function tallies(results: readonly SetResult[]): { bySet: Map<string, Tally>; byType: Map<string, Tally>; all: Tally } {
  const bySet = new Map(results.map((r) => [r.set, tally(r.items)]));
  const items = results.flatMap((r) => r.items);
  const types = [...new Set(items.map((i) => i.question.type))];
  const byType = new Map(types.map((t) => [t, tally(items.filter((i) => i.question.type === t))]));
  return { bySet, byType, all: tally(items) };
}

/** A results table for a terminal: one row per set, then per type, then all. Pure. */
export function formatTallies(title: string, results: readonly SetResult[]): string {
  const { bySet, byType, all } = tallies(results);
  const pct = (n: number, d: number) => (d === 0 ? '  -  ' : (n / d).toFixed(2));
  const row = (name: string, t: Tally, recall?: number) =>
    `${name.padEnd(16)} ${String(t.right).padStart(4)}/${String(t.total).padEnd(4)} ${pct(t.right, t.total)}   ` +
    `lead ${pct(t.rightInLead, t.total)}  refused ${String(t.falseRefusals).padStart(3)}  wrong ${String(t.wrong).padStart(3)}  cited ${pct(t.cited, t.answerable)}  ` +
    `unanswerable refused ${t.refusedUnanswerable}/${t.unanswerable}${recall === undefined ? '' : `  recall@5 ${recall.toFixed(2)}`}`;
  return [
    title,
    ...results.map((r) => row(`set ${r.set}`, bySet.get(r.set)!, r.recallAt5)),
    ...[...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, t]) => row(`  ${type}`, t)),
    row('all', all),
  ].join('\n');
}
