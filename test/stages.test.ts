import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders of src/ in the order the data passes through them; the tools (eval, bench) and the front ends (bot, cli)
// come last. A folder may import from itself, from an earlier one and from the files at the root of src/ (config,
// errors, logger), never from a later one: the layout shows the architecture only while this holds.
const STAGES = ['text', 'corpus', 'providers', 'embed', 'store', 'retrieve', 'rank', 'answer', 'eval', 'bot', 'cli', 'bench'];

const SRC = resolve('src');
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[jt]s$/.test(entry.name) ? [path] : [];
  });
}

/** The top-level folder of src/ a path is in, or null for the files at its root. */
function stageOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0]! : null;
}

describe('the folders of src/', () => {
  it('are all stages in the list', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual([...STAGES].sort());
  });

  it('import only from their own stage, earlier ones and the root of src/', () => {
    const backwards: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = stageOf(file);
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = stageOf(resolve(dirname(file), specifier!));
        if (to === null || from === to) continue;
        if (from === null || STAGES.indexOf(to) > STAGES.indexOf(from)) backwards.push(`${relative(SRC, file)} → ${specifier}`);
      }
    }
    expect(backwards).toEqual([]);
  });
});
