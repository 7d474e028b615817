/**
 * 200 users, each in their own private chat, ask at the same moment: every one gets exactly one
 * answer, /sources shows each user the citations of their own question, no update is lost, and the
 * heap stays bounded. Real bot, real core, file sessions (the production default).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, seedIndex, startRealBot, type RealBot } from '../helpers/real-bot.js';
import { createUser, startEmulator, type BotReply, type Emulator, type TestUser } from '../helpers/telegram-emulator.js';
import { expectSendable } from './replies.js';

const PORT = 19456;
const TOKEN = '7456:reliability-load';
const USERS = 200;
/** Seed questions whose figures come from different passages, so a mixed-up /sources shows. */
const QUESTIONS: readonly { question: string; figure: string }[] = [
  { question: '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？', figure: '5亿元' },
  { question: '国家要建多少个省级区域医疗中心？', figure: '120个左右' },
  { question: '华科大同济医院山西医院投入运营后，患者外转率下降了多少？', figure: '79.3%' },
  { question: '今年打算新建成多少家社区医院？', figure: '500家左右' },
  { question: '推广三明医改经验的实施意见里，明确了多少条要普遍推广的经验？', figure: '11条' },
];
const MB = 1024 * 1024;

let emu: Emulator;
let bot: RealBot;
const { logger, log } = captureLogs({ secrets: [TOKEN], level: 'info' });
const users: { user: TestUser; question: string; figure: string }[] = [];

/** Waits until every user has at least one new bot message; one scan of the emulator's storage per round. */
async function everyoneGot(count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const perChat = new Map<string, number>();
    for (const stored of emu.server.storage.botMessages as unknown as { botToken: string; message: { chat_id: number | string } }[]) {
      if (stored.botToken !== TOKEN) continue;
      const chat = String(stored.message.chat_id);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    }
    const waiting = users.filter(({ user }) => (perChat.get(String(user.chatId)) ?? 0) < count);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting.length} of ${USERS} users still wait for message ${count} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Each user's new messages, after everyone's arrived and a moment passed for duplicates to show. */
async function newRepliesOfEach(): Promise<BotReply[][]> {
  await sleep(500);
  return Promise.all(users.map(({ user }) => user.waitForReplies(1, { timeoutMs: 0 })));
}

beforeAll(async () => {
  emu = await startEmulator(PORT);
  await seedIndex();
  bot = await startRealBot({ emu, token: TOKEN, logger, fileSessions: true });
  for (let i = 0; i < USERS; i++) {
    users.push({ user: createUser(emu.server, TOKEN, { userId: 10_000 + i }), ...QUESTIONS[i % QUESTIONS.length]! });
  }
});

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
});

describe(`${USERS} users asking at once`, () => {
  let heapBefore = 0;

  it('every user gets exactly one answer, with their question\'s figure', { timeout: 60_000 }, async () => {
    heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    await Promise.all(users.map(({ user, question }) => user.say(question)));
    await everyoneGot(1, 45_000);
    const replies = await newRepliesOfEach();
    for (const [i, got] of replies.entries()) {
      expect(got, `user ${users[i]!.user.userId}`).toHaveLength(1);
      expectSendable(got[0]!);
      expect(got[0]!.text).toContain(users[i]!.figure);
    }
    // No update lost or handled twice: one "question answered" per user, no failure.
    const answered = log.records().filter((r) => r.msg === 'question answered');
    expect(answered).toHaveLength(USERS);
    expect(new Set(answered.map((r) => r.chatId)).size).toBe(USERS);
    expect(log.records().filter((r) => r.level >= 40)).toEqual([]);
    const unread = (emu.server.storage.userMessages as unknown as { botToken: string; isRead?: boolean }[]).filter((u) => u.botToken === TOKEN && !u.isRead);
    expect(unread).toEqual([]);
    console.info(`[load] ${USERS} concurrent questions answered in ${Date.now() - started} ms`);
  });

  it('each user\'s /sources shows the citations of their own question', { timeout: 60_000 }, async () => {
    await Promise.all(users.map(({ user }) => user.command('sources')));
    await everyoneGot(2, 45_000);
    const replies = await newRepliesOfEach();
    for (const [i, got] of replies.entries()) {
      const { question, figure } = users[i]!;
      expect(got).toHaveLength(1);
      expectSendable(got[0]!);
      expect(got[0]!.text).toContain(`（问题：${question}）`);
      const quotes = [...got[0]!.text!.matchAll(/<blockquote>([^<]*)<\/blockquote>/g)].map((m) => m[1]!);
      expect(quotes.some((quote) => quote.includes(figure)), `user ${users[i]!.user.userId}: ${figure} in ${quotes.join(' | ')}`).toBe(true);
    }
  });

  it('the heap grew by less than 300 MB', () => {
    const grown = (process.memoryUsage().heapUsed - heapBefore) / MB;
    console.info(`[load] heapUsed grew by ${grown.toFixed(1)} MB`);
    expect(grown).toBeLessThan(300);
  });
});
