/** /sources and the 📚 button: the full citations of the chat's last answer. */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { formatSources, NO_SOURCES_TEXT, STALE_SOURCES_TEXT } from '../format.js';
import { replyHtml } from '../reply.js';

const SOURCES_DATA = /^src:([\w-]{1,16})$/;

/** The 📚 button put under an answer; `sourcesId` is the id the session stored its citations under. */
export function sourcesKeyboard(sourcesId: string): InlineKeyboard {
  return InlineKeyboard.from([[InlineKeyboard.text('📚 查看出处', `src:${sourcesId}`)]]);
}

async function replySources(ctx: BotContext): Promise<void> {
  const last = ctx.session.lastSources;
  await replyHtml(ctx, last ? formatSources(last.question, last.citations) : NO_SOURCES_TEXT);
}

/** The sources feature. Only the last answer's sources are kept, so older buttons explain that. */
export function sourcesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('sources', replySources);
  composer.callbackQuery(SOURCES_DATA, async (ctx) => {
    if (ctx.session.lastSources?.id !== ctx.match[1]) {
      await ctx.answerCallbackQuery({ text: STALE_SOURCES_TEXT, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await replySources(ctx);
  });
  return composer;
}
