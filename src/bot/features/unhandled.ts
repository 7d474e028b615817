/** Whatever no other feature took: unknown commands, messages that are not text, and unknown button presses. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { TEXT_ONLY_TEXT, UNKNOWN_BUTTON_TEXT, UNKNOWN_COMMAND_TEXT } from '../format.js';
import { replyHtml } from '../reply.js';

/** The unhandled feature; register it last. Service messages (members joining, pins) get no reply. */
export function unhandledFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Only commands reach here as text: the ask feature takes all other text.
  composer.on('message:text', (ctx) => replyHtml(ctx, UNKNOWN_COMMAND_TEXT));
  composer.on(
    ['message:file', 'message:location', 'message:venue', 'message:contact', 'message:poll', 'message:dice', 'message:story'],
    (ctx) => replyHtml(ctx, TEXT_ONLY_TEXT),
  );
  // Every press must be answered, or the user's client shows a spinner until it times out.
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON_TEXT }));
  return composer;
}
