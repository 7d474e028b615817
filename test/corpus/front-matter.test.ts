import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../src/corpus/front-matter.js';
import { CorpusError } from '../../src/errors.js';

function rejection(text: string): CorpusError {
  try {
    splitFrontMatter('evil.md', text);
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error('the front matter was accepted, but it should have been rejected');
}

/** A title whose every level is ten aliases of the one below: eight levels expand to 10^8 strings. */
function aliasBomb(levels: number): string {
  const lines = ['l0: &l0 "哈"'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
  }
  return `---\n${lines.join('\n')}\ntitle: *l${levels}\n---\n正文。\n`;
}

describe('splitFrontMatter', () => {
  it('reads YAML front matter after blank lines, with dates as written (their zone, if any, is read later)', () => {
    const { data, content } = splitFrontMatter('a.md', '\n\n---\ntitle: 标题\ndate: 2022-05-26\nupdated: 2023-07-11 20:30:00\ntags: [医改]\n---\n正文。\n');
    expect(data).toEqual({ title: '标题', date: '2022-05-26', updated: '2023-07-11 20:30:00', tags: ['医改'] });
    expect(content.trim()).toBe('正文。');
  });

  it.each(['js', 'javascript', 'coffee'])('never runs a ---%s block: the file is rejected and the code is not evaluated', (language) => {
    const marker = join(mkdtempSync(join(tmpdir(), 'front-matter-')), 'ran');
    const code = `{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 't') }`;
    const error = rejection(`---${language}\n${code}\n---\n正文。\n`);
    expect(error.reason).toMatch(new RegExp(`marked as "${language}".*only YAML`));
    expect(existsSync(marker)).toBe(false);
  });

  it('rejects an alias bomb instead of expanding it', () => {
    expect(rejection(aliasBomb(8)).reason).toMatch(/not valid YAML.*alias/i);
  });

  it('rejects front matter too large to be metadata', () => {
    const error = rejection(`---\ntitle: "${'长'.repeat(70_000)}"\n---\n正文。\n`);
    expect(error.reason).toMatch(/more than the 65536/);
  });

  it('reads a custom tag as plain data, never as a constructor', () => {
    const { data } = splitFrontMatter('a.md', '---\ntitle: !!js/function "function () { return 1 }"\n---\n正文。\n');
    expect(typeof data.title).not.toBe('function');
  });
});
