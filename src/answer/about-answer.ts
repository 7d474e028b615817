import { splitSentences } from '../corpus/chunk.js';
import { datesIn, latestOnOrBefore } from '../corpus/facts.js';
import { speakersIn, titledPeopleIn, type Speaker } from '../corpus/speakers.js';
import { answerAspectOf, type AnswerAspect } from '../retrieve/question-kind.js';
import { readWordList } from '../text/lexicon.js';
import { bigramTokens, isFunctionWord, isQuestionWord, tagWords } from '../text/tokenize.js';
import { quoteLine } from './extractive.js';
import { withCalendarYears } from './lead.js';
import type { Citation, Turn } from './types.js';

/** An answer composed from the previous answer's own sources. */
export interface AboutAnswer {
  /** False when the previous question found no answer: there is nothing to tell about it. */
  answered: boolean;
  lead: string;
  text: string;
  citations: Citation[];
}

let references: ReadonlySet<string> | undefined;

/** Pointers, nouns for what was said and verbs of saying and issuing (lexicon/answer-references.txt). */
function isReference(word: string): boolean {
  references ??= new Set(readWordList('answer-references.txt'));
  return references.has(word);
}

/**
 * Answers a follow-up about the previous answer itself — when (「哪年的事？」), who said it (「谁说的？」), who
 * issued it (「哪个部门发的？」), where it is from (「出处是哪篇？」) — from the passage that answer led with, so the
 * reply is about the same fact instead of a fresh search. Null when the question names a subject of its own
 * (「那江苏呢？」 is searched afresh) or the previous answer cited nothing. Pure given `earlier`.
 * @param question the question, in simplified Chinese or English.
 * @param earlier the passages of a cited article before the cited one: where a speaker whose statement runs over
 *   several paragraphs (「欧晓理表示，…」, then 「一是…」「三是…」) was named.
 */
export function answerAboutPrevious(question: string, previous: Turn | undefined, english: boolean, earlier: EarlierPassages = () => []): AboutAnswer | null {
  const asked = answerAspectOf(question);
  if (!asked || !previous || !pointsBack(question, asked.pattern)) return null;
  if (!previous.lead || !previous.cited?.length) return nothingToTell(english);
  const { aspect } = asked;
  const focus = focusOf(previous.lead, previous.cited);
  if (aspect === 'source') return sources(focus.citation, previous.cited, english);
  // The sentence the answer led with first, then its neighbours, nearest first: a speaker is often named after a quote.
  let sentence = focus.sentences[0]!;
  let found: string | null = null;
  for (const s of focus.sentences) {
    found = FINDERS[aspect](s, focus.citation);
    if (found) {
      sentence = s;
      break;
    }
  }
  // The citation quotes that sentence alone, so a further follow-up («哪年的事？») is about the same fact.
  const citation = { ...focus.citation, n: 1, quote: sentence };
  if (!found && aspect === 'who') {
    const before = speakerBefore(earlier(focus.citation));
    if (before) return speakerQuotedBefore(citation, before, english);
  }
  const lead = found ? (english ? `${ENGLISH_FOUND[aspect]}: ${found} [1].` : `${CHINESE_FOUND[aspect]}${found}[1]。`) : notStated(aspect, citation, english);
  return { answered: true, lead, text: `${lead}\n${quoteLine(english, sentence, citation, 1)}`, citations: [citation] };
}

/**
 * The passages of a cited article before the cited one, within {@link SPEECH_PARAGRAPHS}, nearest first, each as a
 * citation of its own.
 */
export type EarlierPassages = (citation: Citation) => Citation[];

// How far back (in paragraphs) a speaker named before a cited passage may stand: a statement runs over a few
// paragraphs (「…表示，」 then 「一是…」「二是…」「三是…」), not over the whole article.
export const SPEECH_PARAGRAPHS = 4;

/** A speaker the article shows before a passage, and the sentence showing them. */
interface QuotedSpeaker {
  speaker: string;
  citation: Citation;
}

/** The speaker shown last before the cited passage (the nearest passage first, its last sentence first), with that sentence. */
function speakerBefore(passages: readonly Citation[]): QuotedSpeaker | null {
  for (const passage of passages) {
    const sentences = splitSentences(passage.quote).map((span) => passage.quote.slice(span.start, span.end));
    for (const sentence of sentences.reverse()) {
      const speaker = speakersIn(sentence).at(-1);
      if (speaker) return { speaker: withOrganisation(sentence, speaker), citation: { ...passage, n: 2, quote: sentence } };
    }
  }
  return null;
}

/**
 * 「原文这段没有写明是谁说的；文中在它之前引述的是…[2]」: the passage names no speaker, but the article quoted one
 * before it. Said as what the article shows, not as who said the passage: a reporter's own lines may follow a quote too.
 */
function speakerQuotedBefore(cited: Citation, before: QuotedSpeaker, english: boolean): AboutAnswer {
  const lead = english
    ? `The passage [1] does not name its speaker; the last person the article quotes before it is ${before.speaker} [2].`
    : `原文这段[1]没有写明是谁说的；文中在它之前引述的是${before.speaker}[2]。`;
  const lines = [cited, before.citation].map((c) => quoteLine(english, c.quote, c, c.n));
  return { answered: true, lead, text: [lead, ...lines].join('\n'), citations: [cited, before.citation] };
}

/** The reply to 「出处是哪篇？」 after a refusal: the previous question found nothing, so there is nothing to tell. */
function nothingToTell(english: boolean): AboutAnswer {
  const text = english
    ? 'The previous question found no answer in the articles, so there is no source, date or speaker to tell. Try asking it another way.'
    : '上一个问题在资料中没有找到答案，所以也没有出处、时间或说话人可说。可以换个问法再问。';
  return { answered: false, lead: '', text, citations: [] };
}

// Parts of speech that never name a subject (jieba's tags): pronouns, particles, prepositions, conjunctions,
// measure words, adverbs, interjections, punctuation.
const NAMES_NOTHING = /^(r|u[a-z]?|p|c|q|d|y|e|o|x|w|zg)$/;

// An interrogative determiner (哪位, 哪名): the noun after it is the kind of answer asked (哪位官员, 哪位专家), not a subject.
const DETERMINER = /哪[位名]$/u;

/** Whether the question's words, besides those asking for the aspect, only point back (pointers, 文件, 说). */
function pointsBack(question: string, asking: RegExp): boolean {
  let rest = '';
  let from = 0;
  for (const match of question.matchAll(new RegExp(asking.source, 'gi'))) {
    rest += `${question.slice(from, match.index)} `;
    from = match.index + match[0].length;
    const kind = DETERMINER.test(match[0]) ? tagWords(question.slice(from))[0] : undefined;
    if (kind?.tag.startsWith('n') && question.startsWith(kind.word, from)) from += kind.word.length;
  }
  rest += question.slice(from);
  return tagWords(rest).every(({ word, tag }) => NAMES_NOTHING.test(tag) || !/[\p{L}\p{N}]/u.test(word) || isQuestionWord(word) || isFunctionWord(word) || isReference(word));
}

/**
 * The passage the previous answer led with (the `[n]` of its lead) and its sentences: first the one the lead was
 * taken from (sharing most character pairs with it), then the others, nearest first.
 */
function focusOf(lead: string, cited: readonly Citation[]): { citation: Citation; sentences: string[] } {
  const n = Number(/\[(\d+)\]/.exec(lead)?.[1]);
  const citation = cited.find((c) => c.n === n) ?? cited[0]!;
  const leadPairs = new Set(bigramTokens(lead));
  const sentences = splitSentences(citation.quote).map((span) => citation.quote.slice(span.start, span.end));
  if (sentences.length === 0) return { citation, sentences: [citation.quote] };
  const shared = sentences.map((sentence) => bigramTokens(sentence).filter((pair) => leadPairs.has(pair)).length);
  const at = shared.indexOf(Math.max(...shared));
  return { citation, sentences: sentences.map((s, i) => ({ s, distance: Math.abs(i - at) })).sort((a, b) => a.distance - b.distance).map(({ s }) => s) };
}

type Finder = (sentence: string, citation: Citation) => string | null;

const FINDERS: Readonly<Record<Exclude<AnswerAspect, 'source'>, Finder>> = {
  when: (sentence, citation) => {
    const dates = datesIn(sentence).map((date) => withYear(date, citation.date));
    if (dates.length === 0) return null;
    return `${withCalendarYears(dates.join('、'), citation.date, false)}${citation.date ? `（报道日期 ${citation.date}）` : ''}`;
  },
  // Someone shown speaking first (「毛群安说」, 「司长黄华波坦言」), else someone titled (「据…副司长李大川介绍」).
  who: (sentence) => {
    const speaker = speakersIn(sentence)[0];
    if (speaker) return withOrganisation(sentence, speaker);
    const person = titledPeopleIn(sentence)[0];
    return person ? withOrganisation(sentence, { person, at: sentence.indexOf(person) }) : null;
  },
  issuer: (sentence, citation) => issuerIn(sentence) ?? announcerIn(sentence) ?? issuerOfTitle(citation.title),
};

const CHINESE_FOUND: Readonly<Record<Exclude<AnswerAspect, 'source'>, string>> = { when: '原文给出的时间：', who: '说这话的是', issuer: '据原文，出自' };
const ENGLISH_FOUND: Readonly<Record<Exclude<AnswerAspect, 'source'>, string>> = { when: 'The date given', who: 'Said by', issuer: 'From' };

function notStated(aspect: Exclude<AnswerAspect, 'source'>, citation: Citation, english: boolean): string {
  const what = english ? { when: 'when', who: 'who said it', issuer: 'who issued it' }[aspect] : { when: '时间', who: '是谁说的', issuer: '发文部门' }[aspect];
  return english ? `The passage does not say ${what}; it is from ${originOf(citation, true)} [1].` : `原文没有写明${what}；它出自${originOf(citation, false)}[1]。`;
}

/** 「新浪财经（2022-05-26）」, "Sina (2022-05-26)": who published a cited article, and when. */
function originOf(citation: Citation, english: boolean): string {
  const outlet = citation.publisher ?? (english ? 'the article' : '报道');
  return citation.date ? (english ? `${outlet} (${citation.date})` : `${outlet}（${citation.date}）`) : outlet;
}

/** 「2024年1月2日」 for a bare 「1月2日」 in an article of 2024-01-03: the latest such day on or before the article's date. */
function withYear(date: string, articleDate: string | null): string {
  const month = /^(\d{1,2})月/.exec(date)?.[1];
  if (!month || !articleDate) return date;
  return `${latestOnOrBefore(articleDate, { month: Number(month) }).year}年${date}`;
}

/** A person with the organisation the sentence names right before them: 国家卫健委副主任李斌. */
function withOrganisation(sentence: string, { person, at }: Speaker): string {
  return `${organisationBefore(sentence, at)}${person}`;
}

// The organisation named right before a title (国家卫健委 in 国家卫健委副主任李斌): the run of characters back to the
// previous punctuation, from after the last word that places or times it (会议上, 近日, 在, 的), without what
// introduces it (据, a date).
function organisationBefore(sentence: string, at: number): string {
  if (at <= 0) return '';
  const run = /[\p{sc=Han}A-Za-z]{0,30}$/u.exec(sentence.slice(0, at))?.[0] ?? '';
  const words = tagWords(run);
  let from = words.length;
  while (from > 0 && !PLACES_OR_TIMES.test(words[from - 1]!.tag)) from--;
  return withoutIntroduction(words.slice(from).map(({ word }) => word).join(''));
}

// Parts of speech (jieba's) of the words that place or time a statement rather than name who made it: locality
// (上, 中), time (近日), preposition (在), particle (的), pronoun (这), numeral.
const PLACES_OR_TIMES = /^(f|t|p|u[a-z]*|r|m)$/;

// What stands before an organisation in a clause: 「据」, 「记者从…获悉」, a date.
const INTRODUCTION = /^(?:.*获悉|据|(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:近日|日前)?)/u;

function withoutIntroduction(text: string): string {
  return text.replace(INTRODUCTION, '');
}

const ISSUING = /(?:印发|发布|出台|下发|公布|颁布|发出|制定)/gu;
const ORGANISATION_END = /(?:委员会|委|局|部|署|院|办公厅|办公室|政府|中心|协会|部门|总局)$/u;
// Words between an issuer and its verb: 「国家医保局、财政部近日联合印发」, 「国家医保局1月2日发布」.
const BETWEEN = /(?:近日|日前|联合|正式|共同|已经|已|再次|先后|等\d+个部门|等部门|\d{1,2}月\d{1,2}日|\d{1,2}日)+$/u;

/** The issuer named before a verb of issuing (印发, 发布, 出台) in a sentence, with the verb and the document after it. */
function issuerIn(sentence: string): string | null {
  for (const match of sentence.matchAll(ISSUING)) {
    const before = sentence.slice(0, match.index).split(/[，。；：“”（）()]/).at(-1) ?? '';
    const issuer = withoutIntroduction(before.replace(BETWEEN, ''));
    const grouped = /等\d+个部门|等部门/.exec(before)?.[0] ?? '';
    const document = /^《[^》]{1,60}》/u.exec(sentence.slice(match.index + match[0].length))?.[0] ?? '';
    if (issuer.length >= 2 && ORGANISATION_END.test(issuer)) return `${issuer}${grouped}${match[0]}${document}`;
  }
  return null;
}

// An organisation announcing something (国家发改委相关人士透露): the source of a figure when no document is named.
const ANNOUNCER = /([\p{sc=Han}]{2,12}?(?:委员会|委|局|部|署|办公厅|政府))((?:相关|有关)?(?:人士|负责人)?)(?:透露|表示|介绍|指出|称|宣布)/u;

/** 「国家发改委（相关人士透露）」 when a sentence attributes itself to an organisation, or null. */
function announcerIn(sentence: string): string | null {
  const match = ANNOUNCER.exec(sentence);
  if (!match) return null;
  const organisation = withoutIntroduction(match[1]!);
  return `${organisation}${match[2] ? `（${match[0].slice(match[1]!.length)}）` : ''}`;
}

/** The issuer a document's title names (「国务院办公厅关于推动公立医院高质量发展的意见」), or null. */
function issuerOfTitle(title: string): string | null {
  const issuer = /^(?:[^《]*《)?([\p{sc=Han}、]{2,30}?(?:委员会|委|局|部|办公厅|政府))关于/u.exec(title)?.[1];
  return issuer ? `${issuer}（据标题《${title}》）` : null;
}

/**
 * 「出自新浪财经（2022-05-26）的《…》」 for the passage the answer led with (its marker kept, so a further follow-up
 * stays on it), then every cited article with its link.
 */
function sources(focus: Citation, cited: readonly Citation[], english: boolean): AboutAnswer {
  const lines = cited.map((c) => {
    const link = c.url ? (english ? `, ${c.url}` : `，原文：${c.url}`) : '';
    return english ? `[${c.n}] ${originOf(c, true)}: “${c.title}”, file ${c.file}${link}` : `[${c.n}] ${originOf(c, false)}《${c.title}》，文件 ${c.file}${link}`;
  });
  const lead = english ? `It comes from ${originOf(focus, true)}: “${focus.title}” [${focus.n}].` : `出自${originOf(focus, false)}的《${focus.title}》[${focus.n}]。`;
  return { answered: true, lead, text: [lead, ...lines].join('\n'), citations: [...cited] };
}
