import { splitSentences } from '../corpus/chunk.js';
import { extractFacts, numbersIn } from '../corpus/facts.js';
import { coverage, evidenceWords, factFit, speaksOfYear, TITLED_PERSON, type IdfLookup } from '../retrieve/evidence.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import { shingleSimilarity } from '../corpus/near-duplicates.js';
import type { Passage } from '../retrieve/search.js';
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
const PLACE_LIST_RATIO = 0.75;
const MAX_PLACE_QUOTES = 4;
// Sentences opening like this continue the one before (包括内蒙古…): quote them together.
const LEANS_ON_PREVIOUS = /^(包括|其中|这|此|该|对此|同时|另外|此外|他|她|他们|具体)/;
// A sentence ending in ；or ：is half of a pair (把蛋糕做大；又要…把蛋糕分好): quote the next one too.
const OPENS_NEXT = /[；;：:]$/;
// The question asks for a list (哪些专科, 哪五项, 是什么): a sentence enumerating with 、 is the likely answer.
const ASKS_LIST = /哪些|哪几|哪[一二三四五六七八九十两]|是什么|有什么/;
// 「哪些城市」, 「哪几个省」, “which cities”: several places wanted, not one.
const ASKS_PLACE_LIST = /哪些|哪几|\bwhich\s+[a-z]+(?:ies|s)\b/i;
const ENUMERATION = /、[^、]{1,12}、|一是.{1,40}二是/;
// 「哪五项」 asks for exactly five: a sentence that says 五项 is announcing that list.
const LIST_COUNT = /哪([一二三四五六七八九十两]+(?:项|个|类|条|方面|件))/;
const LIST_FIT = 0.15;
// A term the question quotes (“三不”) found verbatim is strong evidence, whatever the tokenizer makes of it.
const QUOTED_FIT = 0.3;
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
  if (!best || !isEvidence(question, best, passages)) return { answered: false, text: '', used: [] };

  const chosen = [best];
  // 「谁说的」 answered by a sentence that names no one: quote the earlier sentence of the article that names the speaker.
  const attribution =
    question.kind === 'person' && !TITLED_PERSON.test(best.text)
      ? candidates.find(
          (c) =>
            c.passage.chunk.file === best.passage.chunk.file &&
            c.passage.chunk.ordinal < best.passage.chunk.ordinal &&
            TITLED_PERSON.test(c.text) &&
            isEvidence(question, c, passages),
        )
      : undefined;
  const second = attribution ?? candidates.find(
    (c) =>
      c.passage.chunk.id !== best.passage.chunk.id &&
      c.score >= SECOND_SOURCE_RATIO * best.score &&
      isEvidence(question, c, passages) &&
      shingleSimilarity(c.text, best.text) < 0.5,
  );
  // A second outlet restating the same figures adds no information: cite it as another carrier, don't quote it.
  const restates =
    second !== undefined && second !== attribution && (restatesFigures(second.text, best.text) || restatesFigures(best.text, second.text));
  if (second && !restates) chosen.push(second);
  // A list of places answered across paragraphs (石家庄… / 保定… / 张家口…): quote each that names a new place.
  if (question.kind === 'places' && ASKS_PLACE_LIST.test(question.original)) chosen.push(...morePlaces(question, candidates, chosen, passages));
  // Newest first when two articles speak: a later report may update an earlier plan. One article reads in text order.
  chosen.sort(
    (a, b) =>
      (b.passage.chunk.date ?? '').localeCompare(a.passage.chunk.date ?? '') ||
      (a.passage.chunk.file === b.passage.chunk.file ? a.passage.chunk.ordinal - b.passage.chunk.ordinal : 0),
  );

  const used = chosen.map((c) =>
    restates && c === best && second.passage.chunk.file !== best.passage.chunk.file
      ? { ...c.passage, alsoIn: [...new Set([...c.passage.alsoIn, second.passage.chunk.file])] }
      : c.passage,
  );
  const text = chosen.map((c, i) => renderQuote(question, c, i + 1)).join('\n');
  return { answered: true, text, used };
}

function sentenceCandidates(question: AnalyzedQuestion, passage: Passage, idf: IdfLookup): Candidate[] {
  const text = passage.chunk.text;
  const spans = splitSentences(text);
  const asksList = (question.kind === 'other' || question.kind === 'method') && ASKS_LIST.test(question.original);
  const count = LIST_COUNT.exec(question.original)?.[1];
  const headingWords = tokenize(passage.chunk.heading ?? '');
  return spans.map((span, i) => {
    const previous = spans[i - 1];
    const next = spans[i + 1];
    const own = text.slice(span.start, span.end);
    const start = previous && LEANS_ON_PREVIOUS.test(own) ? previous.start : span.start;
    const end = next && OPENS_NEXT.test(own) ? next.end : span.end;
    const sentence = text.slice(start, end);
    const facts = extractFacts(sentence, passage.chunk.date);
    const words = evidenceWords([...tokenize(sentence), ...headingWords], facts);
    const score =
      SENTENCE_WEIGHT * coverage(words, question, idf) +
      PASSAGE_WEIGHT * passage.coverage +
      factFit(question, facts, sentence) +
      (asksList && ENUMERATION.test(sentence) ? LIST_FIT : 0) +
      (count && sentence.includes(count) ? LIST_FIT : 0) +
      (question.quoted.length > 0 && question.quoted.every((term) => sentence.includes(term)) ? QUOTED_FIT : 0);
    return { passage, start, end, text: sentence, score, facts };
  });
}

/**
 * Further sentences for a list of places, best first: from passages not yet quoted, each naming a place the
 * quotes so far do not (within the places the question names, when it names some: 河北 → 石家庄, 保定…),
 * scoring at least {@link PLACE_LIST_RATIO} of the best, up to {@link MAX_PLACE_QUOTES} quotes.
 */
function morePlaces(question: AnalyzedQuestion, candidates: readonly Candidate[], chosen: readonly Candidate[], passages: readonly Passage[]): Candidate[] {
  const within = (place: string) => question.places.length === 0 || question.places.includes(place);
  const placesOf = (c: Candidate) => [...c.facts.places, ...c.facts.cities].filter(within);
  const named = new Set(chosen.flatMap(placesOf));
  const quoted = new Set(chosen.map((c) => c.passage.chunk.id));
  const more: Candidate[] = [];
  for (const c of candidates) {
    if (chosen.length + more.length >= MAX_PLACE_QUOTES || c.score < PLACE_LIST_RATIO * chosen[0]!.score) break;
    if (quoted.has(c.passage.chunk.id) || !placesOf(c).some((place) => !named.has(place)) || !isEvidence(question, c, passages)) continue;
    more.push(c);
    quoted.add(c.passage.chunk.id);
    for (const place of placesOf(c)) named.add(place);
  }
  return more;
}

function isEvidence(question: AnalyzedQuestion, candidate: Candidate, passages: readonly Passage[]): boolean {
  if (candidate.passage.coverage < MIN_COVERAGE) return false;
  if (question.headNoun && !speaksOfHead(question, candidate.passage, passages)) return false;
  if (question.years.some((year) => !speaksOfYear(year, candidate.passage.chunk.facts, candidate.passage.chunk.text))) return false;
  if (question.kind === 'number' && candidate.facts.numbers.length === 0) return false;
  if (question.kind === 'number' && question.unit && !candidate.facts.numbers.some((n) => n.unit.startsWith(question.unit!))) {
    // 多少天 asked, only 家 and 个 found: the passage is about something else.
    return question.unit === '个' || question.unit === '元';
  }
  return true;
}

function renderQuote(question: AnalyzedQuestion, candidate: Candidate, n: number): string {
  const { publisher, date } = candidate.passage.chunk;
  const note = yearNote(candidate.text, date, question.script === 'english') + dayNote(candidate.text, date, question.script === 'english');
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

/**
 * Says which date a bare 「24日」 means, from the article's date (a report's 24日 is the latest 24th on or
 * before it), so a 「哪天」 question gets the month too.
 */
function dayNote(text: string, date: string | null, english: boolean): string {
  const day = /(?<![月\d])(\d{1,2})日/.exec(text)?.[1];
  if (!date || !day) return '';
  const [year, month, articleDay] = date.split('-').map(Number) as [number, number, number];
  const back = Number(day) > articleDay;
  const y = back && month === 1 ? year - 1 : year;
  const m = back ? (month === 1 ? 12 : month - 1) : month;
  return english ? ` (“${day}日” = ${y}-${m}-${day})` : `（文中“${day}日”指${y}年${m}月${day}日）`;
}

/**
 * Whether the evidence speaks of what the question asks about. A role asked for (院长 in 「…的院长是谁」) must be
 * in the passage itself; any other head noun may stand elsewhere in the same article (医改 in the lead of a report
 * whose later paragraph lists the five tasks), as long as the article speaks of it at all.
 */
function speaksOfHead(question: AnalyzedQuestion, passage: Passage, passages: readonly Passage[]): boolean {
  const noun = question.headNoun!;
  if (mentions(passage.chunk, noun)) return true;
  return question.kind !== 'person' && passages.some((p) => p.chunk.file === passage.chunk.file && mentions(p.chunk, noun));
}

/**
 * Whether a passage speaks of a noun: verbatim, by its stem for short words (河南人 → 河南), or by the head
 * of a long compound, which Chinese puts last (国家区域医疗中心 → 区域医疗中心).
 */
function mentions(chunk: { text: string; heading: string | null }, noun: string): boolean {
  const text = `${chunk.heading ?? ''}${chunk.text}`;
  if (text.includes(noun)) return true;
  if (noun.length >= 6) return text.includes(noun.slice(-6));
  return noun.length >= 3 && text.includes(noun.slice(0, 2));
}

/** Whether every number a sentence states is also stated by another (and it states some): one report, told twice. */
function restatesFigures(sentence: string, other: string): boolean {
  const figures = numbersIn(sentence);
  const known = new Set(numbersIn(other));
  return figures.length > 0 && figures.every((figure) => known.has(figure));
}
