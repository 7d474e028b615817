import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chatCommand } from '../../src/cli/chat.js';
import type { CliIo } from '../../src/cli/run.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

/** Runs `npm run chat` in-process on the seeds, typing the given lines, and returns what it printed. */
async function chat(lines: string[]): Promise<string> {
  const indexDir = await mkdtemp(join(tmpdir(), 'yigai-chat-'));
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const io: CliIo = {
    argv: [],
    env: { LOG_LEVEL: 'silent', DOCS_DIR: SEEDS_DIR, INDEX_DIR: indexDir },
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([`${lines.join('\n')}\n`]),
  };
  expect(await chatCommand(io)).toBe(0);
  return out;
}

describe('npm run chat', () => {
  it('opens with what the corpus holds and what its titles are about, answers with citations, and shows the last answer’s sources', async () => {
    const out = await chat(['/help', '国家要建多少个省级区域医疗中心？', '/sources', '/quit']);
    expect(out).toContain('根据 5 篇医改新闻报道（2021-07-24 至 2022-06-02）回答问题');
    // The same key terms as a refusal names, read from the seeds' titles.
    expect(out).toMatch(/标题关键词有[^。]*国家区域医疗中心[^。]*等。/);
    expect(out.match(/标题关键词有/g)).toHaveLength(2);
    expect(out).toContain('120个左右');
    expect(out).toContain('004_4f46d604c5af1831.txt');
  });
});
