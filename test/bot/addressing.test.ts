import type { Message, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { isAddressedToBot, startsWithCommand, stripBotMention } from '../../src/bot/addressing.js';
import { telegramEntities } from '../helpers/telegram-emulator.js';

const me = { id: 666, is_bot: true, first_name: 'Bot', username: 'YigaiBot' } as UserFromGetMe;

function groupMessage(text: string, extra: Partial<Message> = {}): Message {
  return {
    message_id: 1,
    date: 0,
    chat: { id: -1, type: 'group', title: 'G' },
    from: { id: 1, is_bot: false, first_name: 'A' },
    text,
    entities: telegramEntities(text),
    ...extra,
  } as Message;
}

describe('isAddressedToBot', () => {
  it('takes mentions of the bot, replies to it and commands for it', () => {
    expect(isAddressedToBot(groupMessage('@YigaiBot 医保怎么报销？'), me)).toBe(true);
    expect(isAddressedToBot(groupMessage('请问 @yigaibot 医保'), me)).toBe(true);
    expect(isAddressedToBot(groupMessage('/sources'), me)).toBe(true);
    expect(isAddressedToBot(groupMessage('/sources@YigaiBot'), me)).toBe(true);
    const reply = groupMessage('那药价呢？', { reply_to_message: groupMessage('答', { from: { id: 666, is_bot: true, first_name: 'Bot' } }) as never });
    expect(isAddressedToBot(reply, me)).toBe(true);
  });

  it('ignores chatter, other bots and other people', () => {
    expect(isAddressedToBot(groupMessage('医保怎么报销？'), me)).toBe(false);
    expect(isAddressedToBot(groupMessage('@OtherBot 医保'), me)).toBe(false);
    expect(isAddressedToBot(groupMessage('/sources@OtherBot'), me)).toBe(false);
    expect(isAddressedToBot(groupMessage('看 /sources'), me)).toBe(false);
  });

  it('reads mentions in photo captions', () => {
    const caption = '@YigaiBot 这张单据能报销吗';
    const photo = { ...groupMessage(''), text: undefined, entities: undefined, caption, caption_entities: telegramEntities(caption) } as Message;
    expect(isAddressedToBot(photo, me)).toBe(true);
  });
});

describe('startsWithCommand', () => {
  it('is true only for a command at the very start', () => {
    expect(startsWithCommand(groupMessage('/help'))).toBe(true);
    expect(startsWithCommand(groupMessage('看 /help'))).toBe(false);
    expect(startsWithCommand(groupMessage('医保'))).toBe(false);
  });
});

describe('stripBotMention', () => {
  it('removes the mention and the separator after it', () => {
    expect(stripBotMention('@YigaiBot，医保怎么报销？', 'YigaiBot')).toBe('医保怎么报销？');
    expect(stripBotMention('请问 @yigaibot 医保  怎么报销', 'YigaiBot')).toBe('请问 医保 怎么报销');
    expect(stripBotMention('@YigaiBot_fan 你好', 'YigaiBot')).toBe('@YigaiBot_fan 你好');
    expect(stripBotMention('@YigaiBot', 'YigaiBot')).toBe('');
  });
});
