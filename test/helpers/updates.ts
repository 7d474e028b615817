import type { Update } from 'grammy/types';

/**
 * The update Telegram sends for a private-chat text message from `userId`, with the command entity it adds: for
 * tests that hand updates to a bot (bot.handleUpdate, or a POST to its webhook) instead of going through the emulator.
 */
export function privateTextUpdate(updateId: number, userId: number, text: string): Update {
  const command = /^\/\w+/.exec(text)?.[0];
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: `U${userId}` },
      from: { id: userId, is_bot: false, first_name: `U${userId}` },
      text,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command.length }] } : {}),
    },
  };
}
