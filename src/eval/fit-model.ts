import { composeExtractive } from '../answer/extractive.js';
import type { Candidate } from '../rank/candidates.js';
import { fitNestedLogit, type ExampleList, type FitOptions } from '../rank/fit.js';
import type { AnswerModel, ScorerWeights } from '../rank/model.js';
import { scoreCandidates, type ScoredCandidate } from '../rank/rank.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { LabelledQuestion } from './question-set.js';
import { judge } from './score.js';

/** A labelled question with its candidates as the answerer sees them, and which of them answer it. */
export interface ExampleGroup {
  question: LabelledQuestion;
  analyzed: AnalyzedQuestion;
  candidates: Candidate[];
  /** Per candidate: it holds every fact and comes from a listed source. */
  labels: boolean[];
}

// The grids the decisions are chosen from (a probability floor to answer; how close a second quote must be).
const THRESHOLDS = Array.from({ length: 60 }, (_, i) => Math.round((0.02 + i * 0.015) * 1000) / 1000);
const SECOND_QUOTE_RATIOS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
// How close the sentence after the best must score to be quoted with it (0: always; 1: only when it scores as well).
const FOLLOWING_QUOTE_RATIOS = [0, 0.01, 0.03, 0.1, 0.3, 1];

/**
 * Weights already fitted, by the sets they were fitted on. Fitting is deterministic, and nested leave-one-set-out
 * fits the same subsets again and again (the weights without set A are also fold A's held-out weights; those
 * without A and B are needed by folds A and B alike): pass one cache to the fits of one run to fit each subset once.
 */
export type WeightCache = Map<string, ScorerWeights>;

/** The weights fitted on the groups, from the cache when these sets were fitted before with these options. */
function weightsFor(groups: readonly ExampleGroup[], options: FitOptions, cache: WeightCache): ScorerWeights {
  const key = JSON.stringify([[...new Set(groups.map((g) => g.question.set))].sort(), options]);
  let weights = cache.get(key);
  if (!weights) cache.set(key, (weights = fitNestedLogit(examplesOf(groups), options)));
  return weights;
}

/** The weights fitted on some groups, and the decisions chosen on held-out sets. */
export interface FittedModel {
  model: Omit<AnswerModel, 'provenance'>;
  /** Right answers at the chosen decisions, over all groups, each set's questions scored by a model that never saw that set. */
  heldOutRight: number;
}

/**
 * Fits the answer scorer: nested-logit weights on every labelled question's candidates, then the answer
 * threshold and the quote ratios (second quote, following sentence) that make the most right answers when each set's questions are scored by
 * weights fitted without that set (leave one set out), so the decisions are chosen on data the weights did not
 * see. Pure (apart from filling `cache`).
 */
export function fitModel(groups: readonly ExampleGroup[], options: FitOptions = {}, cache: WeightCache = new Map()): FittedModel {
  const weights = weightsFor(groups, options, cache);
  const sets = [...new Set(groups.map((g) => g.question.set))];
  const heldOut: { group: ExampleGroup; scored: ScoredCandidate[] }[] = [];
  for (const set of sets) {
    const inner = sets.length > 1 ? weightsFor(groups.filter((g) => g.question.set !== set), options, cache) : weights;
    for (const group of groups.filter((g) => g.question.set === set)) heldOut.push({ group, scored: scoreCandidates(group.candidates, inner) });
  }
  let best = { threshold: 0.5, secondQuoteRatio: 1, followingQuoteRatio: 1, right: -1 };
  for (const [secondQuoteRatio, followingQuoteRatio] of SECOND_QUOTE_RATIOS.flatMap((second) => FOLLOWING_QUOTE_RATIOS.map((following) => [second, following] as const))) {
    // The quotes depend on the ratios only; the threshold then decides which answers are given.
    const outcomes = heldOut.map(({ group, scored }) => {
      const answered = composeExtractive(group.analyzed, scored, { threshold: 0, secondQuoteRatio, followingQuoteRatio });
      const given = judge(group.question, { answered: true, answer: answered.text, files: answered.used.map((p) => p.chunk.file) }).right;
      const refused = judge(group.question, { answered: false, answer: '', files: [] }).right;
      return { best: Math.max(0, ...scored.map((c) => c.probability)), given, refused };
    });
    for (const threshold of THRESHOLDS) {
      const right = outcomes.filter((o) => (o.best >= threshold ? o.given : o.refused)).length;
      if (right > best.right) best = { threshold, secondQuoteRatio, followingQuoteRatio, right };
    }
  }
  const { threshold, secondQuoteRatio, followingQuoteRatio } = best;
  return { model: { ...weights, threshold, secondQuoteRatio, followingQuoteRatio }, heldOutRight: best.right };
}

/**
 * The training lists: every unanswerable question, and every answerable one with a positive candidate (one whose
 * facts retrieval missed altogether says nothing about how to rank).
 */
function examplesOf(groups: readonly ExampleGroup[]): ExampleList[] {
  return groups
    .filter((g) => g.question.type === 'unanswerable' || g.labels.some(Boolean))
    .map((g) => ({ features: g.candidates.map((c) => c.features), articles: g.candidates.map((c) => c.passage.chunk.file), positives: g.labels }));
}
