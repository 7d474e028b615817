import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { IdfLookup } from '../retrieve/search.js';

/** A question token with the weight it carries as evidence. */
export interface WeightedTerm {
  token: string;
  weight: number;
}

/** A question's weighted words and character bigrams: built once per question, read by every candidate. */
export interface QuestionTerms {
  words: WeightedTerm[];
  bigrams: WeightedTerm[];
}

// Words inherited from earlier turns matter, but less than what the user just asked.
const CONTEXT_WEIGHT = 0.5;

/** The question's terms with their weights: idf, less for inherited context; terms the corpus lacks weigh 0 and are left out. */
export function questionTerms(question: AnalyzedQuestion, idf: IdfLookup): QuestionTerms {
  return {
    words: weightedTerms(question.focusWords, question.contextWords, idf),
    bigrams: weightedTerms(question.focusBigrams, question.contextBigrams, idf),
  };
}

function weightedTerms(focus: readonly string[], context: readonly string[], idf: IdfLookup): WeightedTerm[] {
  return [
    ...focus.map((token) => ({ token, weight: idf(token) })),
    ...context.map((token) => ({ token, weight: CONTEXT_WEIGHT * idf(token) })),
  ].filter((term) => term.weight > 0);
}

/** The weighted share of the terms a token set holds, 0..1 (0 when no term is known to the corpus). */
export function coverage(tokens: ReadonlySet<string>, terms: readonly WeightedTerm[]): number {
  let present = 0;
  let total = 0;
  for (const { token, weight } of terms) {
    total += weight;
    if (tokens.has(token)) present += weight;
  }
  return total === 0 ? 0 : present / total;
}
