import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import { idfOf, retrievePassages, type Retrieval } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { candidatesOf, type Candidate } from './candidates.js';
import { answerProbabilities, type ScorerWeights } from './model.js';

/** A candidate sentence with the model's probability that it answers the question. */
export interface ScoredCandidate extends Candidate {
  probability: number;
}

/**
 * Retrieves the passages for a question and turns their sentences into candidates with features: the one path
 * that answering and training share, so the model is fitted on exactly what it later scores.
 */
export async function findCandidates(
  index: CorpusIndex,
  embeddings: CorpusEmbeddings,
  question: AnalyzedQuestion,
): Promise<{ retrieval: Retrieval; candidates: Candidate[] }> {
  const retrieval = await retrievePassages(index, embeddings, question);
  return { retrieval, candidates: candidatesOf(question, retrieval.passages, index, idfOf(index)) };
}

/** Scores candidates with a fitted model. Pure. */
export function scoreCandidates(candidates: readonly Candidate[], model: ScorerWeights): ScoredCandidate[] {
  const probabilities = answerProbabilities(model, candidates.map((c) => ({ features: c.features, article: c.passage.chunk.file })));
  return candidates.map((candidate, i) => ({ ...candidate, probability: probabilities[i]! }));
}
