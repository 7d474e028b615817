import { opensListItem } from '../corpus/blocks.js';
import { latestOnOrBefore, numbersIn, relativeYearsIn } from '../corpus/facts.js';
import { shingleSimilarity } from '../corpus/near-duplicates.js';
import { MAX_LIST_ITEMS, type Candidate } from '../rank/candidates.js';
import type { AnswerModel } from '../rank/model.js';
import type { ScoredCandidate } from '../rank/rank.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { Passage } from '../retrieve/search.js';
import { composeLead } from './lead.js';
import { CITATION_QUOTE_CHARS } from './types.js';
import { moreDatedFigures, renderTimeline, timelineOf } from './timeline.js';

/** An answer composed from passages: text with `[n]` markers, n indexing `used` from 1. */
export interface Composition {
  answered: boolean;
  /** The direct answer the text opens with (one sentence with its `[n]`), '' when not answered. */
  lead: string;
  text: string;
  /** The passages cited, in the order of their numbers. */
  used: Passage[];
}

const MAX_PLACE_QUOTES = 4;
// 「哪些城市」, 「哪几个省」, “which cities”: several places wanted, not one.
const ASKS_PLACE_LIST = /哪些|哪几|\bwhich\s+[a-z]+(?:ies|s)\b/i;

/**
 * The offline composer: quotes the sentence the model scores most likely to answer, verbatim, with its source and
 * date and an `[n]` marker (running on into the next sentence when that one scores well enough), and a second one
 * when it scores nearly as well (another outlet, the other half of a list). When even the best is below the
 * model's threshold, the answer is `answered: false`. Pure.
 */
export function composeExtractive(
  question: AnalyzedQuestion,
  scored: readonly ScoredCandidate[],
  model: Pick<AnswerModel, 'threshold' | 'secondQuoteRatio' | 'followingQuoteRatio'>,
): Composition {
  const ranked = aboutPlacesAsked(question, scored).sort((a, b) => b.probability - a.probability);
  const top = ranked[0];
  if (!top || top.probability < model.threshold) return { answered: false, lead: '', text: '', used: [] };
  const { quote: best, items } = withListAfterColon(withFollowingSentence(top, ranked, model.followingQuoteRatio * top.probability), ranked);
  // What the best quote took in of a list is quoted: not again as a second quote, a place or a figure over time.
  const rest = ranked.filter((c) => !items.some((item) => overlaps(item, c)));
  const floor = model.secondQuoteRatio * top.probability;
  const distinct = (c: ScoredCandidate, chosen: readonly ScoredCandidate[]) =>
    chosen.every((o) => !overlaps(o, c) && shingleSimilarity(c.text, o.text) < 0.5);
  const chosen: ScoredCandidate[] = [best];
  const second = rest.find((c) => c !== best && c.probability >= floor && distinct(c, chosen));
  // A second outlet restating the same figures adds no information: cite it as another carrier, don't quote it.
  const restates = second !== undefined && (restatesFigures(second.text, best.text) || restatesFigures(best.text, second.text));
  if (second && !restates) chosen.push(second);
  // A list of places answered across paragraphs (石家庄… / 保定… / 张家口…): quote each that names a new place.
  // Each further quote must pass the answer threshold on its own.
  if (question.kind === 'places' && ASKS_PLACE_LIST.test(question.original)) chosen.push(...morePlaces(question, rest, chosen, Math.max(floor, model.threshold), distinct));
  const byScore = [...chosen];
  // Newest first when two articles speak: a later report may update an earlier plan. One article reads in text order.
  chosen.sort(
    (a, b) =>
      (b.passage.chunk.date ?? '').localeCompare(a.passage.chunk.date ?? '') ||
      (a.passage.chunk.file === b.passage.chunk.file ? a.passage.position - b.passage.position || a.start - b.start : 0),
  );
  const used = chosen.map((c) =>
    restates && c === best && second.passage.chunk.file !== best.passage.chunk.file
      ? { ...c.passage, alsoIn: [...new Set([...c.passage.alsoIn, second.passage.chunk.file])] }
      : c.passage,
  );
  const lead = composeLead(question, byScore.map((c) => ({ text: c.text, n: chosen.indexOf(c) + 1, date: c.passage.chunk.date })));
  const english = question.script === 'english';
  const quotes = chosen.map((c, i) => quoteLine(english, c.text, c.passage.chunk, i + 1));
  // Figures of the same thing at other dates (another batch, a later total): a timeline after the lead.
  const later = question.kind === 'number' ? moreDatedFigures(question, rest, chosen) : [];
  const timeline = later.length > 0 ? timelineOf(question, [...chosen, ...later].map((candidate, i) => ({ candidate, n: i + 1 }))) : null;
  if (!timeline) return { answered: true, lead, text: [lead, ...quotes].join('\n'), used };
  return { answered: true, lead, text: [lead, renderTimeline(timeline, english), ...quotes].join('\n'), used: [...used, ...later.map((c) => c.passage)] };
}

/**
 * The best candidate, its quote running on to the end of the next sentence of its passage when that one scores at
 * least `floor` (its own quote may take the best one along: it ends later, wherever it starts).
 */
function withFollowingSentence(best: ScoredCandidate, ranked: readonly ScoredCandidate[], floor: number): ScoredCandidate {
  const text = best.passage.chunk.text;
  const next = ranked
    .filter((c) => c.passage.chunk.id === best.passage.chunk.id && c.end > best.end && (c.start <= best.end || /^\s*$/.test(text.slice(best.end, c.start))))
    .sort((a, b) => a.end - b.end)[0];
  if (!next || next.probability < floor) return best;
  return { ...best, end: next.end, text: text.slice(best.start, next.end) };
}

/**
 * A quote that ends its paragraph with a colon opens what the next paragraphs say (「医保电子凭证有四个突出优点：」,
 * then 「一是方便快捷。…」 and 「二是应用丰富。…」 a paragraph each): alone it answers nothing. The items come along —
 * the first sentence of each following paragraph of the article that opens like an item (up to
 * {@link MAX_LIST_ITEMS}), or of the one next paragraph when none does, 「……」 where a paragraph goes on — as long
 * as the citation can show them: the quote cites its own passage with those sentences, so every word it says is in
 * the cited text. `items` are the sentences taken in.
 */
function withListAfterColon(best: ScoredCandidate, ranked: readonly ScoredCandidate[]): { quote: ScoredCandidate; items: ScoredCandidate[] } {
  const { chunk } = best.passage;
  // Most quotes do not end in a colon: nothing below is needed for them (this runs on every answer).
  if (!/[：:]$/.test(best.text)) return { quote: best, items: [] };
  const sameArticle = ranked.filter((c) => c.passage.chunk.file === chunk.file);
  // The opening sentence of the paragraph after the one at hand, when the retrieved sentences include it.
  const openingAfter = (paragraph: number) =>
    sameArticle.filter((c) => c.passage.chunk.paragraph === paragraph + 1 && c.start === 0).sort((a, b) => a.passage.position - b.passage.position || a.end - b.end)[0];
  // A paragraph goes on past a sentence in the same passage, or in a later passage (a long paragraph is cut in several).
  const goesOn = (c: ScoredCandidate) =>
    c.passage.chunk.text.slice(c.end).trim() !== '' || sameArticle.some((o) => o.passage.chunk.paragraph === c.passage.chunk.paragraph && o.passage.position > c.passage.position);
  if (goesOn(best)) return { quote: best, items: [] };
  const next = openingAfter(chunk.paragraph);
  const listed: ScoredCandidate[] = [];
  for (let opening = next; opening && opensListItem(opening.text) && listed.length < MAX_LIST_ITEMS; opening = openingAfter(opening.passage.chunk.paragraph)) {
    listed.push(opening);
  }
  const items: ScoredCandidate[] = [];
  let cited = chunk.text;
  let said = best.text;
  for (const item of listed.length > 0 ? listed : next ? [next] : []) {
    const text = item.text + (goesOn(item) ? '……' : '');
    if (cited.length + 1 + text.length > CITATION_QUOTE_CHARS) break;
    cited += `\n${text}`;
    said += text;
    items.push(item);
  }
  if (items.length === 0) return { quote: best, items };
  return { quote: { ...best, passage: { ...best.passage, chunk: { ...chunk, text: cited } }, text: said }, items };
}

/**
 * For a follow-up that swaps in another place (「那江苏呢？」), the candidates that name it: an answer about another
 * place answers the previous question, not this one. All of them when none names it (the threshold then decides).
 */
function aboutPlacesAsked(question: AnalyzedQuestion, scored: readonly ScoredCandidate[]): ScoredCandidate[] {
  if (question.swappedPlaces.length === 0) return [...scored];
  const naming = scored.filter((c) => [...c.facts.places, ...c.facts.cities].some((place) => question.swappedPlaces.includes(place)));
  return naming.length > 0 ? naming : [...scored];
}

/** Whether two candidates quote overlapping text of the same passage. */
function overlaps(a: Candidate, b: Candidate): boolean {
  return a.passage.chunk.id === b.passage.chunk.id && a.start < b.end && b.start < a.end;
}

/**
 * Further sentences for a list of places, best first, each naming a place the quotes so far do not (within the
 * places the question names, when it names some), scoring at least `floor`, up to {@link MAX_PLACE_QUOTES} quotes.
 */
function morePlaces(
  question: AnalyzedQuestion,
  ranked: readonly ScoredCandidate[],
  chosen: readonly ScoredCandidate[],
  floor: number,
  distinct: (c: ScoredCandidate, chosen: readonly ScoredCandidate[]) => boolean,
): ScoredCandidate[] {
  const within = (place: string) => question.places.length === 0 || question.places.includes(place);
  const placesOf = (c: Candidate) => [...c.facts.places, ...c.facts.cities].filter(within);
  const named = new Set(chosen.flatMap(placesOf));
  const more: ScoredCandidate[] = [];
  for (const c of ranked) {
    if (chosen.length + more.length >= MAX_PLACE_QUOTES || c.probability < floor) break;
    if (!placesOf(c).some((place) => !named.has(place)) || !distinct(c, [...chosen, ...more])) continue;
    more.push(c);
    for (const place of placesOf(c)) named.add(place);
  }
  return more;
}

/**
 * One line of evidence: the quoted text verbatim with its outlet, date and `[n]`, and what 「今年」 or a bare 「24日」
 * means on that date. Pure.
 */
export function quoteLine(english: boolean, text: string, source: { publisher: string | null; date: string | null }, n: number): string {
  const { publisher, date } = source;
  const note = yearNote(text, date, english) + dayNote(text, date, english);
  if (english) return `According to ${publisher ?? 'the article'}${date ? ` (${date})` : ''}: “${text}”${note} [${n}]`;
  return `据${publisher ?? '报道'}${date ? `（${date}）` : ''}：${text}${note}[${n}]`;
}

/** Says which calendar year 「今年」/「明年」 mean, from the article's date, so a reader is not misled later. */
function yearNote(text: string, date: string | null, english: boolean): string {
  const notes = relativeYearsIn(text, date).map(({ word, year }) => (english ? `“${word}” = ${year}` : `“${word}”指${year}年`));
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
  const { year: y, month: m } = latestOnOrBefore(date, { day: Number(day) });
  return english ? ` (“${day}日” = ${y}-${m}-${day})` : `（文中“${day}日”指${y}年${m}月${day}日）`;
}

/** Whether every number a sentence states is also stated by another (and it states some): one report, told twice. */
function restatesFigures(sentence: string, other: string): boolean {
  const figures = numbersIn(sentence);
  const known = new Set(numbersIn(other));
  return figures.length > 0 && figures.every((figure) => known.has(figure));
}
