/**
 * End to end through the Telegram emulator (telegram-test-api): the real createBot, started with
 * the runner by launch.ts's startPolling, answering from a fake Answerer.
 *
 * The emulator lacks sendChatAction (typing) and setMyCommands (command menu), both used by the bot:
 * throttleEmptyPolls() answers them `true` locally, as Telegram would, and recordApiCalls() lets
 * us check they were called. The emulator does not parse HTML nor enforce 4096 characters, so
 * every reply is checked here with htmlProblems() and its length.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/bot.js';
import { EXAMPLE_QUESTIONS } from '../../src/bot/features/start.js';
import {
  RATE_LIMITED_TEXT,
  STALE_SOURCES_TEXT,
  UNKNOWN_BUTTON_TEXT,
  TELEGRAM_MESSAGE_LIMIT,
  TEXT_ONLY_TEXT,
  UNKNOWN_COMMAND_TEXT,
} from '../../src/bot/format.js';
import { startPolling, type RunningBot } from '../../src/bot/launch.js';
import type { ChatSession } from '../../src/bot/session.js';
import { createConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import {
  createUser,
  EMULATOR_BOT,
  recordApiCalls,
  startEmulator,
  throttleEmptyPolls,
  type ApiCall,
  type BotReply,
  type Emulator,
  type TestUser,
  type UserOptions,
} from '../helpers/telegram-emulator.js';
import { BROKEN, FakeAnswerer, fakeCitations, LONG, NO_EVIDENCE } from './fake-answerer.js';
import { FakeReindex } from './fake-reindex.js';
import { htmlProblems } from './html-check.js';

const PORT = 19400;
const TOKEN = '4000:bot-test-token';
/** Tests that start their own bots use their own tokens, so the main bot does not take their updates. */
const RESTART_TOKEN = '4001:restart-test-token';
const UNSTUBBED_TOKEN = '4002:unstubbed-test-token';
const RATE_PER_MINUTE = 8;

let emu: Emulator;
let dataDir: string;
let main: RunningBot;
let apiCalls: ApiCall[];
const answerer = new FakeAnswerer();
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', secrets: [TOKEN, RESTART_TOKEN], destination: { write: (line: string) => void logLines.push(line) } });
const users: TestUser[] = [];

/**
 * Builds and starts a bot exactly as launch.ts does, plus the emulator's test-only transformers.
 * `stub: []` lets the emulator answer sendChatAction and setMyCommands itself (HTTP 500).
 * Answers come from the shared fake unless another is given.
 */
async function startBot(
  token: string,
  options: { storage?: StorageAdapter<ChatSession>; stub?: string[]; answerer?: FakeAnswerer } = {},
): Promise<{ running: RunningBot; calls: ApiCall[] }> {
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: String(RATE_PER_MINUTE),
  });
  const bot = createBot({ config, logger, answerer: options.answerer ?? answerer, reindex: new FakeReindex().run, storage: options.storage });
  bot.api.config.use(throttleEmptyPolls(50, { stub: options.stub }));
  const recorder = recordApiCalls();
  bot.api.config.use(recorder.transformer);
  return { running: await startPolling(bot, logger), calls: recorder.calls };
}

function user(options: UserOptions, token = TOKEN): TestUser {
  const created = createUser(emu.server, token, options);
  users.push(created);
  return created;
}

async function replyTo(person: TestUser, text: string): Promise<BotReply> {
  await person.say(text);
  const [reply] = await person.waitForReplies(1);
  return reply!;
}

function buttons(reply: BotReply): { text: string; callback_data: string }[] {
  const markup = reply.reply_markup as InlineKeyboardMarkup | undefined;
  return (markup?.inline_keyboard.flat() ?? []) as { text: string; callback_data: string }[];
}

function sourcesButton(reply: BotReply): string {
  const data = buttons(reply).find((b) => b.text === '📚 查看出处')?.callback_data;
  if (data === undefined) throw new Error(`no sources button under: ${reply.text}`);
  return data;
}

const logged = () => logLines.map((line) => JSON.parse(line) as { msg: string; code?: string; [key: string]: unknown });

beforeAll(async () => {
  emu = await startEmulator(PORT);
  dataDir = await mkdtemp(join(tmpdir(), 'bot-test-'));
  const started = await startBot(TOKEN, { storage: new MemorySessionStorage<ChatSession>() });
  main = started.running;
  apiCalls = started.calls;
});

afterAll(async () => {
  await main?.stop();
  await emu?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the bot, end to end', () => {
  it('/start says what it knows and offers example questions to tap', async () => {
    const alice = user({ userId: 101 });
    const help = await replyTo(alice, '/start');
    expect(help.parse_mode).toBe('HTML');
    expect(help.text).toContain('5 篇报道（2021-07-24 至 2022-06-02），标题关键词有社区医院、区域医疗中心');
    expect(help.text).toContain('/sources');
    expect(buttons(help)).toEqual(EXAMPLE_QUESTIONS.map((text, i) => ({ text, callback_data: `ex:${i}` })));
    expect(buttons(help).every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);
    expect(apiCalls.some((c) => c.method === 'setMyCommands')).toBe(true);

    await alice.press('ex:1', help);
    const [answer] = await alice.waitForReplies(1);
    expect(answer?.text).toMatch(new RegExp(`^<b>问：</b>${EXAMPLE_QUESTIONS[1]}\\n\\n<b>关于「`));
    expect(answerer.calls.at(-1)?.question).toBe(EXAMPLE_QUESTIONS[1]);
  });

  it('answers a question with [n] markers, the source list and the 📚 button, showing "typing" meanwhile', async () => {
    const bob = user({ userId: 102 });
    const answer = await replyTo(bob, '今年要新建多少家社区医院？');
    expect(answer.parse_mode).toBe('HTML');
    expect(answer.text).toBe(
      [
        '<b>关于「今年要新建多少家社区医院？」：要点一[1]。</b>要点二[2]。',
        '<b>来源</b>\n1. 新华社 · 2022-05-26 · 《关于「今年要新建多少家社区医院？」的报道》\n2. 《医改重点工作任务》',
      ].join('\n\n'),
    );
    expect(sourcesButton(answer)).toMatch(/^src:[\w-]{8}$/);
    expect(apiCalls.some((c) => c.method === 'sendChatAction' && c.payload.chat_id === 102 && c.payload.action === 'typing')).toBe(true);
  });

  it('/sources and the 📚 button show the full citations with quoted passages', async () => {
    const carol = user({ userId: 103 });
    const answer = await replyTo(carol, '国家区域医疗中心有多少个？');
    const sources = await replyTo(carol, '/sources');
    expect(sources.text).toContain('<b>出处</b>（问题：国家区域医疗中心有多少个？）');
    expect(sources.text).toContain('<b>[1] 关于「国家区域医疗中心有多少个？」的报道</b>\n新华社 · 2022-05-26');
    expect(sources.text).toContain('<blockquote>原文一：国家区域医疗中心有多少个？——有关部门表示将稳步推进。</blockquote>');
    expect(sources.text).toContain('文件：002_report.txt（亦见于：003_copy.txt）');
    expect(sources.text).toContain('<a href="https://example.org/news/1?a=1&amp;b=2">原文链接</a>');
    expect(sources.raw.link_preview_options).toEqual({ is_disabled: true });

    await carol.press(sourcesButton(answer), answer);
    const [again] = await carol.waitForReplies(1);
    expect(again?.text).toBe(sources.text);
    expect(apiCalls.some((c) => c.method === 'answerCallbackQuery' && c.payload.text === undefined)).toBe(true);
  });

  it('explains that only the last answer keeps its sources when an older button is pressed', async () => {
    const dave = user({ userId: 104 });
    const first = await replyTo(dave, '第一个问题？');
    const second = await replyTo(dave, '第二个问题？');
    const pressId = await dave.press(sourcesButton(first), first);
    await expect(dave.waitForReplies(1, { timeoutMs: 400 })).rejects.toThrow(/got 0/);
    expect(apiCalls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === pressId)?.payload).toMatchObject({
      text: STALE_SOURCES_TEXT,
      show_alert: true,
    });
    await dave.press(sourcesButton(second), second);
    expect((await dave.waitForReplies(1))[0]?.text).toContain('（问题：第二个问题？）');
  });

  it('answers a press of a button it does not know, so the spinner stops, and sends nothing else', async () => {
    const erin = user({ userId: 105 });
    const help = await replyTo(erin, '/start');
    const pressId = await erin.press('no-such-button', help, { force: true });
    await expect(erin.waitForReplies(1, { timeoutMs: 400 })).rejects.toThrow(/got 0/);
    expect(apiCalls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === pressId)?.payload).toMatchObject({
      text: UNKNOWN_BUTTON_TEXT,
    });
  });

  it('keeps two users in two chats apart when they ask concurrently', async () => {
    const erin = user({ userId: 105 });
    const frank = user({ userId: 106 });
    await Promise.all([erin.say('医保个人账户怎么用？'), frank.say('药品集采降价多少？')]);
    await Promise.all([erin.waitForReplies(1), frank.waitForReplies(1)]);
    await Promise.all([erin.say('/sources'), frank.say('/sources')]);
    const [[erinSources], [frankSources]] = await Promise.all([erin.waitForReplies(1), frank.waitForReplies(1)]);
    expect(erinSources?.text).toContain('原文一：医保个人账户怎么用？');
    expect(erinSources?.text).not.toContain('药品集采');
    expect(frankSources?.text).toContain('原文一：药品集采降价多少？');
    expect(frankSources?.text).not.toContain('医保个人账户');
  });

  it('passes the previous turn as history for a follow-up', async () => {
    const grace = user({ userId: 107 });
    await replyTo(grace, '国家区域医疗中心建设进展如何？');
    await replyTo(grace, '计划什么时候完成？');
    expect(answerer.callsAbout('国家区域医疗中心建设进展如何？')[0]?.history).toEqual([]);
    expect(answerer.callsAbout('计划什么时候完成？')[0]?.history).toEqual([
      {
        question: '国家区域医疗中心建设进展如何？',
        searchedAs: '检索：国家区域医疗中心建设进展如何？',
        citedFiles: [...new Set(fakeCitations('国家区域医疗中心建设进展如何？').map((c) => c.file))],
        lead: '关于「国家区域医疗中心建设进展如何？」：要点一[1]。',
        cited: fakeCitations('国家区域医疗中心建设进展如何？'),
      },
    ]);
  });

  it('sends a 6,000+ character answer as several numbered, well-formed messages with the button on the last', async () => {
    const heidi = user({ userId: 108 });
    await heidi.say(`请给一个${LONG}`);
    const parts = await heidi.waitForReplies(2, { settleMs: 300 });
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.reduce((n, p) => n + (p.text?.length ?? 0), 0)).toBeGreaterThan(6_000);
    for (const [i, part] of parts.entries()) {
      expect(part.text?.startsWith(`<i>(${i + 1}/${parts.length})</i>\n`)).toBe(true);
      expect(part.text!.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(htmlProblems(part.text!)).toEqual([]);
      expect(part.parse_mode).toBe('HTML');
    }
    expect(parts.slice(0, -1).every((p) => p.reply_markup === undefined)).toBe(true);
    expect(sourcesButton(parts.at(-1)!)).toMatch(/^src:/);
  });

  it('echoes a question holding <b>, & and </a> escaped, without a parse error', async () => {
    const ivan = user({ userId: 109 });
    const answer = await replyTo(ivan, '<b>医保</b> & </a> 怎么报销？');
    expect(answer.text).toContain('关于「&lt;b&gt;医保&lt;/b&gt; &amp; &lt;/a&gt; 怎么报销？」');
    expect(htmlProblems(answer.text!)).toEqual([]);
    const sources = await replyTo(ivan, '/sources');
    expect(sources.text).toContain('（问题：&lt;b&gt;医保&lt;/b&gt; &amp; &lt;/a&gt; 怎么报销？）');
    expect(htmlProblems(sources.text!)).toEqual([]);
  });

  it('says plainly when nothing was found, with no sources and no button', async () => {
    const judy = user({ userId: 110 });
    const answer = await replyTo(judy, `${NO_EVIDENCE}的问题`);
    expect(answer.text).toBe('抱歉，现有资料中没有找到能回答这个问题的内容。');
    expect(answer.reply_markup).toBeUndefined();
    expect((await replyTo(judy, '/sources')).text).toContain('还没有可以查看的出处');
  });

  it('tells stickers and unknown commands that it reads text questions', async () => {
    const ken = user({ userId: 111 });
    await ken.sendRaw({
      sticker: { file_id: 's1', file_unique_id: 'u1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' },
    });
    expect((await ken.waitForReplies(1))[0]?.text).toBe(TEXT_ONLY_TEXT);
    expect((await replyTo(ken, '/foo')).text).toBe(UNKNOWN_COMMAND_TEXT);
    expect(answerer.calls.some((c) => c.question.includes('/foo'))).toBe(false);
  });

  it('in a group answers only when mentioned or replied to, with the mention stripped, and keeps the group apart', async () => {
    const group = -2001;
    const leo = user({ userId: 112, chatId: group, chatType: 'group' });
    const mia = user({ userId: 113, chatId: group, chatType: 'group' });

    await leo.say('大家好，医保怎么报销？');
    await expect(leo.waitForReplies(1, { timeoutMs: 400 })).rejects.toThrow(/got 0/);
    expect(answerer.callsAbout('大家好')).toEqual([]);

    const askId = await leo.say(`@${EMULATOR_BOT.username} 医保怎么报销？`);
    const [answer] = await leo.waitForReplies(1);
    expect(answer?.chat_id).toBe(group);
    expect(answer?.reply_to_message_id).toBe(askId);
    expect(answerer.calls.at(-1)?.question).toBe('医保怎么报销？');

    await mia.waitForReplies(1); // the group's answer, seen by Mia too
    await mia.say('那异地就医呢？', { replyTo: answer! });
    expect((await mia.waitForReplies(1))[0]?.text).toContain('那异地就医呢？');
    expect(answerer.calls.at(-1)?.history.map((t) => t.question)).toEqual(['医保怎么报销？']);

    await leo.waitForReplies(1);
    const sources = await replyTo(leo, `/sources@${EMULATOR_BOT.username}`);
    expect(sources.text).toContain('（问题：那异地就医呢？）');
  });

  it('turns a failure into one log line and a short friendly reply', async () => {
    const nina = user({ userId: 114 });
    const before = logged().filter((l) => l.msg === 'update failed').length;
    expect((await replyTo(nina, `${BROKEN}的问题`)).text).toBe('资料库正在维护，暂时无法回答，请稍后再试。');
    const failures = logged().filter((l) => l.msg === 'update failed');
    expect(failures).toHaveLength(before + 1);
    expect(failures.at(-1)).toMatchObject({ code: 'INDEX_MISSING', chatId: 114 });
    // The failed question is not remembered.
    expect((await replyTo(nina, '下一个问题')).text).toContain('下一个问题');
    expect(answerer.calls.at(-1)?.history).toEqual([]);
  });

  it('limits each user to RATE_LIMIT_PER_MINUTE questions, with one polite notice', async () => {
    const olga = user({ userId: 115 });
    for (let i = 1; i <= RATE_PER_MINUTE + 3; i++) await olga.say(`第${i}问`);
    const replies = await olga.waitForReplies(RATE_PER_MINUTE + 1, { settleMs: 500 });
    expect(replies).toHaveLength(RATE_PER_MINUTE + 1);
    expect(replies.filter((r) => r.text === RATE_LIMITED_TEXT)).toHaveLength(1);
    expect(answerer.callsAbout('问').filter((c) => /^第\d+问$/.test(c.question))).toHaveLength(RATE_PER_MINUTE);
  });

  it('on stop finishes the update in progress, and keeps /sources and the 📚 button across a restart (file sessions)', async () => {
    const slow = new FakeAnswerer(300);
    const pat = user({ userId: 116 }, RESTART_TOKEN);
    const before = await startBot(RESTART_TOKEN, { answerer: slow });
    await pat.say('重启前的问题？');
    while (slow.calls.length === 0) await sleep(10); // the answer is being worked out now
    await before.running.stop();
    // Already sent, and its session saved to disk, by the time stop() resolved.
    const [answer] = await pat.waitForReplies(1, { timeoutMs: 0 });
    expect(answer?.text).toContain('重启前的问题？');
    expect(await readdir(join(dataDir, 'sessions'))).not.toEqual([]);

    const after = await startBot(RESTART_TOKEN, { answerer: slow });
    try {
      expect((await replyTo(pat, '/sources')).text).toContain('原文一：重启前的问题？');
      await pat.press(sourcesButton(answer!), answer!);
      expect((await pat.waitForReplies(1))[0]?.text).toContain('（问题：重启前的问题？）');
      await replyTo(pat, '重启后的追问？');
      expect(slow.calls.at(-1)?.history.map((t) => t.question)).toEqual(['重启前的问题？']);
    } finally {
      await after.running.stop();
    }
  });

  it('still answers when the typing indicator and the command menu fail', async () => {
    const quinn = user({ userId: 117 }, UNSTUBBED_TOKEN);
    const unstubbed = await startBot(UNSTUBBED_TOKEN, { stub: [] });
    try {
      expect((await replyTo(quinn, '没有输入状态也能回答吗？')).text).toContain('要点一[1]');
      expect(unstubbed.calls.some((c) => c.method === 'sendChatAction')).toBe(true);
      expect(logged().some((l) => l.msg === 'typing indicator failed')).toBe(true);
      expect(logged().some((l) => l.msg === 'could not register the command menu')).toBe(true);
    } finally {
      await unstubbed.running.stop();
    }
  });

  it('sent only well-formed HTML within the size limit, and never logged the token', () => {
    const sent = users.flatMap((u) => u.botMessages());
    expect(sent.length).toBeGreaterThan(30);
    for (const message of sent) {
      expect(message.parse_mode).toBe('HTML');
      expect(htmlProblems(message.text ?? '')).toEqual([]);
      expect(message.text!.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    }
    expect(logLines.join('\n')).not.toContain(TOKEN);
    expect(logged().filter((l) => l.msg === 'question answered').length).toBeGreaterThan(10);
  });
});
