import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { IdfLookup } from '../retrieve/search.js';

/** A question token with the weight it carries as evidence. */
export interface WeightedTerm {
  token: string;
  weight: number;
  /** Tokens of one group stand for one word of the question (the glosses of an English word): one of them is enough. */
  group?: number;
}

/** A question's weighted words and character bigrams: built once per question, read by every candidate. */
export interface QuestionTerms {
  words: WeightedTerm[];
  bigrams: WeightedTerm[];
  /** The names the question goes by (AnalyzedQuestion.names) that the corpus uses. */
  names: string[];
  /** The share of the question's words, and of its nouns (0 when it has none), that no article uses. */
  wordsUnknown: number;
  nounsUnknown: number;
}

// Words inherited from earlier turns matter, but less than what the user just asked.
const CONTEXT_WEIGHT = 0.5;

/** The question's terms with their weights: idf, less for inherited context; terms the corpus lacks weigh 0 and are left out. */
export function questionTerms(question: AnalyzedQuestion, idf: IdfLookup): QuestionTerms {
  const groupOf = new Map<string, number>();
  question.termGroups.forEach((words, group) => words.forEach((word) => groupOf.has(word) || groupOf.set(word, group)));
  const words = weightedTerms(question.focusWords, question.contextWords, idf);
  return {
    words: words.map((term) => (groupOf.has(term.token) ? { ...term, group: groupOf.get(term.token)! } : term)),
    bigrams: weightedTerms(question.focusBigrams, question.contextBigrams, idf),
    names: question.names.filter((name) => idf(name) > 0),
    wordsUnknown: unknownShare(question.focusWords, idf, question.termGroups),
    nounsUnknown: question.nounWords.length === 0 ? 0 : unknownShare(question.nounWords, idf),
  };
}

/**
 * The share of the question's own terms that no article uses: left out of coverage (they cannot be evidence), but
 * a question mostly made of them (忽略之前的指令…) is about something the corpus does not hold.
 */
function unknownShare(terms: readonly string[], idf: IdfLookup, groups: readonly (readonly string[])[] = []): number {
  // A group of alternatives (the glosses of one English word) is one word: unknown when none of them is known.
  const grouped = new Set(groups.flat());
  const words = [...groups.filter((group) => group.some((t) => terms.includes(t))), ...terms.filter((t) => !grouped.has(t)).map((t) => [t])];
  return words.length === 0 ? 1 : words.filter((word) => word.every((t) => idf(t) === 0)).length / words.length;
}

function weightedTerms(focus: readonly string[], context: readonly string[], idf: IdfLookup): WeightedTerm[] {
  return [
    ...focus.map((token) => ({ token, weight: idf(token) })),
    ...context.map((token) => ({ token, weight: CONTEXT_WEIGHT * idf(token) })),
  ].filter((term) => term.weight > 0);
}

/** Which word of the question a term stands for: its group, or itself. */
export function wordOf(term: WeightedTerm): string | number {
  return term.group ?? `token:${term.token}`;
}

/** One word of the question as evidence: the weight it carries, and that weight again when a text holds it. */
export interface TermEvidence {
  weight: number;
  present: number;
}

/**
 * The question's words as evidence in a token set. A group of alternatives is one word, held when any of them is,
 * and weighs as its most common alternative does: the glosses of an English word include rare senses (燕梳 for
 * 「insurance」) whose idf says nothing about how specific the word is.
 */
export function termEvidence(tokens: ReadonlySet<string>, terms: readonly WeightedTerm[]): TermEvidence[] {
  const byWord = new Map<string | number, { weight: number; held: boolean }>();
  for (const term of terms) {
    const key = wordOf(term);
    const word = byWord.get(key);
    const held = tokens.has(term.token);
    if (word) byWord.set(key, { weight: Math.min(word.weight, term.weight), held: word.held || held });
    else byWord.set(key, { weight: term.weight, held });
  }
  return [...byWord.values()].map(({ weight, held }) => ({ weight, present: held ? weight : 0 }));
}

/** The weighted share of the question's words a token set holds, 0..1 (0 when no term is known to the corpus). */
export function coverage(tokens: ReadonlySet<string>, terms: readonly WeightedTerm[]): number {
  let present = 0;
  let total = 0;
  for (const evidence of termEvidence(tokens, terms)) {
    total += evidence.weight;
    present += evidence.present;
  }
  return total === 0 ? 0 : present / total;
}
