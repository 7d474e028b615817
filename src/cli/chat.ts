import { createInterface } from 'node:readline/promises';
import { createAnswererFromConfig } from '../answer/answerer.js';
import { withTurn, type Answer, type Turn } from '../answer/types.js';
import { keyTermsPhrase } from '../answer/corpus-topics.js';
import { formatAnswerForTerminal, formatSourcesForTerminal } from './format.js';
import { cliLogger, configFromFlags, type CliIo } from './run.js';

/** The help text of the terminal chat, mirroring the bot's /help. */
export function chatHelp(summary: { documents: number; earliestDate: string | null; latestDate: string | null }, keyTerms: readonly string[]): string {
  const range = summary.earliestDate ? `（${summary.earliestDate} 至 ${summary.latestDate}）` : '';
  const about = keyTerms.length > 0 ? `${keyTermsPhrase(keyTerms)}。` : '';
  return [
    `医改问答：根据 ${summary.documents} 篇医改新闻报道${range}回答问题，每个回答都标注出处 [n]。${about}`,
    '直接输入问题，例如：省级区域医疗中心计划布局多少个？ 也可以追问，例如：这话出自哪篇报道？',
    '/sources 查看上一个回答的全部出处   /help 帮助   /quit 退出',
  ].join('\n');
}

/** `npm run chat`: a terminal conversation with the bot's behaviour (/sources, /help, follow-ups). */
export async function chatCommand(io: CliIo): Promise<number> {
  const config = configFromFlags(io.env);
  const answerer = await createAnswererFromConfig(config, cliLogger(config));
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: (io.stdin as NodeJS.ReadStream).isTTY === true });
  let history: Turn[] = [];
  let last: Answer | null = null;
  io.stdout.write(`${chatHelp(answerer.summary(), answerer.keyTerms())}\n`);
  rl.setPrompt('\n问> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line === '/help' || line === '/start') io.stdout.write(`${chatHelp(answerer.summary(), answerer.keyTerms())}\n`);
    else if (line === '/sources') io.stdout.write(`${formatSourcesForTerminal(last?.citations ?? [])}\n`);
    else if (line !== '') {
      last = await answerer.answer(line, history);
      history = withTurn(history, last);
      io.stdout.write(`${formatAnswerForTerminal(last)}\n`);
    }
    rl.prompt();
  }
  rl.close();
  return 0;
}
