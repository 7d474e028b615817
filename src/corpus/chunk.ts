import type { CorpusDocument } from './load.js';

/** A passage of one document: the unit that is embedded, retrieved and cited. */
export interface Chunk {
  /** `${file}#${ordinal}`: stable while the document is unchanged. */
  id: string;
  file: string;
  /** Position of the chunk within its document, from 0. */
  ordinal: number;
  /** Index of the paragraph (in `CorpusDocument.paragraphs`) the chunk comes from. */
  paragraph: number;
  /** Character offsets into {@link documentText}: `documentText(doc).slice(start, end) === text`. */
  start: number;
  end: number;
  text: string;
  /** The short sub-heading the chunk stands under (看点1 均衡布局优质医疗资源), or null. */
  heading: string | null;
}

export interface ChunkOptions {
  /** Longest chunk in characters; a single longer sentence is split at clause commas. @default 240 */
  maxChars?: number;
}

/** A sentence as offsets into the text it was split from. */
export interface Span {
  start: number;
  end: number;
}

const PARAGRAPH_SEPARATOR = '\n\n';
const TERMINATORS = new Set(['。', '！', '？', '；', '!', '?', ';', '…']);
const OPENERS = '《“‘「『（(【〔';
const CLOSERS = '》”’」』）)】〕';
const CLAUSE_BREAKS = new Set(['，', '、', '：', ',', ':']);
// A short line without sentence punctuation is a sub-heading, not a passage.
const HEADING_MAX_CHARS = 24;

/** A chunk's id: its file and its ordinal in the file, `${file}#${ordinal}`. */
export function chunkId(file: string, ordinal: number): string {
  return `${file}#${ordinal}`;
}

/** The ordinal a chunk id carries ({@link chunkId}). */
export function ordinalOfChunkId(id: string): number {
  return Number(id.slice(id.lastIndexOf('#') + 1));
}

/** The text the chunk offsets refer to: paragraphs joined by a blank line. */
export function documentText(doc: Pick<CorpusDocument, 'paragraphs'>): string {
  return doc.paragraphs.join(PARAGRAPH_SEPARATOR);
}

/**
 * Splits text into sentences at Chinese and ASCII sentence ends (。！？；!?;), keeping closing quotes and
 * brackets with their sentence. Never splits inside 《》, quotes or brackets (a quoted title stays whole), nor
 * inside a number (63.1% has no sentence end in it). Whitespace between sentences belongs to neither.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isSentenceEnd(text, i)) {
      let end = i + 1;
      while (end < text.length && (TERMINATORS.has(text[end]!) || CLOSERS.includes(text[end]!))) end++;
      pushTrimmed(text, start, end, spans);
      start = end;
      i = end - 1;
    }
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function isSentenceEnd(text: string, i: number): boolean {
  const ch = text[i]!;
  if (TERMINATORS.has(ch)) return true;
  // An ASCII full stop ends a sentence only before a space or the end, never inside 63.1.
  return ch === '.' && (i + 1 === text.length || /\s/.test(text[i + 1]!));
}

function pushTrimmed(text: string, start: number, end: number, into: Span[]): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) into.push({ start, end });
}

/** Splits an over-long sentence at clause commas (outside brackets), then hard at `maxChars` outside digit runs. */
function splitLongSentence(text: string, span: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  let depth = 0;
  let lastBreak = -1;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && CLAUSE_BREAKS.has(ch)) lastBreak = i + 1;
    if (i + 1 - start >= maxChars) {
      let cut = lastBreak > start ? lastBreak : i + 1;
      // Never cut a number: move the cut back to before the digit run it would split (a run as long as the
      // piece is no number anyone reads; it is cut where it stands, which keeps the scan linear).
      const hard = cut;
      while (cut > start + 1 && /[\d.%]/.test(text[cut]!) && /[\d.]/.test(text[cut - 1]!)) cut--;
      if (cut === start + 1) cut = hard;
      pieces.push({ start, end: cut });
      start = cut;
      lastBreak = -1;
    }
  }
  if (start < span.end) pieces.push({ start, end: span.end });
  return pieces;
}

// A figure other than a date or an ordinal (3281亿元, 95%, 26个): a line stating one is a fact, not a heading
// (「全省医保基金结余：3281亿元」); 「一、2023年工作回顾」, 「第5批名单」, 「2023-2025年行动计划」, 「“4+7”试点」 and a
// count in brackets (「第三批试点（3个）」) stay headings.
const STATED_FIGURE = /\d(?![\d.,]*\s*[年月日号批期届次轮)）、\-—–~+”"』」])[\d.,]*\s*[^\d.,\s]/;
const BRACKETED = /[（(][^（()）]*[）)]/g;

function isHeading(paragraph: string): boolean {
  return (
    paragraph.length <= HEADING_MAX_CHARS &&
    !TERMINATORS.has(paragraph.at(-1)!) &&
    !/[。！？]/.test(paragraph) &&
    !STATED_FIGURE.test(paragraph.replace(BRACKETED, ''))
  );
}

/**
 * Cuts a document into sentence-aware chunks of at most `maxChars` characters, each within one paragraph.
 * Short heading lines become the `heading` of the chunks under them instead of chunks of their own.
 * Deterministic: the same document always yields the same chunks.
 */
export function chunkDocument(doc: Pick<CorpusDocument, 'file' | 'paragraphs'>, options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? 240;
  const chunks: Chunk[] = [];
  let offset = 0;
  let heading: string[] = [];
  let headingClosed = false;
  doc.paragraphs.forEach((paragraph, paragraphIndex) => {
    const base = offset;
    offset += paragraph.length + PARAGRAPH_SEPARATOR.length;
    if (isHeading(paragraph) && paragraphIndex < doc.paragraphs.length - 1) {
      if (headingClosed) heading = [];
      heading.push(paragraph);
      headingClosed = false;
      return;
    }
    headingClosed = true;
    const sentences = splitSentences(paragraph).flatMap((span) =>
      span.end - span.start > maxChars ? splitLongSentence(paragraph, span, maxChars) : [span],
    );
    // Balance chunk sizes within a paragraph so no chunk is a stub of one trailing clause.
    const target = Math.ceil(paragraph.length / Math.ceil(paragraph.length / maxChars));
    let current: Span | null = null;
    const flush = () => {
      if (!current) return;
      chunks.push({
        id: chunkId(doc.file, chunks.length),
        file: doc.file,
        ordinal: chunks.length,
        paragraph: paragraphIndex,
        start: base + current.start,
        end: base + current.end,
        text: paragraph.slice(current.start, current.end),
        heading: heading.length > 0 ? heading.join(' ') : null,
      });
      current = null;
    };
    for (const sentence of sentences) {
      if (current && (sentence.end - current.start > maxChars || current.end - current.start >= target)) flush();
      current = current ? { start: current.start, end: sentence.end } : { ...sentence };
    }
    flush();
  });
  return chunks;
}
