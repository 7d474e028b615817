/** Sending helpers shared by the features: HTML replies within Telegram's limits, and "typing…". */
import type { InlineKeyboard } from 'grammy';
import type { Logger } from '../logger.js';
import { splitMessage } from './format.js';
import type { BotContext } from './context.js';

/** Telegram shows a chat action for about 5 s; renew it a little sooner while the answer is being worked out. */
const TYPING_RENEW_MS = 4_000;

/**
 * Sends HTML to the update's chat, split into numbered messages when it is too long. In groups the
 * first message replies to the update's message so that it is clear whom the bot answers; the
 * keyboard goes under the last message. Link previews are off: sources link to news sites.
 */
export async function replyHtml(ctx: BotContext, html: string, options: { keyboard?: InlineKeyboard } = {}): Promise<void> {
  const chunks = splitMessage(html);
  const replyTo = ctx.chat?.type === 'private' ? undefined : ctx.msg?.message_id;
  for (const [i, chunk] of chunks.entries()) {
    await ctx.reply(chunk, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_parameters: i === 0 && replyTo !== undefined ? { message_id: replyTo, allow_sending_without_reply: true } : undefined,
      reply_markup: i === chunks.length - 1 ? options.keyboard : undefined,
    });
  }
}

/**
 * Runs `task` while the chat shows "typing…". The indicator is cosmetic: a failure to send it
 * (rate limit, a method the server lacks) is logged at debug level and never fails the task.
 */
export async function withTyping<T>(ctx: BotContext, logger: Logger, task: () => Promise<T>): Promise<T> {
  const signal = () => {
    ctx.replyWithChatAction('typing').catch((error: unknown) => logger.debug({ err: error }, 'typing indicator failed'));
  };
  signal();
  const timer = setInterval(signal, TYPING_RENEW_MS);
  try {
    return await task();
  } finally {
    clearInterval(timer);
  }
}
