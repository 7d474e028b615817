import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { extractFacts, numbersIn } from '../../src/corpus/facts.js';
import { parseDocument } from '../../src/corpus/load.js';
import { MAX_DOCUMENT_BYTES } from '../../src/corpus/read-folder.js';
import { MAX_ADDED_CHARACTERS } from '../../src/corpus/table-spans.js';
import { CorpusError } from '../../src/errors.js';
import { indexTokens } from '../../src/text/tokenize.js';

// Each body fills a file to the size limit with a pattern that made a regex or the HTML tree quadratic (or
// deeper than the stack). The bound is a hang guard, not a speed measure: each ran for minutes to an hour before.
const HANG_GUARD_MS = 30_000;
const room = MAX_DOCUMENT_BYTES - 1000;
const fill = (unit: string, bytesPerUnit = Buffer.byteLength(unit)) => unit.repeat(Math.floor(room / bytesPerUnit));

const HOSTILE_BODIES: Record<string, string> = {
  'a line of 「[」 with no 「]」': fill('['),
  'a line of image openers': fill('!['),
  'links that never close': fill('[a]('),
  'an editor line padded with em spaces': `责任编辑：张三${fill('\u2003')}李四`,
  'a source line padded with em spaces': `（来源：张三${fill('\u2003')}李四）`,
  'a run of digits': `${fill('1')}个`,
  'a table of single-cell rows': fill('| a |\n'),
  'a long header over many rows': `| ${'表'.repeat(5000)} |\n| --- |\n${fill('| a |\n')}`,
  'HTML tables of a long header over a merged cell': fill(`<table><tr><th>${'表'.repeat(5000)}</th></tr><tr><td rowspan="100">a</td></tr>${'<tr></tr>'.repeat(99)}</table>`),
  'a table header padded with em spaces': `| a${fill('\u2003')}b（元） | x |\n| --- | --- |\n| 1 | 2 |`,
  'a line padded with spaces before hashes': `## 标题${fill('\u2003')}x`,
  'HTML rows of wide merged cells': fill('<tr><td colspan="100" rowspan="100">a</td></tr>'),
  'HTML tables of wide merged cells': fill(`<table><tr><td colspan="100" rowspan="100">a</td><td colspan="100" rowspan="100">b</td></tr>${'<tr></tr>'.repeat(99)}</table>`),
  'HTML tables of a long cell spanning every row': fill(`<table><tr><td rowspan="100">${'字'.repeat(2000)}</td></tr>${'<tr></tr>'.repeat(99)}</table>`),
};

const withOpening = (body: string) => `正文第一句。\n${body}\n`;

/** Everything ingest does to a file's text before embedding it; the chunks and how many characters were read. */
function ingestText(file: string, body: string): { chunks: number; characters: number } {
  const doc = parseDocument(file, new TextEncoder().encode(withOpening(body)));
  const chunks = chunkDocument(doc);
  for (const chunk of chunks) {
    extractFacts(chunk.text, doc.date);
    indexTokens(chunk.text);
  }
  return { chunks: chunks.length, characters: doc.paragraphs.reduce((sum, p) => sum + p.length, 0) };
}

describe('hostile documents at the size limit', () => {
  it.each(Object.entries(HOSTILE_BODIES))('%s is read without hanging', (_, body) => {
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_DOCUMENT_BYTES * 0.9);
    const read = ingestText('hostile.md', body);
    expect(read.chunks).toBeGreaterThan(0);
    // Merged cells add a bounded amount of text (they once made rows of wide ones four times longer).
    expect(read.characters).toBeLessThanOrEqual(withOpening(body).length + MAX_ADDED_CHARACTERS);
  }, HANG_GUARD_MS);

  it('reads a run of figures grouped by thousands at the size limit without hanging', () => {
    // Chunks are short, so the facts reader gets such a run whole only here.
    const run = `1${fill(',000')},5个`;
    expect(extractFacts(run, null).numbers.length).toBeGreaterThan(0);
    expect(numbersIn(run).length).toBeGreaterThan(0);
  }, HANG_GUARD_MS);

  it('rejects HTML nested deeper than any article, naming the file, instead of overflowing the stack', () => {
    const deep = '<div>'.repeat(Math.floor(room / 5));
    expect(() => ingestText('deep.html', deep)).toThrow(CorpusError);
    expect(() => ingestText('deep.html', deep)).toThrow(/deep\.html: the HTML nests elements more than 1000 deep/);
  }, HANG_GUARD_MS);

  it('still reads HTML nested as deep as real pages are', () => {
    const nested = `${'<div>'.repeat(200)}<p>国家区域医疗中心建设稳步推进。</p>${'</div>'.repeat(200)}`;
    expect(parseDocument('nested.html', new TextEncoder().encode(nested)).paragraphs).toEqual(['国家区域医疗中心建设稳步推进。']);
  });
});
