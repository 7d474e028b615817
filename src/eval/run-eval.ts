import type { Answerer } from '../answer/answerer.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { RetrievalMode } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { firstRelevantRank, historyOf, judgeAnswer, summarizeEval, type EvalReport, type GoldenItem } from './golden.js';

/** Runs every golden question through the answerer and the three retrieval modes. */
export async function runEval(items: readonly GoldenItem[], deps: { answerer: Answerer; index: CorpusIndex; embeddings: CorpusEmbeddings }): Promise<EvalReport> {
  const results = [];
  for (const item of items) results.push(judgeAnswer(item, await deps.answerer.answer(item.question, historyOf(item), { allowLlm: false })));
  const answerable = items.filter((i) => i.type !== 'unanswerable');
  const ranksByMode = {} as Record<RetrievalMode, (number | null)[]>;
  for (const mode of ['hybrid', 'bm25', 'dense'] as const) {
    ranksByMode[mode] = [];
    for (const item of answerable) ranksByMode[mode].push(await firstRelevantRank(item, deps.index, deps.embeddings, mode));
  }
  return summarizeEval(results, ranksByMode);
}
