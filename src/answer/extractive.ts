import { splitSentences } from '../corpus/chunk.js';
import { extractFacts } from '../corpus/facts.js';
import { coverage, factFit, type IdfLookup } from '../retrieve/evidence.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import { shingleSimilarity, type Passage } from '../retrieve/search.js';
import { tokenize } from '../text/tokenize.js';

/** An answer composed from passages: text with `[n]` markers, n indexing `used` from 1. */
export interface Composition {
  answered: boolean;
  text: string;
  /** The passages cited, in the order of their numbers. */
  used: Passage[];
}

interface Candidate {
  passage: Passage;
  /** Offsets of the sentence(s) in the passage text; a sentence that leans on the one before takes it along. */
  start: number;
  end: number;
  text: string;
  score: number;
  facts: ReturnType<typeof extractFacts>;
}

/** Below this share of the question's words, the best evidence does not answer the question. */
export const MIN_COVERAGE = 0.4;
const SENTENCE_WEIGHT = 0.6;
const PASSAGE_WEIGHT = 0.4;
const SECOND_SOURCE_RATIO = 0.9;
// Sentences opening like this continue the one before (包括内蒙古…): quote them together.
const LEANS_ON_PREVIOUS = /^(包括|其中|这|此|该|对此|同时|另外|此外|他|她|他们|具体)/;
const RELATIVE_YEARS: ReadonlyArray<readonly [string, number]> = [
  ['今年', 0],
  ['年内', 0],
  ['明年', 1],
  ['去年', -1],
];

/**
 * The offline composer: picks the sentences of the retrieved passages that answer the question (word coverage
 * plus the fact the question asks for), quotes them verbatim with their source and date, and marks each with
 * `[n]`. When the evidence is weak, or a number question finds no number, it answers `answered: false`.
 * Pure: passages and idf in, text out.
 */
export function composeExtractive(question: AnalyzedQuestion, passages: readonly Passage[], idf: IdfLookup): Composition {
  const candidates = passages.flatMap((passage) => sentenceCandidates(question, passage, idf)).sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || !isEvidence(question, best)) return { answered: false, text: '', used: [] };

  const chosen = [best];
  const second = candidates.find(
    (c) =>
      c.passage.chunk.id !== best.passage.chunk.id &&
      c.score >= SECOND_SOURCE_RATIO * best.score &&
      isEvidence(question, c) &&
      shingleSimilarity(c.text, best.text) < 0.5,
  );
  if (second) chosen.push(second);
  // Newest first when two articles speak: a later report may update an earlier plan.
  chosen.sort((a, b) => (b.passage.chunk.date ?? '').localeCompare(a.passage.chunk.date ?? ''));

  const used = chosen.map((c) => c.passage);
  const text = chosen.map((c, i) => renderQuote(question, c, i + 1)).join('\n');
  return { answered: true, text, used };
}

function sentenceCandidates(question: AnalyzedQuestion, passage: Passage, idf: IdfLookup): Candidate[] {
  const text = passage.chunk.text;
  const spans = splitSentences(text);
  return spans.map((span, i) => {
    const previous = spans[i - 1];
    const start = previous && LEANS_ON_PREVIOUS.test(text.slice(span.start, span.end)) ? previous.start : span.start;
    const sentence = text.slice(start, span.end);
    const facts = extractFacts(sentence, passage.chunk.date);
    const words = new Set([...tokenize(sentence), ...tokenize(passage.chunk.heading ?? '')]);
    const score =
      SENTENCE_WEIGHT * coverage(words, question, idf) + PASSAGE_WEIGHT * passage.coverage + factFit(question, facts, sentence);
    return { passage, start, end: span.end, text: sentence, score, facts };
  });
}

function isEvidence(question: AnalyzedQuestion, candidate: Candidate): boolean {
  if (candidate.passage.coverage < MIN_COVERAGE) return false;
  if (question.headNoun && !mentions(candidate.passage.chunk, question.headNoun)) return false;
  if (question.years.some((year) => !candidate.passage.chunk.text.includes(year))) return false;
  if (question.kind === 'number' && candidate.facts.numbers.length === 0) return false;
  if (question.kind === 'number' && question.unit && !candidate.facts.numbers.some((n) => n.unit.startsWith(question.unit!))) {
    // 多少天 asked, only 家 and 个 found: the passage is about something else.
    return question.unit === '个' || question.unit === '元';
  }
  return true;
}

function renderQuote(question: AnalyzedQuestion, candidate: Candidate, n: number): string {
  const { publisher, date } = candidate.passage.chunk;
  const note = yearNote(candidate.text, date, question.script === 'english');
  if (question.script === 'english') {
    const lead = question.kind === 'number' ? leadNumber(question, candidate) : null;
    const source = `According to ${publisher ?? 'the article'}${date ? ` (${date})` : ''}`;
    return `${source}${lead ? `, the figure is ${lead}` : ''}: “${candidate.text}”${note} [${n}]`;
  }
  const source = `据${publisher ?? '报道'}${date ? `（${date}）` : ''}：`;
  return `${source}${candidate.text}${note}[${n}]`;
}

/** The quantity that answers a number question: the one whose subject shares the question's words. */
function leadNumber(question: AnalyzedQuestion, candidate: Candidate): string | null {
  const numbers = candidate.facts.numbers;
  const words = new Set([...question.focusWords, ...question.contextWords]);
  const matching = numbers.find((n) => n.subject && tokenize(n.subject).some((w) => words.has(w)));
  return (matching ?? numbers[0])?.text ?? null;
}

/** Says which calendar year 「今年」/「明年」 mean, from the article's date, so a reader is not misled later. */
function yearNote(text: string, date: string | null, english: boolean): string {
  if (!date) return '';
  const year = Number(date.slice(0, 4));
  const notes = RELATIVE_YEARS.filter(([word]) => text.includes(word)).map(([word, offset]) =>
    english ? `“${word}” = ${year + offset}` : `“${word}”指${year + offset}年`,
  );
  if (notes.length === 0) return '';
  return english ? ` (${notes.join(', ')})` : `（文中${notes.join('，')}）`;
}

/** Whether a passage speaks of a noun: verbatim, or by its stem for longer words (河南人 → 河南). */
function mentions(chunk: { text: string; heading: string | null }, noun: string): boolean {
  const text = `${chunk.heading ?? ''}${chunk.text}`;
  return text.includes(noun) || (noun.length >= 3 && text.includes(noun.slice(0, 2)));
}
