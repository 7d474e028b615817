/**
 * Who a message is for. In groups the bot sees (with privacy mode off) or is sent (commands, replies,
 * mentions) messages meant for people; it answers only those addressed to it.
 */
import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';

function entitiesOf(message: Message): { text: string; entities: MessageEntity[] } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  return { text: message.caption ?? '', entities: message.caption_entities ?? [] };
}

/** `/cmd` or `/cmd@thisbot`, not `/cmd@otherbot`. */
function isCommandFor(command: string, username: string): boolean {
  const target = command.split('@')[1];
  return target === undefined || target.toLowerCase() === username.toLowerCase();
}

/**
 * True when a group message is meant for the bot: it mentions the bot (text or caption), replies to
 * one of the bot's messages, or starts with a command without a bot name or with this bot's name.
 */
export function isAddressedToBot(message: Message, me: UserFromGetMe): boolean {
  if (message.reply_to_message?.from?.id === me.id) return true;
  const { text, entities } = entitiesOf(message);
  return entities.some((entity) => {
    const slice = text.slice(entity.offset, entity.offset + entity.length);
    switch (entity.type) {
      case 'mention':
        return slice.toLowerCase() === `@${me.username.toLowerCase()}`;
      case 'text_mention':
        return entity.user.id === me.id;
      case 'bot_command':
        return entity.offset === 0 && isCommandFor(slice, me.username);
      default:
        return false;
    }
  });
}

/** True when the message is a command (Telegram marks a `/word` at the very start). */
export function startsWithCommand(message: Message): boolean {
  const first = message.entities?.[0];
  return first?.type === 'bot_command' && first.offset === 0;
}

/**
 * The question without `@botname`, and without the separator people put after it
 * (`@bot，医保…` → `医保…`). Telegram usernames are `[A-Za-z0-9_]`, so the name needs no escaping.
 */
export function stripBotMention(text: string, username: string): string {
  return text
    .replace(new RegExp(`@${username}(?![A-Za-z0-9_])`, 'gi'), ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,，:：、]+/, '')
    .trim();
}
