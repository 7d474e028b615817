import { afterAll, describe, expect, it } from 'vitest';
import { ParserThread } from '../../src/corpus/parser-thread.js';
import { readCorpusFolder } from '../../src/corpus/read-folder.js';
import { CorpusError } from '../../src/errors.js';
import { copySeedsTo, tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-parser-thread');
afterAll(() => temp.cleanup());

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('ParserThread', () => {
  it('skips a file over the time budget with its name and reason, and goes on with a fresh worker', async () => {
    const parser = new ParserThread(1);
    try {
      const slow = parser.parse('slow.md', utf8(`正文。\n${'['.repeat(5_000_000)}`), new Date());
      await expect(slow).rejects.toBeInstanceOf(CorpusError);
      await expect(slow).rejects.toThrow(/slow\.md: reading it took longer than 0\.001 s, so it was skipped/);
    } finally {
      await parser.close();
    }
  });

  it('reports a file the parser rejects with the parser\'s reason', async () => {
    const parser = new ParserThread();
    try {
      await expect(parser.parse('evil.md', utf8('---js\n{ title: 1 }\n---\n正文。'), new Date())).rejects.toThrow(/evil\.md: front matter is marked as "js"/);
      expect((await parser.parse('fine.md', utf8('---\ntitle: 好\n---\n正文。'), new Date())).title).toBe('好');
    } finally {
      await parser.close();
    }
  });

  it('readCorpusFolder on a worker lists files over budget among the skipped, with their reason', async () => {
    const dir = await temp.make();
    await copySeedsTo(dir);
    // 1 ms is less than any file takes on a worker: every file runs over.
    const scan = await readCorpusFolder(dir, { onWorker: { budgetMs: 1 } });
    expect(scan.documents).toEqual([]);
    expect(scan.skipped.map((s) => s.reason)).toEqual(Array(5).fill(expect.stringMatching(/took longer than 0\.001 s, so it was skipped/)));
  });
});
