import { createInterface } from 'node:readline';
import { answerLines } from '../answer/answer-lines.js';
import { toAnswerRecord } from '../answer/answer-record.js';
import { createAnswererFromConfig, type Answerer } from '../answer/answerer.js';
import { UsageError } from '../errors.js';
import { parseFlags } from './args.js';
import { formatAnswerForTerminal } from './format.js';
import { cliLogger, configFromFlags, type CliIo } from './run.js';

const USAGE = 'npm run ask -- [--docs DIR] [--index DIR [--docs-changed]] [--json] "问题"   |   npm run ask -- [--docs DIR] [--index DIR] --jsonl < questions.jsonl';

/** `npm run ask`: one question (human or --json output) or many (--jsonl on stdin, one JSON line out per line in). */
export async function askCommand(io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    io.argv,
    { docs: { type: 'string' }, index: { type: 'string' }, 'docs-changed': { type: 'boolean' }, json: { type: 'boolean' }, jsonl: { type: 'boolean' } },
    USAGE,
  );
  const question = positionals.join(' ').trim();
  if (!values.jsonl && question === '') throw new UsageError(`give a question, or --jsonl with questions on stdin\nusage: ${USAGE}`);
  const config = configFromFlags(io.env, values);
  const answerer = await createAnswererFromConfig(config, cliLogger(config), undefined, { docsChanged: values['docs-changed'] === true });
  if (values.jsonl) return answerStdinLines(answerer, io);
  const started = performance.now();
  const answer = await answerer.answer(question, []);
  io.stdout.write(values.json ? `${JSON.stringify(toAnswerRecord(answer, null, performance.now() - started))}\n` : `${formatAnswerForTerminal(answer)}\n`);
  return 0;
}

/** `ask --jsonl`: stdin lines in, one JSON line out per line in (see {@link answerLines}). */
async function answerStdinLines(answerer: Answerer, io: CliIo): Promise<number> {
  const failures = await answerLines(answerer, createInterface({ input: io.stdin, crlfDelay: Infinity }), (line) => io.stdout.write(`${JSON.stringify(line)}\n`));
  return failures > 0 ? 1 : 0;
}
