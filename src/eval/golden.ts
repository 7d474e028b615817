import { z } from 'zod';
import type { Answer, Turn } from '../answer/types.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { analyzeQuestion } from '../retrieve/question.js';
import { retrievePassages, type RetrievalMode } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { toSimplified } from '../text/script.js';
import { checkGrounding } from '../answer/verify.js';

const goldenSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  facts: z.array(z.string()),
  files: z.array(z.string()),
  type: z.enum(['number', 'goal', 'province', 'other', 'unanswerable']),
  lang: z.enum(['zh', 'zh-Hant', 'en']).default('zh'),
  history: z.array(z.string()).default([]),
});

/** One golden question: what a right answer must contain and which documents may support it. */
export type GoldenItem = z.infer<typeof goldenSchema>;

/** Parses golden.jsonl. @throws {Error} naming the line that is not a valid item. */
export function parseGolden(text: string): GoldenItem[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, lineNo]) => {
      const parsed = goldenSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`golden line ${lineNo}: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
}

/** The turns a golden item's history stands for. */
export function historyOf(item: GoldenItem): Turn[] {
  const turns: Turn[] = [];
  for (const question of item.history) turns.push({ question, searchedAs: analyzeQuestion(question, turns).carriedText });
  return turns;
}

/** How one answer fared. */
export interface ItemResult {
  id: string;
  type: GoldenItem['type'];
  correct: boolean;
  answered: boolean;
  /** Every number in the answer appears in a passage it cites. */
  grounded: boolean;
  why?: string;
}

/** Judges an answer against its golden item. Pure. */
export function judgeAnswer(item: GoldenItem, answer: Answer): ItemResult {
  const base = { id: item.id, type: item.type, answered: answer.answered };
  const grounded = !answer.answered || answer.composer === 'extractive' || checkGrounding(answer.text, answer.citations.map((c) => ({ text: c.quote, date: c.date }))) === null;
  if (item.type === 'unanswerable') {
    return { ...base, grounded, correct: !answer.answered, why: answer.answered ? 'answered an unanswerable question' : undefined };
  }
  if (!answer.answered) return { ...base, grounded, correct: false, why: 'refused' };
  const text = toSimplified(answer.text);
  const missing = item.facts.filter((fact) => !text.includes(fact));
  const citedOk = answer.citations.some((c) => item.files.includes(c.file) || c.alsoIn.some((f) => item.files.includes(f)));
  const why = missing.length > 0 ? `missing ${missing.join(', ')}` : !citedOk ? 'no citation from an acceptable file' : undefined;
  return { ...base, grounded, correct: why === undefined, why };
}

/** Rank (from 1) of the first retrieved passage from an acceptable file that contains one of the facts, or null. */
export async function firstRelevantRank(
  item: GoldenItem,
  index: CorpusIndex,
  embeddings: CorpusEmbeddings,
  mode: RetrievalMode,
  k = 5,
): Promise<number | null> {
  const question = analyzeQuestion(item.question, historyOf(item));
  const { passages } = await retrievePassages(index, embeddings, question, { mode, k });
  const rank = passages.findIndex(
    (p) =>
      (item.files.includes(p.chunk.file) || p.alsoIn.some((f) => item.files.includes(f))) &&
      item.facts.some((fact) => p.chunk.text.includes(fact)),
  );
  return rank === -1 ? null : rank + 1;
}

export interface RetrievalScores {
  recallAt5: number;
  mrr: number;
}

/** Recall@5 and MRR over the answerable items. */
export function retrievalScores(ranks: readonly (number | null)[]): RetrievalScores {
  const n = ranks.length || 1;
  return {
    recallAt5: ranks.filter((r) => r !== null && r <= 5).length / n,
    mrr: ranks.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0) / n,
  };
}

export interface EvalReport {
  items: ItemResult[];
  accuracyByType: Record<string, { correct: number; total: number; accuracy: number }>;
  accuracy: number;
  refusalAccuracy: number;
  citationHitRate: number;
  ungroundedAnswers: number;
  retrieval: Record<RetrievalMode, RetrievalScores>;
}

/** Aggregates per-item results and retrieval ranks into the report `npm run eval` prints. Pure. */
export function summarizeEval(items: ItemResult[], ranksByMode: Record<RetrievalMode, (number | null)[]>): EvalReport {
  const accuracyByType: EvalReport['accuracyByType'] = {};
  for (const item of items) {
    const entry = (accuracyByType[item.type] ??= { correct: 0, total: 0, accuracy: 0 });
    entry.total++;
    if (item.correct) entry.correct++;
  }
  for (const entry of Object.values(accuracyByType)) entry.accuracy = entry.correct / entry.total;
  const unanswerable = items.filter((i) => i.type === 'unanswerable');
  const answerable = items.filter((i) => i.type !== 'unanswerable');
  return {
    items,
    accuracyByType,
    accuracy: items.filter((i) => i.correct).length / (items.length || 1),
    refusalAccuracy: unanswerable.filter((i) => i.correct).length / (unanswerable.length || 1),
    citationHitRate: answerable.filter((i) => i.answered && i.why !== 'no citation from an acceptable file').length / (answerable.length || 1),
    ungroundedAnswers: items.filter((i) => !i.grounded).length,
    retrieval: {
      hybrid: retrievalScores(ranksByMode.hybrid),
      bm25: retrievalScores(ranksByMode.bm25),
      dense: retrievalScores(ranksByMode.dense),
    },
  };
}

/** Renders the report as the table `npm run eval` prints. Pure. */
export function formatEvalReport(report: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = ['Answer accuracy by question type', 'type          correct  total  accuracy'];
  for (const [type, e] of Object.entries(report.accuracyByType)) {
    lines.push(`${type.padEnd(14)}${String(e.correct).padStart(7)}${String(e.total).padStart(7)}  ${pct(e.accuracy).padStart(8)}`);
  }
  lines.push(
    `all           ${pct(report.accuracy)}`,
    `refusals right on unanswerable: ${pct(report.refusalAccuracy)}`,
    `citation hit rate (answerable): ${pct(report.citationHitRate)}`,
    `answers citing a number their sources lack: ${report.ungroundedAnswers}`,
    '',
    'Retrieval (answerable questions)   recall@5   MRR',
  );
  for (const mode of ['bm25', 'dense', 'hybrid'] as const) {
    const r = report.retrieval[mode];
    lines.push(`${mode.padEnd(35)}${pct(r.recallAt5).padStart(8)}  ${r.mrr.toFixed(3)}`);
  }
  const wrong = report.items.filter((i) => !i.correct);
  if (wrong.length > 0) {
    lines.push('', 'Wrong:');
    for (const item of wrong) lines.push(`  ${item.id} (${item.type}): ${item.why}`);
  }
  return lines.join('\n');
}
