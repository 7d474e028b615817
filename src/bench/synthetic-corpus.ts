import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkDocument, splitSentences } from '../corpus/chunk.js';
import type { CorpusDocument } from '../corpus/load.js';
import { readCorpusFolder } from '../corpus/read-folder.js';
import { CHUNK_MAX_CHARS } from '../store/ingest.js';
import { longestFirstAlternation } from '../text/alternation.js';
import { PROVINCES } from '../text/provinces.js';

/** A deterministic PRNG (mulberry32): the same seed always yields the same sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real material synthetic articles are recombined from. */
export interface SentencePool {
  sentences: string[];
  titles: string[];
  publishers: string[];
}

/** One generated article: a file name relative to the docs folder, its text with front matter, and its chunk count. */
export interface SyntheticArticle {
  file: string;
  content: string;
  chunks: number;
}

export interface SyntheticOptions {
  /** Chunks wanted in total, including those of the real seed articles when they are copied in. */
  targetChunks: number;
  /** PRNG seed. @default 42 */
  seed?: number;
  /** Chunks the real seeds already contribute (subtracted from the target). @default 0 */
  baseChunks?: number;
}

const PLACE_NAMES = PROVINCES.filter((p) => p.name !== '新疆生产建设兵团').map((p) => p.name);
const PLACE_PATTERN = new RegExp(longestFirstAlternation(PROVINCES.flatMap((p) => [p.name, ...p.aliases.filter((a) => a.length > 1)])), 'g');
const NUMBER = /\d+(?:\.\d+)?/g;
const MIN_SENTENCE_CHARS = 8;

/** Sentences, titles and publishers of parsed seed articles: the pool a synthetic corpus draws from. Pure. */
export function buildSentencePool(documents: readonly Pick<CorpusDocument, 'title' | 'publisher' | 'paragraphs'>[]): SentencePool {
  const sentences: string[] = [];
  for (const doc of documents) {
    for (const paragraph of doc.paragraphs) {
      for (const span of splitSentences(paragraph)) {
        const sentence = paragraph.slice(span.start, span.end);
        if (sentence.length >= MIN_SENTENCE_CHARS) sentences.push(sentence);
      }
    }
  }
  return {
    sentences,
    titles: documents.map((d) => d.title),
    publishers: [...new Set(documents.map((d) => d.publisher).filter((p): p is string => p !== null))],
  };
}

/**
 * A real sentence with its numbers and provincial place names varied: years stay plausible years,
 * other numbers keep their number of digits. Pure given `random`.
 */
export function varySentence(sentence: string, random: () => number): string {
  return sentence
    .replace(NUMBER, (number) => {
      const [whole, fraction] = number.split('.') as [string, string | undefined];
      if (/^(19|20)\d\d$/.test(whole) && fraction === undefined) return String(2012 + Math.floor(random() * 19));
      const low = whole.length === 1 ? 1 : 10 ** (whole.length - 1);
      const varied = String(low + Math.floor(random() * (10 ** whole.length - low)));
      return fraction === undefined ? varied : `${varied}.${Math.floor(random() * 10 ** fraction.length).toString().padStart(fraction.length, '0')}`;
    })
    .replace(PLACE_PATTERN, () => PLACE_NAMES[Math.floor(random() * PLACE_NAMES.length)]!);
}

/**
 * Generates articles from a sentence pool until their chunks (as the real chunker cuts them) reach the target.
 * Deterministic: the same pool, target and seed give the same articles. Pure.
 */
export function generateSyntheticArticles(pool: SentencePool, options: SyntheticOptions): SyntheticArticle[] {
  if (pool.sentences.length === 0) throw new Error('the sentence pool is empty');
  const random = mulberry32(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const wanted = Math.max(0, options.targetChunks - (options.baseChunks ?? 0));
  const articles: SyntheticArticle[] = [];
  let total = 0;
  while (total < wanted) {
    const n = articles.length;
    const file = `synthetic/${String(Math.floor(n / 1000)).padStart(3, '0')}/a${String(n).padStart(6, '0')}.md`;
    const paragraphs: string[] = [];
    const paragraphCount = 3 + Math.floor(random() * 8);
    for (let p = 0; p < paragraphCount; p++) {
      const sentenceCount = 1 + Math.floor(random() * 4);
      const parts: string[] = [];
      for (let s = 0; s < sentenceCount; s++) parts.push(varySentence(pick(pool.sentences), random));
      paragraphs.push(parts.join(''));
    }
    let chunks = chunkDocument({ file, paragraphs }, { maxChars: CHUNK_MAX_CHARS }).length;
    // The last article is trimmed so the total lands on the target rather than up to a dozen chunks past it.
    while (total + chunks > wanted && paragraphs.length > 1) {
      paragraphs.pop();
      chunks = chunkDocument({ file, paragraphs }, { maxChars: CHUNK_MAX_CHARS }).length;
    }
    const year = 2018 + Math.floor(random() * 7);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} 09:00:00 +0800`;
    const title = varySentence(pick(pool.titles), random).replace(/'/g, '’');
    const publisher = pool.publishers.length > 0 ? pick(pool.publishers) : '合成新闻';
    const content = [
      '---',
      `title: '${title}'`,
      `author: '${publisher.replace(/'/g, '’')}'`,
      `date: ${date}`,
      `url: 'https://example.invalid/bench/${n}'`,
      '---',
      '',
      paragraphs.join('\n\n'),
      '',
    ].join('\n');
    articles.push({ file, content, chunks });
    total += chunks;
  }
  return articles;
}

export interface SyntheticCorpus {
  dir: string;
  /** Articles written, seeds included. */
  files: number;
  /** Chunks the chunker cuts from them (before ingest re-counts). */
  chunks: number;
}

/**
 * Writes a synthetic corpus of about `targetChunks` chunks into `dir`: the real seed articles copied verbatim
 * (so the golden questions keep their answers and files) plus generated articles under `synthetic/`.
 */
export async function writeSyntheticCorpus(seedsDir: string, dir: string, targetChunks: number, seed = 42): Promise<SyntheticCorpus> {
  const scan = await readCorpusFolder(seedsDir);
  const baseChunks = scan.documents.reduce((sum, doc) => sum + chunkDocument(doc, { maxChars: CHUNK_MAX_CHARS }).length, 0);
  const articles = generateSyntheticArticles(buildSentencePool(scan.documents), { targetChunks, seed, baseChunks });
  await mkdir(dir, { recursive: true });
  for (const doc of scan.documents) await copyFile(join(seedsDir, doc.file), join(dir, doc.file));
  const folders = new Set(articles.map((a) => a.file.slice(0, a.file.lastIndexOf('/'))));
  for (const folder of folders) await mkdir(join(dir, folder), { recursive: true });
  for (const article of articles) await writeFile(join(dir, article.file), article.content);
  return { dir, files: scan.documents.length + articles.length, chunks: baseChunks + articles.reduce((sum, a) => sum + a.chunks, 0) };
}
