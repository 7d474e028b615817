/** /start and /help: what the bot knows and how to ask, with example questions to tap. */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext, FeatureDeps } from '../context.js';
import { formatHelp } from '../format.js';
import { replyHtml } from '../reply.js';
import { answerQuestion } from './ask.js';

/**
 * Questions the seed articles answer with one clear sentence, offered as buttons (test/bot/start-examples.test.ts
 * asks each of the real answerer). Their index is the callback data.
 */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  '今年要新建成多少家社区医院？',
  '第二批试点的区域医疗中心有几个？',
  '2022年医改有哪些重点任务？',
  '省级区域医疗中心计划布局多少个？',
];

// Callback data carries only the index (Telegram allows 64 bytes; the questions are longer in UTF-8).
const EXAMPLE_DATA = /^ex:(\d+)$/;

function exampleKeyboard(): InlineKeyboard {
  return InlineKeyboard.from(EXAMPLE_QUESTIONS.map((question, i) => [InlineKeyboard.text(question, `ex:${i}`)]));
}

/** The start/help feature; tapping an example asks it as if typed. */
export function startFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command(['start', 'help'], (ctx) =>
    replyHtml(ctx, formatHelp(deps.answerer.summary(), ctx.me.username, deps.answerer.keyTerms()), { keyboard: exampleKeyboard() }),
  );
  composer.callbackQuery(EXAMPLE_DATA, async (ctx) => {
    await ctx.answerCallbackQuery();
    // An index beyond the list comes from a keyboard sent before the list was shortened.
    const question = EXAMPLE_QUESTIONS[Number(ctx.match[1])];
    if (question !== undefined) await answerQuestion(ctx, question, deps, { showQuestion: true });
  });
  return composer;
}
