import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LEXICON_DIR } from '../text/lexicon.js';
import { FEATURE_NAMES, type FeatureVector } from './features.js';

/** Where `npm run train` writes the fitted scorer and the answerer reads it. */
export const MODEL_FILE = join(LEXICON_DIR, 'answer-model.json');

const modelSchema = z.object({
  /** One weight per feature name; a feature the file does not name weighs 0. */
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  /** Answer when the best candidate's probability (against the others and "no answer") reaches this; otherwise refuse. */
  threshold: z.number().min(0).max(1),
  /** Quote a second sentence when its probability is at least this share of the best one's. */
  secondQuoteRatio: z.number().min(0).max(1),
  /** How the weights were fitted: command, data, settings and the figures measured. */
  provenance: z.record(z.string(), z.unknown()),
});

/** A fitted answer scorer: a conditional logit over the named features, and the decisions built on it. */
export type AnswerModel = z.infer<typeof modelSchema>;

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

/** A candidate's score: the weighted sum of its features plus the bias (the log-odds against "no answer"). */
function candidateScore(model: Pick<AnswerModel, 'weights' | 'bias'>, features: FeatureVector): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += (model.weights[name] ?? 0) * features[name];
  return z;
}

/**
 * Each candidate's probability of being the answer, against the others and against "no answer" (score 0):
 * exp(z) / (1 + Σ exp(z')). Pure.
 */
export function answerProbabilities(model: Pick<AnswerModel, 'weights' | 'bias'>, candidates: readonly FeatureVector[]): number[] {
  const scores = candidates.map((features) => candidateScore(model, features));
  const top = Math.max(0, ...scores);
  const exps = scores.map((z) => Math.exp(z - top));
  const denominator = Math.exp(-top) + exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / denominator);
}
