import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { askCommand } from '../../src/cli/ask.js';
import type { CliIo } from '../../src/cli/run.js';
import { UsageError } from '../../src/errors.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';

let indexDir: string;

beforeAll(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'yigai-ask-'));
});

/** Runs `ask` in-process with the given flags and stdin, returning its exit code and stdout. */
async function ask(argv: string[], stdin = ''): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const io: CliIo = { argv: [...argv, '--docs', SEEDS_DIR, '--index', indexDir], env: { LOG_LEVEL: 'silent' }, stdout, stderr: new PassThrough(), stdin: Readable.from([stdin]) };
  const code = await askCommand(io);
  return { code, out };
}

describe('npm run ask', () => {
  it('builds the index on first use and prints a cited answer with its sources', async () => {
    const { code, out } = await ask(['今年国家将启动第二批多少个区域医疗中心试点建设？']);
    expect(code).toBe(0);
    expect(out).toContain('16个');
    expect(out).toMatch(/\[1\]/);
    expect(out).toContain('来源：');
    expect(out).toContain('新浪财经，2021-07-24');
  });

  it('--json prints the evaluation record', async () => {
    const { out } = await ask(['--json', '国家要建多少个省级区域医疗中心？']);
    const record = JSON.parse(out);
    expect(record).toMatchObject({ id: null, answered: true });
    expect(record.lead).toContain('120个左右');
    expect(record.answer.startsWith(record.lead)).toBe(true);
    expect(record.answer).toContain('120个左右');
    expect(record.citations[0]).toMatchObject({ n: 1, file: '004_4f46d604c5af1831.txt', publisher: '新浪财经', date: '2021-10-20', url: null });
    expect(record.citations[0].quote).toContain('120个左右');
    expect(typeof record.ms).toBe('number');
  });

  it('--jsonl answers every line in order, with sessions as conversations, and reports bad lines', async () => {
    const input = [
      JSON.stringify({ id: 'a', question: '国家要建多少个省级区域医疗中心？', session: 's1' }),
      'not json',
      // Asks nothing of its own: what it asks (多少个) comes from the question before it in its session.
      JSON.stringify({ id: 'b', question: '那国家医学中心呢？', session: 's1' }),
      JSON.stringify({ id: 'c', question: '？？？' }),
      JSON.stringify({ id: 'd' }),
      'null',
      '[1, 2]',
      '"只是一个字符串"',
    ].join('\n');
    const { code, out } = await ask(['--jsonl'], input);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'b', 'c', 'd', null, null, null]);
    expect(lines[1].error).toContain('line 2');
    expect(lines[2]).toMatchObject({ answered: true, lead: expect.stringContaining('17个国家医学中心') });
    expect(lines[2].citations.length).toBeGreaterThan(0);
    expect(lines[3]).toMatchObject({ answered: false, lead: null, citations: [] });
    expect(lines[4].error).toContain('"question"');
    for (const [i, line] of lines.slice(5).entries()) expect(line.error).toBe(`line ${6 + i}: must be a JSON object {"id", "question", "session"?}`);
    expect(code).toBe(1);
  });

  it('--jsonl reads a first line that starts with a byte order mark', async () => {
    const { code, out } = await ask(['--jsonl'], `\uFEFF${JSON.stringify({ id: 'bom', question: '国家要建多少个省级区域医疗中心？' })}`);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ id: 'bom', answered: true });
  });

  it('--jsonl answers a follow-up about the last answer from its sources: who said it, and where it is from', async () => {
    const input = [
      { id: 'q', question: '今年国家将启动第二批多少个区域医疗中心试点建设？', session: 's' },
      { id: 'who', question: '这话是谁说的？', session: 's' },
      { id: 'source', question: '出处是哪篇？', session: 's' },
    ];
    const { out } = await ask(['--jsonl'], input.map((line) => JSON.stringify(line)).join('\n'));
    const [first, who, source] = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(first.lead).toContain('16个');
    expect(who).toMatchObject({ answered: true, lead: '说这话的是国家卫健委副主任李斌[1]。' });
    expect(who.citations[0].file).toBe(first.citations[0].file);
    expect(source.lead).toBe(`出自新浪财经（2021-07-24）的《${first.citations[0].title}》[1]。`);
  });

  it('--jsonl names the speaker quoted paragraphs before a passage that names none («一是…三是…» after «…表示»), as such', async () => {
    const input = [
      { id: 'q', question: '国家要建多少个省级区域医疗中心？', session: 's' },
      { id: 'who', question: '这是哪位官员说的？', session: 's' },
    ];
    const { out } = await ask(['--jsonl'], input.map((line) => JSON.stringify(line)).join('\n'));
    const [first, who] = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(first.citations[0].quote).toMatch(/^三是/);
    expect(who).toMatchObject({ answered: true, lead: '原文这段[1]没有写明是谁说的；文中在它之前引述的是国家发展改革委社会司司长欧晓理[2]。' });
    expect(who.citations.map((c: { file: string }) => c.file)).toEqual([first.citations[0].file, first.citations[0].file]);
    expect(who.citations[1].quote).toContain('司长欧晓理表示');
  });

  it('refuses to run without a question', async () => {
    await expect(ask([])).rejects.toBeInstanceOf(UsageError);
  });
});
