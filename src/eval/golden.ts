/** The golden set as the bench reads it: its questions (and their histories) as retrieval queries. */
import { z } from 'zod';
import type { Turn } from '../answer/types.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { analyzeQuestion } from '../retrieve/question.js';
import { retrievePassages, type RetrievalMode } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';

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
