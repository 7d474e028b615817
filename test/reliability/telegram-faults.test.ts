/**
 * Telegram misbehaving between the real bot and the emulator: a fault-injecting proxy (the bot's
 * apiRoot) answers the first sendMessage with a 429, or drops its connection.
 *
 * What createBot's auto-retry (@grammyjs/auto-retry 2.0.2, `maxRetryAttempts: 3, maxDelaySeconds: 60,
 * rethrowHttpErrors: true`) does, read from node_modules/@grammyjs/auto-retry/out/mod.js:
 * - a result with `parameters.retry_after` ≤ maxDelaySeconds: waits that long and calls again;
 * - a result with error_code ≥ 500: exponential backoff (3 s, 6 s, …) and calls again;
 * - a thrown HttpError (connection refused, reset, dropped: the request may or may not have reached
 *   Telegram): retried ONLY when rethrowHttpErrors is false. The bot sets it true, so a dropped
 *   sendMessage is not retried: the error reaches the error boundary, which logs "update failed"
 *   and sends the generic apology instead of the answer. The session is not saved either (grammY's
 *   session middleware does not write back when the middleware after it throws).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TOO_MANY_REQUESTS } from '../helpers/fault-proxy.js';
import { useRealBot } from '../helpers/real-bot.js';
import { expectSendable, onlyReply } from './replies.js';

const PORT = 19453;
const TOKEN = '7453:reliability-telegram-faults';
const QUESTION = '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？';
const FIGURE = '5亿元';

const suite = useRealBot({ port: PORT, token: TOKEN, firstUserId: 4000, faultProxy: true });
const { log, newUser } = suite;

beforeEach(() => {
  suite.proxy.calls.length = 0;
});

describe('Telegram faults on sendMessage', () => {
  it('control: through the proxy, one answer', async () => {
    const user = newUser();
    await user.say(QUESTION);
    expect((await onlyReply(user)).text).toContain(FIGURE);
    expect(suite.proxy.callsOf('sendMessage')).toEqual([{ method: 'sendMessage', fault: undefined }]);
  });

  it('a 429 "retry after 1" on the first sendMessage → auto-retry waits and the answer arrives once', async () => {
    suite.proxy.failNext('sendMessage', TOO_MANY_REQUESTS(1));
    const user = newUser();
    const mark = log.mark();
    const sent = Date.now();
    await user.say(QUESTION);
    const reply = await onlyReply(user, { settleMs: 1_000 });
    expectSendable(reply);
    expect(reply.text).toContain(FIGURE);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1_000); // it honoured retry_after
    expect(suite.proxy.callsOf('sendMessage').map((c) => c.fault)).toEqual(['status', undefined]);
    expect(log.since(mark).filter((r) => r.level >= 50)).toEqual([]);
    // The session was saved: /sources shows this answer's citations.
    await user.command('sources');
    expect((await onlyReply(user)).text).toMatch(/<blockquote>[^<]*5亿元/);
  });

  it('a 429 on a command\'s reply (/start, with its keyboard) → delivered once, keyboard included', async () => {
    suite.proxy.failNext('sendMessage', TOO_MANY_REQUESTS(1));
    const user = newUser();
    await user.command('start');
    const reply = await onlyReply(user, { settleMs: 1_000 });
    expect(reply.text).toContain('可以试试这些问题');
    expect(reply.reply_markup).toBeDefined();
  });

  it('a dropped connection on the first sendMessage (request never reached Telegram) → retried: exactly one reply, the answer', async () => {
    suite.proxy.failNext('sendMessage', { kind: 'drop' });
    const user = newUser();
    await user.say(QUESTION);
    const reply = await onlyReply(user, { settleMs: 1_500 });
    expect(reply.text).toContain(FIGURE);
    expect(suite.proxy.callsOf('sendMessage').map((c) => c.fault)).toEqual(['drop', undefined]);
    // The answer's sources were kept.
    await user.command('sources');
    expect((await onlyReply(user)).text).toContain(FIGURE);
  });

  it('a connection dropped after Telegram stored the message → the retry duplicates the answer (documented trade-off)', async () => {
    // Telegram has no idempotency key for sendMessage: after a drop the bot cannot know whether the message
    // exists. It retries (src/bot/retry-network.ts): a duplicate answer rather than a lost one or an apology.
    suite.proxy.failNext('sendMessage', { kind: 'drop-after-forward' });
    const user = newUser();
    await user.say(QUESTION);
    const replies = await user.waitForReplies(2, { timeoutMs: 10_000, settleMs: 1_500 });
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining(FIGURE), expect.stringContaining(FIGURE)]);
  });

  it('a dropped getUpdates is retried by the runner: no update lost', async () => {
    suite.proxy.failNext('getUpdates', { kind: 'drop' });
    const user = newUser();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the next poll takes the fault
    await user.say(QUESTION);
    expect((await onlyReply(user)).text).toContain(FIGURE);
    expect(suite.proxy.callsOf('getUpdates').some((c) => c.fault === 'drop')).toBe(true);
  });
});
