/** Checks shared by the reliability files: every message the bot sends must be one Telegram accepts. */
import { expect } from 'vitest';
import { TELEGRAM_MESSAGE_LIMIT } from '../../src/bot/format.js';
import { htmlProblems } from '../bot/html-check.js';
import type { BotReply, TestUser } from '../helpers/telegram-emulator.js';

/** Non-empty HTML, well-formed for Telegram's parser, within 4096 characters. */
export function expectSendable(reply: BotReply): void {
  expect(reply.parse_mode).toBe('HTML');
  expect(reply.text?.trim()).toBeTruthy();
  expect(htmlProblems(reply.text!)).toEqual([]);
  expect(reply.text!.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
}

/**
 * Waits for the user's next reply and checks that it comes alone: after it arrived, `settleMs` more
 * pass without a second message (a duplicate, or an error notice after the answer).
 */
export async function onlyReply(user: TestUser, options: { timeoutMs?: number; settleMs?: number } = {}): Promise<BotReply> {
  const replies = await user.waitForReplies(1, { timeoutMs: options.timeoutMs ?? 10_000, settleMs: options.settleMs ?? 300 });
  expect(replies.map((r) => r.text)).toHaveLength(1);
  return replies[0]!;
}

/** Every 10-character run of every line of `prompt` (numbering aside) that shows up in `text`. */
export function promptFragmentsIn(text: string, prompt: string, window = 10): string[] {
  const found = new Set<string>();
  for (const line of prompt.split('\n').map((l) => l.replace(/^\d+\.\s*/, '').trim())) {
    if (text.includes(line)) found.add(line);
    for (let i = 0; i + window <= line.length; i++) {
      const piece = line.slice(i, i + window);
      if (text.includes(piece)) found.add(piece);
    }
  }
  return [...found];
}
