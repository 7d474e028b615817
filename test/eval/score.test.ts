import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQuestionSet, toAskLines } from '../../src/eval/question-set.js';
import { judge, tally } from '../../src/eval/score.js';

const questions = [
  { id: 'n1', type: 'number', question: '多少？', facts: ['26个'], sources: ['000'] },
  { id: 'n2', type: 'number', question: '多少？', facts: ['5至10年|5-10年', '1,200张'], sources: ['a02'] },
  { id: 'n3', type: 'number', question: '多少？', facts: ['8个'], sources: ['b01'] },
  { id: 'u1', type: 'unanswerable', question: '多少？', facts: [], sources: [] },
  { id: 'u2', type: 'unanswerable', question: '多少？', facts: [], sources: [] },
];
const answers = [
  { id: 'n1', answered: true, lead: '全国 26 个[1]。', answer: '全国 26 个[1]', citations: [{ file: '000_6106a63dfdc2f049.txt' }] },
  { id: 'n2', answered: true, lead: '用5-10年[1]。', answer: '用5-10年，设1，200张[1]', citations: [{ file: 'docs/a02-fujian.html' }] },
  { id: 'n3', answered: true, answer: '8个[1]', citations: [{ file: 'c01.md' }] },
  { id: 'u1', answered: false, answer: '抱歉', citations: [] },
  { id: 'u2', answered: true, answer: '某句[1]', citations: [{ file: 'x.md' }] },
];
const verdicts = questions.map((q, i) => {
  const a = answers[i]!;
  return judge(q, { answered: a.answered, answer: a.answer, lead: 'lead' in a ? a.lead : null, files: a.citations.map((c) => c.file) });
});

describe('judge (as ../shared/eval/score.mjs scores)', () => {
  it('ignores whitespace, reads a full-width comma as a comma, takes any alternative, and needs a cited source', () => {
    expect(verdicts.map((v) => v.right)).toEqual([true, true, false, true, false]);
    expect(verdicts[2]).toMatchObject({ wrong: true, cited: false });
    expect(tally(questions.map((question, i) => ({ question, verdict: verdicts[i]! })))).toMatchObject({ right: 3, total: 5, wrong: 1, refusedUnanswerable: 1 });
  });

  it('with --lead, needs the facts of number, goal and province questions in the lead as well', () => {
    // n2's lead has the span but not the 1,200 beds; n1's lead has its figure.
    expect(verdicts.map((v) => v.rightInLead)).toEqual([true, false, false, true, false]);
    expect(judge({ type: 'method', facts: ['三明'], sources: [] }, { answered: true, answer: '学三明[1]', lead: '', files: [] }).rightInLead).toBe(true);
  });

  const scorer = join(import.meta.dirname, '..', '..', '..', 'shared', 'eval', 'score.mjs');
  it.runIf(existsSync(scorer))('agrees with score.mjs itself on the same answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yigai-score-'));
    await writeFile(join(dir, 'q.jsonl'), questions.map((q) => JSON.stringify(q)).join('\n'));
    await writeFile(join(dir, 'a.jsonl'), answers.map((a) => JSON.stringify(a)).join('\n'));
    expect(execFileSync('node', [scorer, join(dir, 'q.jsonl'), join(dir, 'a.jsonl')], { encoding: 'utf8' })).toContain('score 3/5');
    expect(execFileSync('node', [scorer, join(dir, 'q.jsonl'), join(dir, 'a.jsonl'), '--lead'], { encoding: 'utf8' })).toContain('score 2/5');
  });
});

describe('readQuestionSet and toAskLines', () => {
  it('reads the golden format (files, history) into the shared one, and asks a history before its question', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yigai-set-'));
    const file = join(dir, 'mine.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'q1', question: '一共几个？', facts: ['12个'], files: ['003_d1.txt'], type: 'number', history: ['哪些省份？'] })}\n`);
    const set = await readQuestionSet(file);
    expect(set).toMatchObject({ name: 'mine', docsDir: null, questions: [{ id: 'q1', sources: ['003_d1'], history: ['哪些省份？'] }] });
    expect(toAskLines(set.questions).map((line) => JSON.parse(line) as { id: string; session: string })).toEqual([
      { id: 'q1#history', question: '哪些省份？', session: 'history-of-q1' },
      { id: 'q1', question: '一共几个？', session: 'history-of-q1' },
    ]);
  });
});
