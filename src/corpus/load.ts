import { createHash } from 'node:crypto';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { CorpusError } from '../errors.js';
import { hasNameShape } from '../text/person-names.js';
import { cleanBody } from './clean.js';
import { splitFrontMatter } from './front-matter.js';

/**
 * How a file becomes paragraphs (cleaning, boilerplate, tables as sentences). Bumped when that changes: an index
 * records it, and an unchanged file read by other rules would keep its old paragraphs, so the index is rebuilt.
 */
export const DOCUMENT_READER_VERSION = 'reader-4';

/** File name endings the corpus accepts. */
export const CORPUS_EXTENSIONS = ['.md', '.markdown', '.html', '.htm', '.txt'] as const;

/** One article, cleaned, with the metadata a citation shows. */
export interface CorpusDocument {
  /** Path relative to the docs folder, with forward slashes: the document's identity. */
  file: string;
  /** sha256 of the file's bytes: what incremental ingest compares. */
  hash: string;
  title: string;
  publisher: string | null;
  /** Publication date in China time, YYYY-MM-DD, or null when the file gives none. */
  date: string | null;
  url: string | null;
  editor: string | null;
  paragraphs: string[];
  /** Things a maintainer should know but that did not stop the file from being used. */
  warnings: string[];
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
// The front-matter fields a publication date comes under, the first present one read: site exports name it
// variously (RSS pubDate, CMS publish_date, …).
const DATE_FIELDS = ['date', 'pubDate', 'pubdate', 'publishDate', 'publish_date', 'published', 'published_at', 'publishedAt', 'datetime', 'time'] as const;

/**
 * Parses one corpus file's bytes into a {@link CorpusDocument}. Pure: the caller reads the file.
 * @param fallbackDate used (with a warning) when front matter has no usable date, e.g. the file's modification time.
 * @throws {CorpusError} when the file is empty, binary, undecodable, has broken front matter, or no text after cleaning.
 */
export function parseDocument(file: string, bytes: Uint8Array, fallbackDate?: Date): CorpusDocument {
  // Old Mac files end lines with a lone CR: normalised before the front matter is looked for.
  const decoded = decodeText(file, bytes);
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const parsed = splitFrontMatter(file, text);
  const data = parsed.data;
  let body: ReturnType<typeof cleanBody>;
  try {
    body = cleanBody(parsed.content);
  } catch (error) {
    throw new CorpusError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (body.paragraphs.join('').trim().length === 0) {
    throw new CorpusError(file, 'no article text remains after removing markup and boilerplate');
  }

  const warnings: string[] = decoded.guessed ? [`not UTF-8; read as ${decoded.guessed}, which may be wrong for so little text: save it as UTF-8`] : [];
  let title = tidyTitle(firstText(data.title));
  if (!title) {
    const pageTitle = tidyTitle(body.pageTitle);
    const firstLine = titleLine(body.paragraphs[0]!);
    title = pageTitle ?? firstLine ?? titleFromFileName(file);
    const from = pageTitle ? "the page's <title>" : firstLine ? 'its first line' : 'the file name';
    warnings.push(`no title in front matter; using ${from} "${title}"`);
  }
  const dateField = DATE_FIELDS.find((field) => data[field] !== undefined && data[field] !== null);
  const dateValue = dateField === undefined ? undefined : data[dateField];
  let date = toChinaDate(dateValue);
  if (date === null) {
    const inMeta = toChinaDate(body.published);
    const inText = dateInOpeningLines(body.paragraphs);
    const fileTime = fallbackDate ? toChinaDate(fallbackDate) : null;
    date = inMeta ?? inText ?? fileTime;
    const used = inMeta
      ? `; using ${inMeta}, the date in the page's <meta>`
      : inText
        ? `; using ${inText}, the first date in its opening lines`
        : fileTime
          ? `; using the file time ${fileTime}`
          : '';
    warnings.push(
      dateField === undefined
        ? `no date in front matter${used}`
        : `${dateField} "${String(dateValue)}" is not a date (write it as YYYY-MM-DD, optionally with a time and zone)${used}`,
    );
  }

  return {
    file,
    hash: contentHash(bytes),
    title,
    publisher: publisherOf(data, body.source),
    date,
    url: firstText(data.url) ?? firstText(data.link) ?? body.url,
    editor: body.editor,
    paragraphs: body.paragraphs,
    warnings,
  };
}

/** A file's text, and the encoding it was guessed to be in when nothing made that sure. */
function decodeText(file: string, bytes: Uint8Array): { text: string; guessed?: string } {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new CorpusError(file, 'the file is empty');
  }
  // Notepad's "Unicode" is UTF-16 with a byte order mark; its NUL bytes are text, not a sign of a binary file.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes) };
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new CorpusError(file, 'the file is binary, not text; corpus files must be .md, .html or .txt articles');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return decodeLegacyChinese(file, bytes);
  }
}

// How sure chardet must be of a Chinese legacy encoding to take its word: on a line or two of GBK it guesses Big5
// (or Japanese) at 10 of 100.
const SURE_ENCODING = 50;

/**
 * Text that is not UTF-8: the Chinese legacy encoding chardet is sure of (GB18030 and its subsets, Big5), else
 * GB18030 when the bytes are valid GB18030 (what mainland sites and editors saved before UTF-8).
 * @throws {CorpusError} when neither fits.
 */
function decodeLegacyChinese(file: string, bytes: Uint8Array): { text: string; guessed?: string } {
  const guess = chardet.analyse(bytes)[0];
  if (guess && guess.confidence >= SURE_ENCODING && /^(GB18030|GBK|GB2312|Big5)/i.test(guess.name) && iconv.encodingExists(guess.name)) {
    return { text: iconv.decode(Buffer.from(bytes), guess.name) };
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), guessed: 'GB18030' };
  } catch {
    throw new CorpusError(file, `the text is not valid UTF-8 (looks like ${guess?.name ?? 'an unknown encoding'}); save it as UTF-8`);
  }
}

/** A field's text: the value itself, or the first text in a list of values (lists of lists are not metadata). */
function firstText(value: unknown): string | null {
  if (Array.isArray(value)) return value.map(scalarText).find((v) => v !== null) ?? null;
  return scalarText(value);
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Titles arrive with quotation marks turned into underscores (国家发改委谈_看病难_：…). */
function tidyTitle(title: string | null): string | null {
  if (!title) return null;
  return (
    title
      .replace(/_([^_]+)_/g, '“$1”')
      .replace(/_+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || null
  );
}

// Longer than this, a first line is a paragraph, not a headline.
const MAX_TITLE_CHARS = 60;

/** The first line of an article without front matter, when it reads as its headline: short, no sentence, no date or label. */
function titleLine(line: string): string | null {
  const headline = line.length <= MAX_TITLE_CHARS && !/[。！？!?]/.test(line) && !FULL_DATE.test(line) && !/^.{0,6}[:：]/.test(line);
  return headline ? line : null;
}

function titleFromFileName(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim();
}

/**
 * Publisher: the author field when it names an outlet, else the publisher or source field, else the story's source
 * line, else a tag or category in words (not a slug). A personal author (李红梅, 「彭韵佳 邱冰清」) is never shown
 * as the outlet.
 */
function publisherOf(data: Record<string, unknown>, source: string | null): string | null {
  const author = firstText(data.author);
  const outlet = (author !== null && !isPersonalName(author) ? author : null) ?? firstText(data.publisher) ?? firstText(data.source);
  if (outlet) return outlet;
  if (source) return source;
  const named = [data.tags, data.categories]
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .map(firstText)
    .find((value): value is string => value !== null && /\p{sc=Han}/u.test(value));
  return named ? named.replace(/新闻$/, '') : null;
}

/**
 * Whether a byline names people, not an outlet: one of its names (separated by spaces, commas or 、; a bracketed
 * note such as 「（通讯员 何振养）」 aside) has the shape of a personal name.
 */
function isPersonalName(byline: string): boolean {
  const names = byline.replace(/[（(][^）)]*[）)]/g, ' ').split(/[\s,，、]+/).filter(Boolean);
  return names.some(hasNameShape);
}

/** sha256 of a file's bytes, hex: the identity incremental ingest and the staleness check compare. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// Where a report states its own date: in its first lines (a byline, 「发布时间：」, a dateline).
const OPENING_PARAGRAPHS = 3;
const FULL_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)|(?<!\d)(\d{1,2})月(\d{1,2})日电/;

/**
 * The first date the article's opening lines state (「2022年7月15日」, 「2022-07-07 13:50」), or a dateline
 * (「7月15日电」) with the year the text names most often (the latest on a tie). Null when there is none.
 */
function dateInOpeningLines(paragraphs: readonly string[]): string | null {
  const match = FULL_DATE.exec(paragraphs.slice(0, OPENING_PARAGRAPHS).join('\n'));
  if (!match) return null;
  const [, y1, m1, d1, y2, m2, d2, m3, d3] = match;
  const year = y1 ?? y2 ?? yearMostNamed(paragraphs.join('\n'));
  if (year === null) return null;
  return calendarDate(Number(year), Number(m1 ?? m2 ?? m3), Number(d1 ?? d2 ?? d3));
}

// A year named as a target (「到2025年底」, 「力争2025年」, 「预计2030年」) is not the year a report is written in.
const TARGET_BEFORE = /(?:(?<!截)至|到|力争|预计|计划)\s*$/;

function yearMostNamed(text: string): string | null {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/((?:19|20)\d{2})年/g)) {
    if (TARGET_BEFORE.test(text.slice(Math.max(0, match.index - 4), match.index))) continue;
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || Number(b[0]) - Number(a[0]));
  return ranked[0]?.[0] ?? null;
}

/** YYYY-MM-DD for a real calendar day, else null (「13月」 is no date). */
function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Normalises a front-matter date to the China-time calendar date, or null when it is no date.
 * Accepts ISO-like strings (`2022-06-02 09:19:15 +0800`; without a zone, China time is assumed), 「2022年6月2日」,
 * RFC 2822 (`Thu, 26 May 2022 03:36:18 GMT`), month names (`July 11, 2023`), Unix time in seconds or
 * milliseconds, and Date objects. A day the calendar lacks (2023-02-30) and day/month orders that read both ways
 * (`11/07/2023`) are no date.
 */
export function toChinaDate(value: unknown): string | null {
  let ms: number | null = null;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number' || (typeof value === 'string' && /^\d{10}(?:\d{3})?$/.test(value.trim()))) ms = unixTimeMs(Number(value));
  else if (typeof value === 'string') ms = parseDateString(value.trim());
  if (ms === null || Number.isNaN(ms)) return null;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

// Unix times of the years news can carry (2001–2286), in seconds or in milliseconds.
function unixTimeMs(n: number): number | null {
  if (Number.isInteger(n) && n >= 1e9 && n < 1e10) return n * 1000;
  if (Number.isInteger(n) && n >= 1e12 && n < 1e13) return n;
  return null;
}

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// 「11/07/2023」 is 11 July in most of the world and November 7 in the US: no date to guess.
const NUMERIC_DAY_MONTH = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/;

function parseDateString(text: string): number | null {
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    if (calendarDate(Number(y), Number(mo), Number(d)) === null) return null;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return utc - zoneOffsetMs(zone);
  }
  const chinese = /^(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (chinese) {
    const day = calendarDate(Number(chinese[1]), Number(chinese[2]), Number(chinese[3]));
    return day === null ? null : Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;
  }
  // Otherwise only a date with a month's name and a four-digit year (「July 11, 2023」, RFC 2822), read by
  // Date.parse — in China time when it names no zone, as Date.parse would take the server's own.
  if (NUMERIC_DAY_MONTH.test(text) || !/\b\d{4}\b/.test(text) || !MONTH_NAME.test(text)) return null;
  const ms = Date.parse(NAMES_ZONE.test(text) ? text : `${text} GMT+0800`);
  return Number.isNaN(ms) ? null : ms;
}

const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=[\s,\d]|$)/i;
const NAMES_ZONE = /\b(?:GMT|UTC)\b|\s[+-]\d{2}:?\d{2}\b/i;

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined) return CHINA_OFFSET_MS;
  if (/^z$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60) * 1000;
}
