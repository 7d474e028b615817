/**
 * The admin commands and the daily LLM budget, at the fast level: the real createBot fed updates
 * with `bot.handleUpdate`, its outgoing calls captured by an API transformer, and hand-written
 * fakes for the answerer and for `reindex`. e2e.test.ts runs the same features on the real core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemorySessionStorage, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_COMMANDS, createBot } from '../../src/bot/bot.js';
import { ChatBusyError } from '../../src/bot/instances.js';
import type { BotContext } from '../../src/bot/context.js';
import { ADMIN_ONLY_TEXT, REINDEX_BUSY_TEXT } from '../../src/bot/format.js';
import type { ChatSession } from '../../src/bot/session.js';
import { createRedisState } from '../../src/bot/state/redis-state.js';
import type { SharedState } from '../../src/bot/state/shared-state.js';
import { createConfig } from '../../src/config.js';
import { CorpusError, IndexLockedError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { RedisServer } from '../helpers/redis-server.js';
import { EMULATOR_BOT } from '../helpers/telegram-emulator.js';
import { privateTextUpdate } from '../helpers/updates.js';
import { FAKE_SUMMARY, FakeAnswerer, NO_EVIDENCE } from './fake-answerer.js';
import { fakeIngestReport, FakeReindex } from './fake-reindex.js';
import { htmlProblems } from './html-check.js';

const ADMIN = 501;
const SECOND_ADMIN = 502;
const DAILY_LLM_QUESTIONS = 2;

interface Harness {
  bot: Bot<BotContext>;
  answerer: FakeAnswerer;
  reindex: FakeReindex;
  /** Texts the bot sent, by chat id. */
  sent: Map<number, string[]>;
}

let dataDir: string;
let updateId = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'admin-budget-test-'));
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A bot fed updates by hand; `state` shares its sessions, counts and locks (two harnesses over one Redis: two instances). */
function harness(state?: SharedState, answerDelayMs = 0, chatTurnMs?: number): Harness {
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: '4200:fast-test-token',
    DATA_DIR: dataDir,
    ADMIN_IDS: `${ADMIN},${SECOND_ADMIN}`,
    DAILY_LLM_QUESTIONS: String(DAILY_LLM_QUESTIONS),
    RATE_LIMIT_PER_MINUTE: '1000',
    // Instances sharing state run as webhooks (only then do a chat's updates take turns across them); no server starts here.
    ...(state ? { WEBHOOK_URL: 'https://bot.example.org/telegram' } : {}),
  });
  const answerer = new FakeAnswerer(answerDelayMs, true);
  const reindex = new FakeReindex();
  const bot = createBot({ config, logger: createLogger({ level: 'silent', secrets: [] }), answerer, reindex: reindex.run, state, storage: new MemorySessionStorage<ChatSession>(), chatTurnMs });
  bot.botInfo = { ...EMULATOR_BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as Bot['botInfo'];
  const sent = new Map<number, string[]>();
  bot.api.config.use(async (_prev, method, payload) => {
    if (method === 'sendMessage') {
      const { chat_id, text } = payload as { chat_id: number; text: string };
      sent.set(chat_id, [...(sent.get(chat_id) ?? []), text]);
    }
    return { ok: true, result: true } as never;
  });
  return { bot, answerer, reindex, sent };
}

/** A private-chat text message from `userId`, with the command entity Telegram would add. */
function message(userId: number, text: string): Update {
  return privateTextUpdate(++updateId, userId, text);
}

async function say(h: Harness, userId: number, text: string): Promise<string> {
  const before = h.sent.get(userId)?.length ?? 0;
  await h.bot.handleUpdate(message(userId, text));
  const replies = h.sent.get(userId)?.slice(before) ?? [];
  expect(replies).toHaveLength(1);
  expect(htmlProblems(replies[0]!)).toEqual([]);
  return replies[0]!;
}

/**
 * Sends /reindex from ADMIN to `first` and, while that ingest runs, /reindex from SECOND_ADMIN to `second`; lets the
 * first finish. Resolves to the reply the second got.
 */
async function secondReindexWhileFirstRuns(first: Harness, second: Harness): Promise<string> {
  first.reindex.hold();
  const running = first.bot.handleUpdate(message(ADMIN, '/reindex'));
  while (first.reindex.runs === 0) await sleep(5);
  const reply = await say(second, SECOND_ADMIN, '/reindex');
  first.reindex.finish();
  await running;
  return reply;
}

describe('conversations in a group', () => {
  /** A group message from `userId` that mentions the bot. */
  function groupMessage(userId: number, text: string): Update {
    updateId++;
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: -900, type: 'group', title: 'G' },
        from: { id: userId, is_bot: false, first_name: `U${userId}` },
        text: `@${EMULATOR_BOT.username} ${text}`,
        entities: [{ type: 'mention', offset: 0, length: EMULATOR_BOT.username.length + 1 }],
      },
    };
  }

  it("reads a member's short message as a follow-up to that member's own question, not another's", async () => {
    const h = harness();
    await h.bot.handleUpdate(groupMessage(701, '哪些省份新纳入国家区域医疗中心建设？'));
    await h.bot.handleUpdate(groupMessage(702, '一共几个？'));
    await h.bot.handleUpdate(groupMessage(701, '一共几个？'));
    const [, other, same] = h.answerer.calls;
    expect(other?.history).toEqual([]);
    expect(same?.history.map((turn) => turn.question)).toEqual(['哪些省份新纳入国家区域医疗中心建设？']);
  });
});

describe('admin commands', () => {
  it('refuse everyone not in ADMIN_IDS, without running anything', async () => {
    const h = harness();
    expect(await say(h, 777, '/status')).toBe(ADMIN_ONLY_TEXT);
    expect(await say(h, 777, '/reindex')).toBe(ADMIN_ONLY_TEXT);
    expect(h.reindex.runs).toBe(0);
  });

  it('stay out of the public command menu', () => {
    expect(BOT_COMMANDS.map((c) => c.command)).toEqual(['help', 'sources']);
  });

  it('/status shows the index, then the last re-index report once one ran', async () => {
    const h = harness();
    const before = await say(h, ADMIN, '/status');
    expect(before).toBe(
      [
        '<b>索引状态</b>',
        '文档：5 篇',
        '片段：120 个',
        '构建时间：2024-01-01 08:00:00（北京时间）',
        '嵌入模型：fake',
        '代次：g1',
        '',
        '本进程启动以来尚未重建索引。',
      ].join('\n'),
    );
    h.reindex.outcome = fakeIngestReport({ skipped: [{ file: 'empty.md', reason: 'the file is empty' }] });
    await say(h, ADMIN, '/reindex');
    const after = await say(h, ADMIN, '/status');
    expect(after).toContain(`代次：${FAKE_SUMMARY.generation}`);
    expect(after).toMatch(/<b>最近一次重建<\/b>（\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间））/);
    expect(after).toContain('新增 1 · 更新 0 · 删除 0 · 未变 5 · 跳过 1');
    expect(after).toContain('跳过：empty.md（the file is empty）');
    // The fake answerer never switches generations; the real one does before its next question.
    expect(after).toContain('新代次将在下一个问题时启用。');
  });

  it('/reindex runs the ingest and replies with its report', async () => {
    const h = harness();
    h.reindex.outcome = fakeIngestReport({ updated: ['002_c.txt'], removed: ['<old>.md'] });
    const reply = await say(h, ADMIN, '/reindex');
    expect(h.reindex.runs).toBe(1);
    expect(reply).toBe(
      [
        '<b>索引已重建</b>',
        '代次 g2 · 6 篇 · 126 个片段 · 新嵌入 6 个片段 · 用时 1.2 秒',
        '新增 1 · 更新 1 · 删除 1 · 未变 5 · 跳过 0',
        '新增：005_new.md',
        '更新：002_c.txt',
        '删除：&lt;old&gt;.md',
      ].join('\n'),
    );
  });

  it('lists at most ten files of a kind', async () => {
    const h = harness();
    const added = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(3, '0')}.md`);
    h.reindex.outcome = fakeIngestReport({ added, unchanged: [] });
    const reply = await say(h, ADMIN, '/reindex');
    expect(reply).toContain(`新增：${added.slice(0, 10).join('、')} 等 12 个`);
  });

  it('answers a second /reindex, from another admin, while the first runs: busy; then takes one again', async () => {
    const h = harness();
    expect(await secondReindexWhileFirstRuns(h, h)).toBe(REINDEX_BUSY_TEXT);
    expect(h.reindex.runs).toBe(1);
    expect(h.sent.get(ADMIN)?.at(-1)).toContain('<b>索引已重建</b>');
    expect(await say(h, SECOND_ADMIN, '/reindex')).toContain('<b>索引已重建</b>');
    expect(h.reindex.runs).toBe(2);
  });

  it('turns a locked index or an unusable corpus into the friendly error reply, and can run again after', async () => {
    const h = harness();
    h.reindex.outcome = new IndexLockedError('index/.ingest.lock', 'pid 1 since 2024-01-01');
    expect(await say(h, ADMIN, '/reindex')).toBe('资料库正在维护，暂时无法回答，请稍后再试。');
    h.reindex.outcome = new CorpusError('seeds', 'no usable documents; the index was not changed');
    expect(await say(h, ADMIN, '/reindex')).toBe('机器人的设置有问题，已记录下来，管理员会处理。');
    expect(await say(h, ADMIN, '/status')).toContain('本进程启动以来尚未重建索引。');
    h.reindex.outcome = fakeIngestReport();
    expect(await say(h, ADMIN, '/reindex')).toContain('<b>索引已重建</b>');
  });
});

describe('the daily LLM budget', () => {
  it(`lets the LLM compose ${DAILY_LLM_QUESTIONS} answers per user a day, then asks for extractive ones`, async () => {
    const h = harness();
    const allowLlm = (question: string) => h.answerer.callsAbout(question)[0]?.options?.allowLlm;
    // An extractive answer (a refusal) costs nothing.
    await say(h, 601, `${NO_EVIDENCE}的问题`);
    await say(h, 601, '第一问');
    await say(h, 601, '第二问');
    await say(h, 601, '第三问');
    await say(h, 602, '别人的问题');
    expect([`${NO_EVIDENCE}的问题`, '第一问', '第二问', '第三问', '别人的问题'].map(allowLlm)).toEqual([true, true, true, false, true]);
    expect(h.answerer.callsAbout('第三问')).toHaveLength(1);
  });

  it('counts a tapped example question against the user who tapped it', async () => {
    const h = harness();
    await say(h, 603, '一问');
    await say(h, 603, '二问');
    await h.bot.handleUpdate({
      update_id: ++updateId,
      callback_query: {
        id: 'cb1',
        chat_instance: 'ci',
        from: { id: 603, is_bot: false, first_name: 'U603' },
        message: { message_id: 1, date: 0, chat: { id: 603, type: 'private', first_name: 'U603' }, text: 'help' },
        data: 'ex:0',
      },
    });
    expect(h.answerer.calls.at(-1)?.options).toEqual({ allowLlm: false });
  });
});

describe('two instances sharing their state through a real Redis', () => {
  let redis: RedisServer;
  const states: SharedState[] = [];
  /** `count` bots over one Redis, under a key prefix of their own. */
  const instances = async (options: { count?: number; answerDelayMs?: number; chatTurnMs?: number } = {}): Promise<Harness[]> => {
    const logger = createLogger({ level: 'silent', secrets: [] });
    const prefix = `bots${++updateId}:`;
    const made: Harness[] = [];
    for (let i = 0; i < (options.count ?? 2); i++) {
      const state = await createRedisState({ url: redis.url, keyPrefix: prefix, dailyLlmQuestions: DAILY_LLM_QUESTIONS, logger });
      states.push(state);
      made.push(harness(state, options.answerDelayMs ?? 0, options.chatTurnMs));
    }
    return made;
  };
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await Promise.all(states.map((state) => state.close()));
    await redis.stop();
  });

  it('answers /sources on one instance for a question asked on the other', async () => {
    const [a, b] = (await instances()) as [Harness, Harness];
    await say(a, 611, '第一问');
    const sources = await say(b, 611, '/sources');
    expect(sources).toContain('<b>出处</b>（问题：第一问）');
  });

  it('counts the daily LLM budget across instances', async () => {
    const [a, b] = (await instances()) as [Harness, Harness];
    const allowLlm = (h: Harness, question: string) => h.answerer.callsAbout(question)[0]?.options?.allowLlm;
    await say(a, 612, '一问');
    await say(b, 612, '二问');
    await say(a, 612, '三问');
    expect([allowLlm(a, '一问'), allowLlm(b, '二问'), allowLlm(a, '三问')]).toEqual([true, true, false]);
  });

  it('lets one update of a chat run at a time across instances, so the second reads what the first wrote', async () => {
    const [a, b] = (await instances({ answerDelayMs: 300 })) as [Harness, Harness];
    const first = a.bot.handleUpdate(message(613, '哪些省份新纳入国家区域医疗中心建设？'));
    while (a.answerer.calls.length === 0) await sleep(5);
    // Delivered to the other instance while the first is still answering.
    await b.bot.handleUpdate(message(613, '一共几个？'));
    await first;
    expect(b.answerer.callsAbout('一共几个？')[0]?.history.map((turn) => turn.question)).toEqual(['哪些省份新纳入国家区域医疗中心建设？']);
  });

  it('runs one /reindex at a time across instances', async () => {
    const [a, b] = (await instances()) as [Harness, Harness];
    expect(await secondReindexWhileFirstRuns(a, b)).toBe(REINDEX_BUSY_TEXT);
    // Told of A's generation, B re-indexes its own index once (see the next test); its admin asks again after.
    for (let waited = 0; b.reindex.runs === 0 && waited < 5_000; waited += 10) await sleep(10);
    for (let release = await states.at(-1)!.tryLock('reindex', 1_000); ; release = await states.at(-1)!.tryLock('reindex', 1_000)) {
      if (release) {
        await release.release();
        break;
      }
      await sleep(10);
    }
    expect(await say(b, SECOND_ADMIN, '/reindex')).toContain('<b>索引已重建</b>');
  });

  it('tells the other instances when /reindex wrote a generation: each whose index did not change re-indexes its own', async () => {
    const [a, b, c] = (await instances({ count: 3 })) as [Harness, Harness, Harness];
    expect(await say(a, ADMIN, '/reindex')).toContain('<b>索引已重建</b>');
    // The fake answerer's generation never changes, as with an INDEX_DIR of each instance's own.
    for (let waited = 0; (b.reindex.runs === 0 || c.reindex.runs === 0) && waited < 5_000; waited += 10) await sleep(10);
    expect([b.answerer.refreshes, c.answerer.refreshes]).toEqual([1, 1]);
    expect([b.reindex.runs, c.reindex.runs]).toEqual([1, 1]);
    // The instance that wrote it does not follow its own news.
    expect(a.answerer.refreshes).toBe(0);
    expect(a.reindex.runs).toBe(1);
  });

  it('keeps a chat\'s turn while a slow answer runs; an update that waits longer fails, to be delivered again', async () => {
    const [a, b] = (await instances({ answerDelayMs: 900, chatTurnMs: 300 })) as [Harness, Harness];
    const first = a.bot.handleUpdate(message(614, '哪些省份新纳入国家区域医疗中心建设？'));
    while (a.answerer.calls.length === 0) await sleep(5);
    const redelivered = message(614, '一共几个？');
    // The turn outlives its 300 ms because it is renewed; after 450 ms of waiting the second gives up.
    await expect(b.bot.handleUpdate(redelivered)).rejects.toThrow(ChatBusyError.name);
    await first;
    await b.bot.handleUpdate(redelivered);
    expect(b.answerer.callsAbout('一共几个？')[0]?.history.map((turn) => turn.question)).toEqual(['哪些省份新纳入国家区域医疗中心建设？']);
  });

  it('/status lists every live instance with its host and generation', async () => {
    const [a] = (await instances()) as [Harness];
    const state = states.at(-2)!;
    const other = states.at(-1)!;
    await state.announce({ id: 'aaaa0001', host: 'bot-1', pid: 11, generation: 'g-1' });
    await other.announce({ id: 'bbbb0002', host: 'bot-2', pid: 12, generation: 'g-1' });
    const status = await say(a, ADMIN, '/status');
    expect(status).toContain('<b>运行中的实例</b>（2 个）');
    expect(status).toContain('aaaa0001 · bot-1 · 代次 g-1');
    expect(status).toContain('bbbb0002 · bot-2 · 代次 g-1');
  });
});
