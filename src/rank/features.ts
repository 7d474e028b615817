import { datesIn, mentionsSpan, yearsIn, type ChunkFacts } from '../corpus/facts.js';
import { titledPeopleIn } from '../corpus/speakers.js';
import type { AnalyzedQuestion } from '../retrieve/question.js';
import type { IdfLookup, Passage } from '../retrieve/search.js';
import { findCities, findLocalities, provinceOfCity } from '../text/gazetteer.js';
import { measureOf, ordinalsIn } from '../text/ordinals.js';
import { isBigramToken } from '../text/tokenize.js';
import { coverage, termEvidence, wordOf, type QuestionTerms, type WeightedTerm } from './terms.js';

/**
 * The named features of a candidate answer sentence, each with the side of zero its weight must stay on, known
 * before any data: 1, more of it never makes a sentence a worse answer (coverage, the kind of fact asked); -1, it
 * only ever speaks against one (something the question names is missing or contradicted, the question's words are
 * unknown to the corpus); 0, either way (length, position, novelty). Each feature is a general property of question
 * and sentence; the weights that combine them are fitted (`npm run train`), never set here, and the fit holds each
 * to its side, so features that overlap (a dozen coverages) cannot take opposite signs that fit the training
 * questions and nothing else (measured: README, How it is fitted).
 */
export const FEATURE_SIGNS = {
  wordCoverage: 1,
  allWordCoverage: 1,
  rareWordCoverage: 1,
  bigramCoverage: 1,
  characterCoverage: 1,
  nounCoverage: 1,
  nounCoverageInDocument: 1,
  untitledCoverage: 1,
  untitledBigramCoverage: 1,
  relativeCoverage: 1,
  relativeFittingCoverage: 1,
  fittingNearBest: 1,
  bestInDocument: 1,
  bestFittingInDocument: 1,
  articleLocalCoverage: 1,
  figureNearArticleLocalWord: 1,
  askedWordCoverage: 1,
  askedWordAbsent: -1,
  askedFactNearAskedWord: 1,
  passageCoverage: 1,
  rarestMissingInSentence: -1,
  rarestMissingInDocument: -1,
  documentCoverage: 1,
  documentBigramCoverage: 1,
  titleCoverage: 1,
  fusion: 1,
  fusionRank: 1,
  headNounInSentence: 1,
  headNounInDocument: 1,
  yearMissing: -1,
  yearConflict: -1,
  titleYearConflict: -1,
  articleYearDistance: -1,
  ordinalMissing: -1,
  ordinalConflict: -1,
  questionNumberMissing: -1,
  placeMissing: -1,
  placeMissingWherePlacesNamed: -1,
  nameMissingNearby: -1,
  quotedTermPresent: 1,
  numberAskedHasNumber: 1,
  numberAskedUnitMatch: 1,
  numberAskedUnitAbsent: -1,
  numberAskedNewNumber: 1,
  numberAskedNearQuestionWord: 1,
  deadlineAskedHasDate: 1,
  durationAskedHasDuration: 1,
  placesAskedPlaceCount: 1,
  personAskedTitledPerson: 1,
  methodAskedLength: 0,
  listAskedEnumerates: 1,
  length: 0,
  articleSentences: 0,
  leadParagraph: 0,
  previousAnswerDocument: 1,
  novelty: 0,
  questionWordsUnknown: -1,
  questionNounsUnknown: -1,
  questionNounsAllUnknown: -1,
  englishQuestion: 0,
} as const satisfies Record<string, -1 | 0 | 1>;

export type FeatureName = keyof typeof FEATURE_SIGNS;

/** The feature names, in a fixed order (a fitted model's weights and the fit's columns follow it). */
export const FEATURE_NAMES = Object.keys(FEATURE_SIGNS) as FeatureName[];

export type FeatureVector = Record<FeatureName, number>;

/** What the features read of a candidate's whole article. */
export interface DocumentEvidence {
  file: string;
  /** The years its title names (a report titled for one year gives that year's figures). */
  titleYears: readonly string[];
  tokens: ReadonlySet<string>;
  titleTokens: ReadonlySet<string>;
  text: string;
}

/** A candidate sentence as the features see it. */
export interface CandidateView {
  text: string;
  tokens: ReadonlySet<string>;
  facts: ChunkFacts;
  passage: Passage;
  passageTokens: ReadonlySet<string>;
  /** The passage's fusion score relative to the best passage's, 0..1. */
  fusion: number;
  document: DocumentEvidence;
}

const ASKS_LIST = /哪些|哪几|哪[一二三四五六七八九十两]|有什么|是什么|which|what are/i;
const ENUMERATION = /、[^、。]{1,20}、|一是.{1,60}二是|（[一二三四]）/;

/** Computes a candidate's features. Pure. */
export function describeCandidate(question: AnalyzedQuestion, terms: QuestionTerms, idf: IdfLookup, view: CandidateView): FeatureVector {
  const { words: wordTerms, bigrams: bigramTerms } = terms;
  const sentenceWords = withPlaceEvidence(view.tokens, view.facts);
  const documentText = view.document.text;
  const kind = question.kind;
  const numbers = view.facts.numbers;
  const places = [...view.facts.places, ...view.facts.cities];
  const articleDate = view.passage.chunk.date;
  // A sentence naming no year, place or batch of a kind speaks of the sub-heading it stands under (「■ 第一批试点（2个）」),
  // as one naming no year speaks of its article's; what it names itself stands.
  const heading = view.passage.chunk.heading ?? '';
  const ownOrdinals = ordinalsIn(view.text);
  const sentenceOrdinals = [...ownOrdinals, ...ordinalsIn(heading).filter((o) => !ownOrdinals.some((own) => measureOf(own) === measureOf(o)))];
  const ownYears = yearsIn(view.text, articleDate);
  const sentenceYears = ownYears.length > 0 ? ownYears : yearsIn(heading, articleDate);
  const placesText = places.length > 0 ? view.text : `${heading}\n${view.text}`;
  const askedCoverage = askedWordCoverage(view.text, question.askedWords);
  const placesLeftOut = missingShare(question.places, (place) => placesText.includes(place) || places.some((p) => provinceOfCity(p) === place));
  // null when the question names no unit (多少张 names 张): then nothing matches it and nothing lacks it.
  const holdsAskedUnit = question.unit === null ? null : numbers.some((n) => n.unit.includes(question.unit!));
  return {
    wordCoverage: coverage(sentenceWords, wordTerms),
    allWordCoverage: plainCoverage(sentenceWords, question.focusWords),
    rareWordCoverage: coverage(sentenceWords, rarest(wordTerms, RARE_TERMS)),
    bigramCoverage: coverage(view.tokens, bigramTerms),
    characterCoverage: characterCoverage(view.text, question.focusWords, idf),
    nounCoverage: plainCoverage(sentenceWords, question.nounWords),
    nounCoverageInDocument: plainCoverage(view.document.tokens, question.nounWords),
    untitledCoverage: coverage(sentenceWords, wordTerms.filter((t) => !view.document.titleTokens.has(t.token))),
    untitledBigramCoverage: coverage(view.tokens, bigramTerms.filter((t) => !view.document.titleTokens.has(t.token))),
    // Set by compareWithinQuestion (within-question.ts) once every candidate has its own features.
    relativeCoverage: 0,
    relativeFittingCoverage: 0,
    fittingNearBest: 0,
    bestInDocument: 0,
    bestFittingInDocument: 0,
    articleLocalCoverage: 0,
    figureNearArticleLocalWord: 0,
    passageCoverage: coverage(view.passageTokens, wordTerms),
    rarestMissingInSentence: rarestMissing(sentenceWords, wordTerms),
    rarestMissingInDocument: rarestMissing(view.document.tokens, wordTerms),
    documentCoverage: coverage(view.document.tokens, wordTerms),
    documentBigramCoverage: coverage(view.document.tokens, bigramTerms),
    titleCoverage: coverage(view.document.titleTokens, wordTerms),
    fusion: view.fusion,
    fusionRank: 1 / (1 + view.passage.rank),
    askedWordCoverage: askedCoverage,
    // Apart from the coverage: a question with an aspect (预算 of 「预算是多少」) against a sentence holding none of it; a
    // question with none (English) leaves the coverage at 0 without speaking against any sentence.
    askedWordAbsent: question.askedWords.length > 0 && askedCoverage === 0 ? 1 : 0,
    askedFactNearAskedWord: askedFactNear(view.text, kind, numbers, question.askedWords),
    headNounInSentence: question.headNoun !== null && view.text.includes(question.headNoun) ? 1 : 0,
    headNounInDocument: question.headNoun !== null && documentText.includes(question.headNoun) ? 1 : 0,
    yearMissing: missingShare(question.years, (year) => speaksOfYear(year, sentenceYears, articleDate, question.yearsToTheirEnd.includes(year))),
    yearConflict: conflicts(question.years, sentenceYears),
    // A report titled for one year (「2022年全国医疗保障事业发展统计公报」) gives that year's figures, whatever its date.
    titleYearConflict: conflicts(question.years, view.document.titleYears),
    articleYearDistance: articleYearDistance(question.years, articleDate),
    ordinalMissing: missingShare(question.ordinals, (ordinal) => sentenceOrdinals.includes(ordinal)),
    ordinalConflict: question.ordinals.some((asked) => conflicts([asked], sentenceOrdinals.filter((named) => measureOf(named) === measureOf(asked)))) ? 1 : 0,
    questionNumberMissing: missingShare(question.statedFigures, (figure) => statesFigure(view.text, figure)),
    placeMissing: placesLeftOut,
    // The same, only for a sentence that names places of its own (山西太原 for a question about 河北): one naming no
    // place may speak of its article's, as one naming no year speaks of its article's year, so the fit can weigh the two apart.
    placeMissingWherePlacesNamed: places.length === 0 ? 0 : placesLeftOut,
    // Set by compareWithinQuestion, which sees the sentences before this one.
    nameMissingNearby: 0,
    quotedTermPresent: question.quoted.length > 0 && question.quoted.every((term) => view.text.includes(term)) ? 1 : 0,
    numberAskedHasNumber: kind === 'number' && numbers.length > 0 ? 1 : 0,
    numberAskedUnitMatch: kind === 'number' && holdsAskedUnit === true ? 1 : 0,
    // Apart from a match: a question that names its unit (多少张) and a sentence with no figure in it is a near miss;
    // a question that names none leaves the match at 0 without speaking against any sentence. Within one question
    // it is 1 − the match, so it moves only the article level: an article of near misses against "no answer".
    numberAskedUnitAbsent: kind === 'number' && holdsAskedUnit === false ? 1 : 0,
    numberAskedNewNumber: kind === 'number' && numbers.some((n) => !question.statedNumbers.includes(n.value)) ? 1 : 0,
    numberAskedNearQuestionWord: kind === 'number' && numberNearWord(view.text, numbers, question.headNoun, question.focusWords) ? 1 : 0,
    deadlineAskedHasDate: kind === 'deadline' && (view.facts.deadlines.length > 0 || datesIn(view.text).length > 0) ? 1 : 0,
    durationAskedHasDuration: question.asksSpan && mentionsSpan(view.text) ? 1 : 0,
    // Counties and districts count too (a question asking which county is answered by a county's name): the sentence's words, looked up in the division list.
    placesAskedPlaceCount: kind === 'places' ? Math.min(new Set([...places, ...findLocalities([...view.tokens].filter((t) => !isBigramToken(t)))]).size, 5) / 5 : 0,
    personAskedTitledPerson: kind === 'person' && titledPeopleIn(view.text).length > 0 ? 1 : 0,
    methodAskedLength: kind === 'method' ? Math.min(view.text.length, 200) / 200 : 0,
    listAskedEnumerates: ASKS_LIST.test(question.original) && ENUMERATION.test(view.text) ? 1 : 0,
    length: Math.log1p(view.text.length) / 6,
    // Set by compareWithinQuestion, which sees all of the article's candidates.
    articleSentences: 0,
    leadParagraph: view.passage.chunk.paragraph === 0 ? 1 : 0,
    previousAnswerDocument: question.previousFiles.includes(view.passage.chunk.file) ? 1 : 0,
    novelty: novelty(view.tokens, question),
    questionWordsUnknown: terms.wordsUnknown,
    questionNounsUnknown: terms.nounsUnknown,
    // Some nouns no article uses is a paraphrase; none used at all (房贷利率, the capital of Australia) is a question
    // about something else: a step the share alone cannot give a linear score. Not for a follow-up that carries on
    // the previous question's words: its topic is theirs (「这个数字是哪个部门公布的？」).
    questionNounsAllUnknown: terms.nounsUnknown === 1 && question.contextWords.length === 0 ? 1 : 0,
    // The same for every candidate of a question: it moves an English question's candidates against "no answer"
    // (glosses cover a Chinese sentence less than the Chinese words would).
    englishQuestion: question.script === 'english' ? 1 : 0,
  };
}

// The question's rarest words: the ones that name its subject (阿拉尔, 邵逸夫) rather than its frame.
const RARE_TERMS = 3;
// How close (in characters) a figure must stand to a word of the question to be about it.
export const NEAR_CHARS = 12;

/** The character bigrams of a word (a two-character word is its own bigram, a one-character word its character). */
function bigramsOf(word: string): string[] {
  if (word.length === 1) return [word];
  return Array.from({ length: Math.max(0, word.length - 1) }, (_, i) => word.slice(i, i + 2));
}

/** The share of the asked words' character bigrams the text holds: a sentence naming 床位 holds one of 开放床位's three. */
function askedWordCoverage(text: string, asked: readonly string[]): number {
  const bigrams = asked.flatMap(bigramsOf);
  return bigrams.length === 0 ? 0 : bigrams.filter((b) => text.includes(b)).length / bigrams.length;
}

/**
 * 1 when the kind of fact asked for (a figure for 「多少」, a date for 「什么时候」) stands within {@link NEAR_CHARS} of an
 * asked word (or a bigram of it): 「预算4亿元」 answers 「预算是多少」, a sentence only naming the hospital does not.
 */
function askedFactNear(text: string, kind: AnalyzedQuestion['kind'], numbers: ChunkFacts['numbers'], asked: readonly string[]): number {
  const facts =
    kind === 'number' ? numbers.map((n) => n.text) : kind === 'deadline' ? datesIn(text) : [];
  return factNearAnchor(text, facts, asked.flatMap(bigramsOf)) ? 1 : 0;
}

/** Whether an anchor stands within {@link NEAR_CHARS} of one of the facts (each at its first place in the text). */
function factNearAnchor(text: string, facts: readonly string[], anchors: readonly string[]): boolean {
  return facts.some((fact) => {
    const at = text.indexOf(fact);
    if (at === -1) return false;
    const around = text.slice(Math.max(0, at - NEAR_CHARS), at + fact.length + NEAR_CHARS);
    return anchors.some((anchor) => around.includes(anchor));
  });
}

/** The `n` terms of highest weight. */
function rarest(terms: readonly WeightedTerm[], n: number): WeightedTerm[] {
  const sorted = [...terms].sort((a, b) => b.weight - a.weight);
  // n words of the question: a group of alternatives is one word, all of it kept.
  const words = [...new Set(sorted.map(wordOf))].slice(0, n);
  return sorted.filter((t) => words.includes(wordOf(t)));
}

/**
 * Whether a figure of the text stands within {@link NEAR_CHARS} of the head noun or a question word: 「床位2000张」
 * answers 「多少个X」 better than a sentence whose figures count something else.
 */
function numberNearWord(text: string, numbers: ChunkFacts['numbers'], headNoun: string | null, words: readonly string[]): boolean {
  const anchors = [headNoun, ...words].filter((w): w is string => w !== null && w.length >= 2 && !/\d/.test(w));
  return factNearAnchor(text, numbers.map((n) => n.text), anchors);
}

/**
 * The share of some of the question's words (its nouns, or all its words) a token set holds, each counted alike,
 * known to the corpus or not: a question about 天气 or 菜谱 is not answered by a sentence that shares only 北京.
 * 0 when there is no such word.
 */
function plainCoverage(tokens: ReadonlySet<string>, words: readonly string[]): number {
  return words.length === 0 ? 0 : words.filter((word) => tokens.has(word)).length / words.length;
}

/**
 * The share of the question's content characters the text holds, each weighted by its idf as a one-character word
 * (characters the corpus never uses alone weigh nothing): a one-character word of the question is found inside a
 * longer word of the article, which no word or bigram of the question matches.
 */
function characterCoverage(text: string, words: readonly string[], idf: IdfLookup): number {
  const characters = new Set(words.flatMap((word) => [...word].filter((ch) => /\p{sc=Han}/u.test(ch))));
  let present = 0;
  let total = 0;
  for (const ch of characters) {
    const weight = idf(ch);
    total += weight;
    if (text.includes(ch)) present += weight;
  }
  return total === 0 ? 0 : present / total;
}

/**
 * The weight of the rarest question term a token set lacks, against the rarest term's: 1 when the word that names
 * what is asked (编制, 年薪, 冠脉) is missing, near 0 when only common words are. Inherited terms count too.
 */
function rarestMissing(tokens: ReadonlySet<string>, terms: readonly WeightedTerm[]): number {
  const words = termEvidence(tokens, terms);
  const top = Math.max(0, ...words.map((w) => w.weight));
  const missing = Math.max(0, ...words.filter((w) => w.present === 0).map((w) => w.weight));
  return top === 0 ? 0 : missing / top;
}

/** Tokens plus, for each city a sentence names, its province: 石家庄 speaks of 河北. */
function withPlaceEvidence(tokens: ReadonlySet<string>, facts: ChunkFacts): ReadonlySet<string> {
  if (facts.cities.length === 0) return tokens;
  const words = new Set(tokens);
  for (const city of facts.cities) {
    const province = provinceOfCity(city);
    if (province) words.add(province);
  }
  return words;
}

/**
 * Whether an article names every place, year and batch (第五批) the question names: its own words (for a province,
 * or one of its cities, as findCities finds them), its date (a 2022 report speaks of 2022) or 今年/去年 resolved against that date. One that never names 河南, 2023 or 第九批 cannot be
 * the evidence for a question about it, however well the rest of it matches; its sentences are not candidates.
 */
export function articleNamesWhatIsAsked(
  question: Pick<AnalyzedQuestion, 'places' | 'provinceCities' | 'years' | 'ordinals'>,
  articleText: string,
  articleDate: string | null,
): boolean {
  const ordinalsNamed = question.ordinals.length > 0 ? ordinalsIn(articleText) : [];
  let cities: string[] | undefined;
  const namesCityOf = (province: string) => (cities ??= findCities(articleText)).some((city) => provinceOfCity(city) === province);
  return (
    question.places.every((place) => question.provinceCities.includes(place) || articleText.includes(place) || namesCityOf(place)) &&
    question.ordinals.every((ordinal) => ordinalsNamed.includes(ordinal)) &&
    question.years.every((year) => year === articleDate?.slice(0, 4) || yearsIn(articleText, articleDate).includes(year))
  );
}

/** The share of things the question names that the text does not speak of (0 when it names none). */
function missingShare(named: readonly string[], spoken: (thing: string) => boolean): number {
  return named.length === 0 ? 0 : named.filter((thing) => !spoken(thing)).length / named.length;
}

/** 1 when the text names things of the asked kind (years, ordinals) but none of those asked: another time, another batch. */
function conflicts(asked: readonly string[], named: readonly string[]): number {
  return asked.length > 0 && named.length > 0 && !named.some((n) => asked.includes(n)) ? 1 : 0;
}

/** How far (in years, at most 3, scaled to 0..1) the article's date is from the nearest year the question asks about. */
function articleYearDistance(years: readonly string[], date: string | null): number {
  if (years.length === 0 || date === null) return 0;
  const articleYear = Number(date.slice(0, 4));
  return Math.min(3, ...years.map((y) => Math.abs(Number(y) - articleYear))) / 3;
}

/** Whether a text states a figure as a whole: 5个月, not the end of 15个月. */
function statesFigure(text: string, figure: string): boolean {
  for (let at = text.indexOf(figure); at !== -1; at = text.indexOf(figure, at + 1)) {
    if (at === 0 || !/[\d.]/.test(text[at - 1]!)) return true;
  }
  return false;
}

/**
 * Whether a sentence speaks of a year: it names it (2022年, or 今年 in a 2022 article), or it names no year at all
 * and its article is of that year (「截至目前…」 in a 2022 report speaks of 2022) — or, for a year asked of as of its
 * end or over its whole, of that December or of the year after.
 * @param named the years the sentence names (yearsIn), or else the years of the sub-heading it stands under.
 * @param toItsEnd the year is asked of as of its end or over its whole.
 */
function speaksOfYear(year: string, named: readonly string[], articleDate: string | null, toItsEnd: boolean): boolean {
  if (named.includes(year)) return true;
  if (named.length > 0 || articleDate === null) return false;
  // Asked as of its end or over its whole (2023年底, 2023年全年), a year is told by a sentence naming none only in an
  // article of its December or of the year after: one of July 2023 gives the figures of 2022's end, not 2023's.
  if (toItsEnd) return articleDate.startsWith(`${year}-12`) || articleDate.startsWith(String(Number(year) + 1));
  return articleDate.startsWith(year);
}

/** The share of a sentence's words that the question does not already say: an answer adds something. */
function novelty(tokens: ReadonlySet<string>, question: AnalyzedQuestion): number {
  const asked = new Set([...question.focusWords, ...question.contextWords]);
  let words = 0;
  let fresh = 0;
  for (const token of tokens) {
    if (isBigramToken(token)) continue;
    words++;
    if (!asked.has(token)) fresh++;
  }
  return words === 0 ? 0 : fresh / words;
}
