import { splitSentences, type Span } from '../corpus/chunk.js';
import { extractFacts, yearsIn, type ChunkFacts } from '../corpus/facts.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { IdfLookup, Passage } from '../retrieve/search.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { indexTokens } from '../text/tokenize.js';
import { articleNamesWhatIsAsked, describeCandidate, type DocumentEvidence, type FeatureVector } from './features.js';
import { questionTerms } from './terms.js';
import { compareWithinQuestion } from './within-question.js';

/** One sentence of a retrieved passage that might answer the question, with the features that score it. */
export interface Candidate {
  passage: Passage;
  /** Offsets of the quote in the passage text; a sentence that leans on the one before takes it along. */
  start: number;
  end: number;
  /** The quote: what the answer shows, verbatim. */
  text: string;
  /** The quote's words and bigrams, as the index tokenizes text. */
  tokens: ReadonlySet<string>;
  facts: ChunkFacts;
  features: FeatureVector;
}

// Sentences opening like this continue the one before (包括内蒙古…, 其中…): quote them together.
const LEANS_ON_PREVIOUS = /^(包括|其中|这|此|该|对此|同时|另外|此外|他|她|他们|具体|分别)/;
// A sentence ending in ；or ：is half of a pair: quote the next one too.
const OPENS_NEXT = /[；;：:]$/;

/**
 * Every sentence of the retrieved passages as a candidate answer, with its features; none from an article that
 * never names a place, year or batch the question names. The document-level features read each candidate's whole
 * article (its chunks sit side by side in the index). Pure given the index.
 */
export function candidatesOf(question: AnalyzedQuestion, retrieved: readonly Passage[], index: CorpusIndex, idf: IdfLookup): Candidate[] {
  const passages = withWholeDocuments(retrieved, index);
  const documents = new Map<string, DocumentEvidence>();
  const documentOf = (passage: Passage): DocumentEvidence => {
    let doc = documents.get(passage.chunk.file);
    if (!doc) documents.set(passage.chunk.file, (doc = documentEvidence(index, passage.position)));
    return doc;
  };
  const topFusion = passages[0]?.score ?? 1;
  const terms = questionTerms(question, idf);
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const text = passage.chunk.text;
    const spans = splitSentences(text);
    const passageTokens = new Set(passage.chunk.tokens);
    spans.forEach((_, i) => {
      const { start, end } = quoteBounds(text, spans, i);
      const quote = text.slice(start, end);
      const facts = extractFacts(quote, passage.chunk.date);
      const tokens = new Set(indexTokens(quote));
      const features = describeCandidate(question, terms, idf, {
        text: quote,
        tokens,
        facts,
        passage,
        passageTokens,
        fusion: passage.score / topFusion,
        document: documentOf(passage),
      });
      candidates.push({ passage, start, end, text: quote, facts, features, tokens });
    });
  }
  compareWithinQuestion(
    terms,
    candidates.map((c) => ({ features: c.features, file: c.passage.chunk.file, place: [c.passage.position, c.start], tokens: c.tokens, text: c.text, numbers: c.facts.numbers })),
  );
  // Compared with every sentence retrieved (a far better match elsewhere lowers their relative coverage), then left
  // out when their article never names what the question names.
  const eligible = new Map<string, boolean>();
  return candidates.filter(({ passage }) => {
    let named = eligible.get(passage.chunk.file);
    if (named === undefined) eligible.set(passage.chunk.file, (named = articleNamesWhatIsAsked(question, documentOf(passage).text, passage.chunk.date)));
    return named;
  });
}

// The most items of a list after a colon quoted with the clause that opens it (here, and across paragraphs in the
// composer).
export const MAX_LIST_ITEMS = 6;

/**
 * The offsets a sentence of a text is quoted with: a sentence leaning on the one before takes it along; a clause
 * ending in ；or ：takes the next one, and a clause opening a list (「…四种模式：甲；乙；丙；丁。」) each further item
 * up to the full stop, at most {@link MAX_LIST_ITEMS}. Pure.
 * @param spans the text's sentences (splitSentences), `i` the one quoted.
 */
export function quoteBounds(text: string, spans: readonly Span[], i: number): { start: number; end: number } {
  const span = spans[i]!;
  const own = text.slice(span.start, span.end);
  const start = i > 0 && LEANS_ON_PREVIOUS.test(own) ? spans[i - 1]!.start : span.start;
  if (!spans[i + 1] || !OPENS_NEXT.test(own)) return { start, end: span.end };
  let last = i + 1;
  const endsItem = (n: number) => /[；;]$/.test(text.slice(spans[n]!.start, spans[n]!.end));
  if (/[：:]/.test(own)) while (last - i < MAX_LIST_ITEMS && spans[last + 1] && endsItem(last)) last++;
  return { start, end: spans[last]!.end };
}

// The articles of the best few passages are read whole: the sentence that answers often shares few words with
// the question (it names a figure of a hospital that the article names only in its opening lines).
const WHOLE_DOCUMENTS = 3;

/**
 * The retrieved passages, then every other passage of the articles the first {@link WHOLE_DOCUMENTS} distinct
 * articles among them come from (ranked after the retrieved ones, in article order).
 */
function withWholeDocuments(retrieved: readonly Passage[], index: CorpusIndex): Passage[] {
  const have = new Set(retrieved.map((p) => p.position));
  const files: string[] = [];
  for (const p of retrieved) if (!files.includes(p.chunk.file) && files.length < WHOLE_DOCUMENTS) files.push(p.chunk.file);
  const more: Passage[] = [];
  for (const file of files) {
    const { first, last } = documentRange(index, retrieved.find((p) => p.chunk.file === file)!.position);
    for (let position = first; position <= last; position++) {
      if (!have.has(position)) more.push({ chunk: index.chunks[position]!, position, score: 0, rank: retrieved.length + more.length, alsoIn: [] });
    }
  }
  return [...retrieved, ...more];
}

/** The positions of the first and last chunk of the article a chunk belongs to: they sit side by side. */
function documentRange(index: CorpusIndex, position: number): { first: number; last: number } {
  const file = index.chunks[position]!.file;
  let first = position;
  while (first > 0 && index.chunks[first - 1]!.file === file) first--;
  let last = position;
  while (last + 1 < index.chunks.length && index.chunks[last + 1]!.file === file) last++;
  return { first, last };
}

/** What the features read of a candidate's whole article: its title's years, tokens, title tokens and text. */
function documentEvidence(index: CorpusIndex, position: number): DocumentEvidence {
  const { first, last } = documentRange(index, position);
  const tokens = new Set<string>();
  const texts: string[] = [];
  for (let p = first; p <= last; p++) {
    const chunk = index.chunks[p]!;
    for (const token of chunk.tokens) tokens.add(token);
    // A sub-heading is the article's too (「■ 第一批试点（2个）」 names the batch of the lines under it), once where it starts.
    if (chunk.heading !== null && (p === first || chunk.heading !== index.chunks[p - 1]!.heading)) texts.push(chunk.heading);
    texts.push(chunk.text);
  }
  const title = index.chunks[position]!.title;
  const titleTokens = new Set(indexTokens(title));
  for (const token of titleTokens) tokens.add(token);
  return { file: index.chunks[position]!.file, titleYears: yearsIn(title, null), tokens, titleTokens, text: `${title}\n${texts.join('\n')}` };
}
