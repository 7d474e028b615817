/** Plain text is a question: answer it with its sources and a 📚 button. */
import { Composer } from 'grammy';
import { startsWithCommand, stripBotMention } from '../addressing.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { EMPTY_QUESTION_TEXT, formatAnswer } from '../format.js';
import { replyHtml, withTyping } from '../reply.js';
import { historyFor, rememberSources, rememberTurn } from '../session.js';
import { sourcesKeyboard } from './sources.js';

/**
 * Answers `question` in the update's chat: "typing…" while the core works, the answer with its
 * compact source list, and a 📚 button opening the full sources. The chat's recent questions go
 * to the core as history, and this one is remembered for the next follow-up. The LLM may compose
 * the answer only while the asking user's daily budget lasts; an answer it composed is counted.
 * @param options.showQuestion repeat the question above the answer (for tapped example questions).
 */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  deps: FeatureDeps,
  options: { showQuestion?: boolean } = {},
): Promise<void> {
  const asked = Date.now();
  // Message and button updates always have a sender; without one there is nobody to charge.
  const userId = ctx.from?.id;
  const allowLlm = userId !== undefined && (await deps.llmBudget.allows(userId));
  // A group is many conversations: a member's message continues their own, unless it replies to one of the bot's answers.
  const ownThread = ctx.chat?.type !== 'private' && ctx.message?.reply_to_message?.from?.id !== ctx.me.id ? userId : undefined;
  const answer = await withTyping(ctx, deps.logger, () => deps.answerer.answer(question, historyFor(ctx.session, asked, ownThread), { allowLlm }));
  if (answer.composer === 'llm' && userId !== undefined) await deps.llmBudget.spend(userId);
  rememberTurn(ctx.session, answer, asked, userId);
  const sources = answer.citations.length > 0 ? rememberSources(ctx.session, answer) : undefined;
  await replyHtml(ctx, formatAnswer(answer, options), { keyboard: sources && sourcesKeyboard(sources.id) });
  // No question text in the logs: it is the citizen's, and not needed to operate the bot.
  deps.logger.info(
    { chatId: ctx.chatId, answered: answer.answered, citations: answer.citations.length, composer: answer.composer, allowLlm, ms: Date.now() - asked },
    'question answered',
  );
}

/** The ask feature: every text message that is not a command. */
export function askFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:text').drop(
    (ctx) => startsWithCommand(ctx.message),
    async (ctx) => {
      const question = stripBotMention(ctx.message.text, ctx.me.username);
      if (question === '') await replyHtml(ctx, EMPTY_QUESTION_TEXT);
      else await answerQuestion(ctx, question, deps);
    },
  );
  return composer;
}
