import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

describe('watchFolder when the folder goes away', () => {
  /** Resolves when the callback named is next called. */
  function events() {
    const waiting = new Map<string, () => void>();
    const next = (name: string) => new Promise<void>((resolve) => waiting.set(name, resolve));
    const fire = (name: string) => () => waiting.get(name)?.();
    return { next, fire };
  }

  it('waits while the folder is deleted, and reads it again when it is back', async () => {
    const dir = join(await temp.make(), 'docs');
    await mkdir(dir);
    const stop = new AbortController();
    const { next, fire } = events();
    let runs = 0;
    const watching = watchFolder(dir, async () => {
      runs++;
      fire('run')();
    }, { debounceMs: 50, checkMs: 50, signal: stop.signal, onMissing: fire('missing'), onBack: fire('back') });

    const missing = next('missing');
    await rm(dir, { recursive: true });
    await missing;
    const back = next('back');
    const run = next('run');
    await mkdir(dir);
    await writeFile(join(dir, 'a.md'), '# a\n正文。');
    await back;
    await run;
    expect(runs).toBeGreaterThanOrEqual(1);

    stop.abort();
    await watching;
  });

  it('follows a folder swapped in under the same name (mv), not the one moved away', async () => {
    const parent = await temp.make();
    const dir = join(parent, 'docs');
    await mkdir(dir);
    const stop = new AbortController();
    const { next, fire } = events();
    const watching = watchFolder(dir, async () => fire('run')(), { debounceMs: 50, checkMs: 50, signal: stop.signal, onBack: fire('back') });

    const replacement = join(parent, 'docs-new');
    await mkdir(replacement);
    await writeFile(join(replacement, 'b.md'), '# b\n正文。');
    const back = next('back');
    let run = next('run');
    await rename(dir, join(parent, 'docs-old'));
    await rename(replacement, dir);
    await back;
    await run;

    // Changes in the new folder are seen; the watcher follows it, not the old one.
    run = next('run');
    await writeFile(join(dir, 'c.md'), '# c\n正文。');
    await run;

    stop.abort();
    await watching;
  });
});
