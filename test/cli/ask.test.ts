import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswererFromConfig } from '../../src/answer/answerer.js';
import { withTurn } from '../../src/answer/types.js';
import { askCommand } from '../../src/cli/ask.js';
import { configFromFlags, type CliIo } from '../../src/cli/run.js';
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

describe('npm run ask: a speaker quoted before the passage, within its article and four paragraphs only', () => {
  // Paragraphs long enough to be passages of their own; no speaker in the filler.
  const filler = (topic: string) =>
    `${topic}方面，各地按照统一部署稳步推进相关工作，加强部门之间的协同配合，完善配套政策和工作机制，注重过程管理和效果评估，及时总结推广好的做法和经验，推动各项任务落到实处、见到实效，让群众有更多获得感。`;
  const article = (title: string, paragraphs: string[]) => `---\ntitle: ${title}\ndate: 2024-03-01\npublisher: 测试日报\n---\n\n${paragraphs.join('\n\n')}\n`;
  const files: Record<string, string> = {
    // The speaker six paragraphs before the answer: too far back to be named.
    'a.md': article('甲省卫生工作会议', [
      '在昨天召开的全省卫生工作会议上，甲省卫生健康委员会规划处处长王强表示，今年将围绕群众看病就医的急难愁盼问题，集中力量办好一批惠民实事，持续提升基层服务能力。',
      ...['人才培养', '信息化建设', '公共卫生', '中医药发展', '医疗质量'].map(filler),
      '三是推进智慧药房建设，到2025年甲省要建成35家智慧药房，覆盖所有县区，方便群众就近取药，减少往返奔波，提高药品供应保障水平和群众满意度。',
    ]),
    // The speaker two paragraphs before the answer: named as the one quoted before it; another after it is not.
    'b.md': article('乙省医保工作会议', [
      filler('基金监管'),
      '会上，乙省医疗保障局局长李明表示，今年全省医保工作要突出重点，补齐短板，在康复服务、长期护理和异地就医等方面拿出更多实招，让参保群众得到更多实惠。',
      filler('支付方式改革'),
      '三是加快康复服务体系建设。乙省今年要新增42个康复中心，重点布局在县域和人口较多的城区，为患者提供就近可及的康复治疗服务，减轻家庭照护负担。',
      '最后，乙省医疗保障局副局长赵刚指出，各地要压实责任、加强督导，确保各项任务按期完成，并定期通报进展情况，接受社会监督，回应群众关切。',
    ]),
    // The answer opens its article: the speaker closing the article before it is no speaker of this one.
    'c.md': article('丙省护理服务进展', [
      '丙省今年要建设18个护理中心，优先满足失能老人和术后康复人群的护理需求，同时培养一批专业护理人员，推动护理服务向社区和家庭延伸，减轻家庭照护压力。',
      filler('老年健康'),
    ]),
  };
  let docs: string;
  let index: string;

  beforeAll(async () => {
    docs = await mkdtemp(join(tmpdir(), 'yigai-speaker-docs-'));
    index = await mkdtemp(join(tmpdir(), 'yigai-speaker-index-'));
    for (const [file, text] of Object.entries(files)) await writeFile(join(docs, file), text);
  });

  type Reply = { lead: string; citations: { file: string; quote: string }[] };

  /** Asks a conversation of the speaker corpus through `ask --jsonl`. */
  async function conversation(questions: string[]): Promise<Reply[]> {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const lines = questions.map((question, i) => JSON.stringify({ id: `t${i}`, question, session: 's' })).join('\n');
    const io: CliIo = { argv: ['--jsonl', '--docs', docs, '--index', index], env: { LOG_LEVEL: 'silent' }, stdout, stderr: new PassThrough(), stdin: Readable.from([lines]) };
    expect(await askCommand(io)).toBe(0);
    return out.trim().split('\n').map((line) => JSON.parse(line));
  }

  async function whoSaid(question: string): Promise<{ first: Reply; who: Reply }> {
    const [first, who] = await conversation([question, '这是谁说的？']);
    return { first: first!, who: who! };
  }

  it('names the one quoted two paragraphs before, not the one after nor one six paragraphs back or in another article', async () => {
    const near = await whoSaid('乙省今年要新增多少个康复中心？');
    expect(near.first.citations[0]!.file).toBe('b.md');
    expect(near.who.lead).toBe('原文这段[1]没有写明是谁说的；文中在它之前引述的是乙省医疗保障局局长李明[2]。');
    expect(near.who.citations.map((c) => c.file)).toEqual(['b.md', 'b.md']);

    const far = await whoSaid('甲省要建成多少家智慧药房？');
    expect(far.first.citations[0]!.file).toBe('a.md');
    expect(far.who.lead).toBe('原文没有写明是谁说的；它出自测试日报（2024-03-01）[1]。');

    const opening = await whoSaid('丙省今年要建设多少个护理中心？');
    expect(opening.first.citations[0]!.file).toBe('c.md');
    expect(opening.who.lead).toBe('原文没有写明是谁说的；它出自测试日报（2024-03-01）[1]。');
  });

  it('still finds the speaker after another follow-up, whose citation quotes one sentence of the passage', async () => {
    const [, when, who] = await conversation(['乙省今年要新增多少个康复中心？', '是哪年的事？', '这是哪名官员说的？']);
    // Not the passage's first sentence: the citation is found by the sentence it quotes.
    expect(when!.citations[0]!.quote).toMatch(/^乙省今年要新增42个康复中心/);
    expect(who!.lead).toBe('原文这段[1]没有写明是谁说的；文中在它之前引述的是乙省医疗保障局局长李明[2]。');
  });

  it('reads nothing before a cited passage that no longer holds its quote (its article re-indexed since)', async () => {
    const answerer = await createAnswererFromConfig(configFromFlags({ LOG_LEVEL: 'silent' }, { docs, index }));
    const first = await answerer.answer('乙省今年要新增多少个康复中心？', []);
    const [turn] = withTurn([], first);
    expect((await answerer.answer('这是谁说的？', [turn!])).citations).toHaveLength(2);
    const stale = { ...turn!, cited: turn!.cited!.map((c) => ({ ...c, quote: '三是一段后来改写过的话。' })), lead: '一段后来改写过的话[1]。' };
    expect((await answerer.answer('这是谁说的？', [stale])).lead).toBe('原文没有写明是谁说的；它出自测试日报（2024-03-01）[1]。');
  });
});
