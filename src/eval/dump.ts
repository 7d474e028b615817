import { FEATURE_NAMES } from '../rank/features.js';
import type { ExampleGroup } from './fit-model.js';

/** One candidate of a labelled question, as data: where it is, whether it answers, and its features. */
export interface DumpedCandidate {
  file: string;
  /** The passage's position in the index, and the quote's offsets in its text. */
  position: number;
  start: number;
  end: number;
  /** It holds the facts and comes from a listed source (the fit's positive). */
  label: boolean;
  text: string;
  /** The features in {@link CandidateDump.featureNames} order. */
  features: number[];
}

/** Every labelled question's candidates, as `npm run eval -- --dump` writes them. */
export interface CandidateDump {
  featureNames: readonly string[];
  questions: {
    set: string;
    id: string;
    type: string;
    question: string;
    facts: string[];
    sources: string[];
    kind: string;
    candidates: DumpedCandidate[];
  }[];
}

/**
 * The candidates the fit sees, as plain data: for studying features or trying another fit outside the product
 * (a feature's weight, a miss's candidates) without answering every question again. Pure.
 */
export function dumpCandidates(groups: readonly ExampleGroup[]): CandidateDump {
  return {
    featureNames: FEATURE_NAMES,
    questions: groups.map(({ question, analyzed, candidates, labels }) => ({
      set: question.set,
      id: question.id,
      type: question.type,
      question: question.question,
      facts: question.facts,
      sources: question.sources,
      kind: analyzed.kind,
      candidates: candidates.map((c, i) => ({
        file: c.passage.chunk.file,
        position: c.passage.position,
        start: c.start,
        end: c.end,
        label: labels[i]!,
        text: c.text,
        features: FEATURE_NAMES.map((name) => c.features[name]),
      })),
    })),
  };
}
