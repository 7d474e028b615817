import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchFolder } from '../../src/cli/watch-folder.js';
import { tempFolders } from '../helpers/corpus.js';

const temp = tempFolders('yigai-watch');
afterAll(() => temp.cleanup());

describe('watchFolder (ingest --watch)', () => {
  it('runs once for a burst of changes, again for a later change, and stops when aborted', async () => {
    const dir = await temp.make();
    const stop = new AbortController();
    let runs = 0;
    let ran: () => void = () => {};
    const nextRun = () => new Promise<void>((resolve) => (ran = resolve));
    const watching = watchFolder(dir, async () => {
      runs++;
      ran();
    }, { debounceMs: 150, signal: stop.signal });

    let run = nextRun();
    for (const name of ['a.md', 'b.md', 'a.md']) await writeFile(join(dir, name), `# ${name}\n正文。`);
    await run;
    expect(runs).toBe(1);

    run = nextRun();
    await writeFile(join(dir, 'c.md'), '# c\n正文。');
    await run;
    expect(runs).toBe(2);

    stop.abort();
    await watching;
    await writeFile(join(dir, 'd.md'), '# d\n正文。');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(2);
  });
});
