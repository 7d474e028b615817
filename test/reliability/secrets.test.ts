/**
 * A whole session with every log line captured at level 'trace' (createLogger into a PassThrough):
 * /start, several questions, /sources, LLM failures with the API key in use, Telegram errors whose
 * grammY errors carry the request URL (token included). Neither the bot token nor the API key may
 * appear anywhere in the logs or in what the bot sent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOO_MANY_REQUESTS } from '../helpers/fault-proxy.js';
import { useRealBot } from '../helpers/real-bot.js';
import type { BotReply, TestUser } from '../helpers/telegram-emulator.js';

const PORT = 19454;
const TOKEN = '7454:SECRET-bot-token-abcdef';
const API_KEY = 'sk-test-SECRET-123456';
/** Parts a careless error message could carry on their own (URL paths, "Bearer …"). */
const TOKEN_SECRET_PART = 'SECRET-bot-token-abcdef';

// The logger exactly as scripts/bot.ts builds it: the token and the key are its secrets.
const suite = useRealBot({ port: PORT, token: TOKEN, firstUserId: 5000, faultProxy: true, llm: { apiKey: API_KEY }, logLevel: 'trace' });
const { log } = suite;
let user: TestUser;
const replies: BotReply[] = [];

async function ask(text: string, count = 1): Promise<BotReply[]> {
  await user.say(text);
  const got = await user.waitForReplies(count, { timeoutMs: 10_000, settleMs: 200 });
  replies.push(...got);
  return got;
}

beforeAll(() => {
  user = suite.newUser();
});

describe('secrets stay out of logs and replies', () => {
  it('runs a whole session, faults included', async () => {
    await ask('/start');
    suite.llm.enqueue({ kind: 'chat', content: '中央预算内投资累计不超过5亿元[1]。' });
    expect((await ask('一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？'))[0]!.text).toContain('5亿元[1]');
    await ask('/sources');
    // LLM failures, one of them the "check OPENAI_API_KEY" kind.
    suite.llm.enqueue({ kind: 'status', status: 401 });
    expect((await ask('国家要建多少个省级区域医疗中心？'))[0]!.text).toContain('120个左右');
    suite.llm.enqueue({ kind: 'cut' });
    await ask('今年打算新建成多少家社区医院？');
    await ask('北京儿童医院郑州医院的院长是谁？');
    // Telegram errors: a 429, a dropped sendMessage (retried; HttpError: its cause names the URL, token inside),
    // a dropped getUpdates (logged by launch.ts's logPollingErrors), a 400 on sendMessage.
    suite.proxy.failNext('sendMessage', TOO_MANY_REQUESTS(1));
    await ask('目前全国一共布局了多少个国家医学中心？');
    suite.proxy.failNext('sendMessage', { kind: 'drop' });
    await ask('国家区域医疗中心现在试点建了多少个？');
    suite.proxy.failNext('getUpdates', { kind: 'drop' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    suite.proxy.failNext('sendMessage', { kind: 'status', status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities" } });
    await ask('推广三明医改经验的实施意见里，明确了多少条要普遍推广的经验？');
    // The answer and the apology dropped on every try (each is tried 3 times): the lost apology is logged at
    // debug level, HttpError and all.
    for (let i = 0; i < 6; i++) suite.proxy.failNext('sendMessage', { kind: 'drop' });
    await user.say('国家区域医疗中心最早是在几个省份搞试点的？');
    while (!log.records().some((r) => r.msg === 'could not send the error reply')) await new Promise((resolve) => setTimeout(resolve, 20));
    await ask('/sources');
    await ask('/nosuchcommand');

    // The session really went through the failure paths that put URLs and keys near the logger.
    const messages = log.records().map((r) => r.msg);
    expect(messages).toContain('LLM answer unavailable or ungrounded; using the extractive answer');
    expect(messages).toContain('update failed');
    expect(messages).toContain('getUpdates failed');
    expect(log.records().find((r) => r.msg === 'could not send the error reply')?.level).toBe(20);
    // The LLM requests carried the key: it was in use, not merely configured.
    expect(suite.llm.requests.every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
  });

  it('the captured log holds neither the bot token nor the API key', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const text = log.text();
    expect(text.length).toBeGreaterThan(1_000);
    for (const secret of [TOKEN, TOKEN_SECRET_PART, API_KEY, 'SECRET-123456']) expect(text).not.toContain(secret);
    // Where they would have been, the scrubber left its mark (the dropped request's URL).
    expect(text).toContain('[REDACTED]');
  });

  it('no message the bot sent holds them', () => {
    const sent = [...replies, ...user.botMessages()];
    expect(sent.length).toBeGreaterThan(8);
    for (const message of sent) {
      const raw = JSON.stringify(message.raw);
      for (const secret of [TOKEN, TOKEN_SECRET_PART, API_KEY, 'SECRET-123456']) expect(raw).not.toContain(secret);
    }
  });

  it('.gitignore keeps .env out of git', async () => {
    const lines = (await readFile(join(import.meta.dirname, '..', '..', '.gitignore'), 'utf8')).split('\n').map((l) => l.trim());
    expect(lines).toContain('.env');
  });
});

