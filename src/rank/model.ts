import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LEXICON_DIR } from '../text/lexicon.js';
import { FEATURE_NAMES, type FeatureVector } from './features.js';
import { nestedProbabilities, numberArticles } from './nested-logit.js';

/** Where `npm run train` writes the fitted scorer and the answerer reads it. */
export const MODEL_FILE = join(LEXICON_DIR, 'answer-model.json');

const weightsSchema = z.record(z.string(), z.number());
const modelSchema = z.object({
  /** One weight per feature name for choosing among articles (and against "no answer"); a feature not named weighs 0. */
  articleWeights: weightsSchema,
  /** One weight per feature name for choosing among the sentences of one article. */
  sentenceWeights: weightsSchema,
  bias: z.number(),
  /** Answer when the best candidate's probability (against the others and "no answer") reaches this; otherwise refuse. */
  threshold: z.number().min(0).max(1),
  /** Quote a second sentence when its probability is at least this share of the best one's. */
  secondQuoteRatio: z.number().min(0).max(1),
  /**
   * Quote the sentence after the best one (in its passage) with it when its probability is at least this share of
   * the best one's: the sentence that names the subject is often followed by the one holding what was asked.
   */
  followingQuoteRatio: z.number().min(0).max(1),
  /** How the weights were fitted: command, data, settings and the figures measured. */
  provenance: z.record(z.string(), z.unknown()),
});

/** A fitted answer scorer: a nested logit over the named features (nested-logit.ts), and the decisions built on it. */
export type AnswerModel = z.infer<typeof modelSchema>;

/** The weights of the nested logit's two levels and the bias: what `npm run train` fits (fit.ts). */
export type ScorerWeights = Pick<AnswerModel, 'articleWeights' | 'sentenceWeights' | 'bias'>;

let loaded: AnswerModel | undefined;

/**
 * The model in lexicon/answer-model.json, read once.
 * @throws {Error} naming the file and field when it is not a valid model (run `npm run train` to write one).
 */
export function defaultModel(): AnswerModel {
  if (!loaded) loaded = parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), MODEL_FILE);
  return loaded;
}

/** Validates a parsed model file. @throws {Error} naming the field that is wrong. */
export function parseModel(value: unknown, source: string): AnswerModel {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'} ${issue.message}; run \`npm run train\` to rewrite it`);
  }
  return parsed.data;
}

/** A candidate's score at one level: the weighted sum of its features. */
function weightedSum(weights: Readonly<Record<string, number>>, features: FeatureVector): number {
  let z = 0;
  for (const name of FEATURE_NAMES) z += (weights[name] ?? 0) * features[name];
  return z;
}

/** What the scorer reads of a candidate: its features and the article it comes from. */
export interface ScoredView {
  features: FeatureVector;
  article: string;
}

/**
 * Each candidate's probability of being the answer, against the others and against "no answer": the probability of
 * its article times its probability within that article (nested-logit.ts). Pure.
 */
export function answerProbabilities(model: ScorerWeights, candidates: readonly ScoredView[]): number[] {
  const { articleOf, articles } = numberArticles(candidates.map(({ article }) => article));
  const articleScores = candidates.map(({ features }) => model.bias + weightedSum(model.articleWeights, features));
  const sentenceScores = candidates.map(({ features }) => weightedSum(model.sentenceWeights, features));
  return [...nestedProbabilities(articleScores, sentenceScores, articleOf, articles).candidate];
}
