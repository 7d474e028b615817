import { createInterface } from 'node:readline';
import { createAnswererFromConfig, type Answerer } from '../answer/answerer.js';
import { HISTORY_TURNS, type Turn } from '../answer/types.js';
import { UsageError } from '../errors.js';
import { parseFlags } from './args.js';
import { formatAnswerForTerminal, toAnswerRecord } from './format.js';
import { cliLogger, configFromFlags, type CliIo } from './run.js';

const USAGE = 'npm run ask -- [--docs DIR] [--index DIR] [--json] "问题"   |   npm run ask -- [--index DIR] --jsonl < questions.jsonl';

/** `npm run ask`: one question (human or --json output) or many (--jsonl on stdin, one JSON line out per line in). */
export async function askCommand(io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    io.argv,
    { docs: { type: 'string' }, index: { type: 'string' }, json: { type: 'boolean' }, jsonl: { type: 'boolean' } },
    USAGE,
  );
  const question = positionals.join(' ').trim();
  if (!values.jsonl && question === '') throw new UsageError(`give a question, or --jsonl with questions on stdin\nusage: ${USAGE}`);
  const config = configFromFlags(io.env, values);
  const answerer = await createAnswererFromConfig(config, cliLogger(config));
  if (values.jsonl) return answerLines(answerer, io);
  const started = performance.now();
  const answer = await answerer.answer(question, []);
  io.stdout.write(values.json ? `${JSON.stringify(toAnswerRecord(answer, null, performance.now() - started))}\n` : `${formatAnswerForTerminal(answer)}\n`);
  return 0;
}

/**
 * Answers JSON lines `{"id", "question", "session"?}` from stdin in order, in one process. Lines sharing a
 * session are one conversation. A bad line yields `{"id", "error"}` and the rest go on.
 */
async function answerLines(answerer: Answerer, io: CliIo): Promise<number> {
  const sessions = new Map<string, Turn[]>();
  let failures = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    let input: { id?: unknown; question?: unknown; session?: unknown };
    try {
      input = JSON.parse(line) as typeof input;
    } catch {
      failures++;
      io.stdout.write(`${JSON.stringify({ id: null, error: `line ${lineNo}: not valid JSON` })}\n`);
      continue;
    }
    const id = input.id === undefined || input.id === null ? null : String(input.id);
    if (typeof input.question !== 'string' || input.question.trim() === '') {
      failures++;
      io.stdout.write(`${JSON.stringify({ id, error: `line ${lineNo}: "question" must be a non-empty string` })}\n`);
      continue;
    }
    const session = typeof input.session === 'string' || typeof input.session === 'number' ? String(input.session) : null;
    const history = session ? (sessions.get(session) ?? []) : [];
    const started = performance.now();
    const answer = await answerer.answer(input.question, history);
    io.stdout.write(`${JSON.stringify(toAnswerRecord(answer, id, performance.now() - started))}\n`);
    if (session) sessions.set(session, [...history, { question: answer.question, searchedAs: answer.searchedAs }].slice(-HISTORY_TURNS));
  }
  return failures > 0 ? 1 : 0;
}
