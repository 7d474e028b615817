import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { fitModel, type ExampleGroup, type WeightCache } from './fit-model.js';
import type { FitOptions } from '../rank/fit.js';
import type { AnswerModel } from '../rank/model.js';
import type { QuestionSet } from './question-set.js';
import { answerSet, type SetResult } from './run-sets.js';

/** In-sample and leave-one-set-out results of fitting the answer scorer on labelled sets. */
export interface FoldResults {
  /** Fitted on every set. */
  model: Omit<AnswerModel, 'provenance'>;
  /** Every set answered by the model fitted on every set. */
  inSample: SetResult[];
  /** Each set answered by a model fitted on the other sets only. */
  heldOut: SetResult[];
}

/**
 * Fits on all sets and answers each (in-sample), then for each set fits on the others and answers it (held out):
 * the second figure is the evidence that the model generalizes to articles and wording it never saw.
 */
export async function evaluateFolds(
  index: CorpusIndex,
  embeddings: CorpusEmbeddings,
  sets: readonly QuestionSet[],
  groups: readonly ExampleGroup[],
  options: FitOptions = {},
): Promise<FoldResults> {
  // One cache for every fit of this run: the folds share most of their nested fits.
  const cache: WeightCache = new Map();
  const { model } = fitModel(groups, options, cache);
  const asModel = (fitted: Omit<AnswerModel, 'provenance'>): AnswerModel => ({ ...fitted, provenance: {} });
  const inSample: SetResult[] = [];
  const heldOut: SetResult[] = [];
  for (const set of sets) {
    inSample.push(await answerSet(index, embeddings, set, asModel(model)));
    const others = groups.filter((g) => g.question.set !== set.name);
    heldOut.push(await answerSet(index, embeddings, set, asModel(fitModel(others, options, cache).model)));
  }
  return { model, inSample, heldOut };
}
