import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextChinaMidnight } from '../../../src/bot/state/memory-budget.js';
import { createRedisState } from '../../../src/bot/state/redis-state.js';
import { INSTANCE_TTL_MS, type SharedState } from '../../../src/bot/state/shared-state.js';
import { initialSession } from '../../../src/bot/session.js';
import { captureLogs } from '../../helpers/real-bot.js';
import { RedisServer } from '../../helpers/redis-server.js';

let redis: RedisServer;
const opened: SharedState[] = [];
let prefixes = 0;

/** Two "instances" of the bot: two states over one Redis, under a key prefix of their own for this test. */
async function twoInstances(options: { dailyLlmQuestions?: number } = {}) {
  const keyPrefix = `test${++prefixes}:`;
  const { logger, log } = captureLogs({ secrets: [], level: 'debug' });
  const make = () => createRedisState({ url: redis.url, keyPrefix, dailyLlmQuestions: options.dailyLlmQuestions ?? 2, logger });
  const [a, b] = [await make(), await make()];
  opened.push(a, b);
  return { a, b, keyPrefix, log };
}

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await Promise.all(opened.map((state) => state.close()));
  await redis.stop();
});

describe('state shared through a real Redis', () => {
  it('keeps a chat session written by one instance for the other, with a TTL', async () => {
    const { a, b, keyPrefix } = await twoInstances();
    expect(a.kind).toBe('redis');
    await a.sessions.write('chat-1', { ...initialSession(), turns: [{ question: '问一', at: 1 }] });
    expect(await b.sessions.read('chat-1')).toEqual({ turns: [{ question: '问一', at: 1 }] });
    const raw = new Redis(redis.url);
    expect(await raw.ttl(`${keyPrefix}chat-1`)).toBeGreaterThan(24 * 3600);
    await raw.quit();
    await b.sessions.delete('chat-1');
    expect(await a.sessions.read('chat-1')).toBeUndefined();
  });

  it('counts the rate limit and the daily LLM budget across instances, the budget ending at China midnight', async () => {
    const { a, b, keyPrefix } = await twoInstances({ dailyLlmQuestions: 2 });
    expect(await a.rateCounter.incr('u7')).toBe(1);
    expect(await b.rateCounter.incr('u7')).toBe(2);
    await a.llmBudget.spend(7);
    expect(await b.llmBudget.allows(7)).toBe(true);
    await b.llmBudget.spend(7);
    expect(await a.llmBudget.allows(7)).toBe(false);
    expect(await a.llmBudget.allows(8)).toBe(true);
    const raw = new Redis(redis.url);
    const [key] = await raw.keys(`${keyPrefix}llm:*:7`);
    const expiresAt = Date.now() + (await raw.pttl(key!));
    expect(Math.abs(expiresAt - nextChinaMidnight(Date.now()))).toBeLessThan(60_000);
    await raw.quit();
  });

  it('lets one instance at a time hold a lock; only its holder renews or releases it, and it expires', async () => {
    const { a, b } = await twoInstances();
    const first = await a.tryLock('reindex', 60_000);
    expect(first).not.toBeNull();
    expect(await b.tryLock('reindex', 60_000)).toBeNull();
    await first!.release();
    const second = await b.tryLock('reindex', 200);
    expect(second).not.toBeNull();
    expect(await second!.renew(400)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Renewed: still held after its first 200 ms.
    expect(await a.tryLock('reindex', 60_000)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = await a.tryLock('reindex', 60_000);
    expect(third).not.toBeNull();
    // The expired holder can neither renew nor release the lock the next holder took.
    expect(await second!.renew(60_000)).toBe(false);
    await second!.release();
    expect(await b.tryLock('reindex', 60_000)).toBeNull();
    await third!.release();
  });

  it('gives a rate counter its window even when it had none (a lost PEXPIRE never silences a user for good)', async () => {
    const { a, keyPrefix } = await twoInstances();
    const raw = new Redis(redis.url);
    await raw.set(`${keyPrefix}u-no-window`, '5');
    expect(await a.rateCounter.incr('u-no-window')).toBe(6);
    const ttl = await raw.pttl(`${keyPrefix}u-no-window`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await raw.quit();
  });

  it('falls back within seconds when Redis stops answering without closing the connection', async () => {
    const { a, b, log } = await twoInstances();
    redis.pause();
    const started = Date.now();
    await a.sessions.write('chat-frozen', { turns: [] });
    expect(await b.llmBudget.allows(3)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(log.records().some((r) => String(r.msg).startsWith('Redis cannot be reached'))).toBe(true);
    redis.resume();
  });

  it('lists the instances that said they are alive within INSTANCE_TTL_MS, and passes generation news to every instance', async () => {
    const { a, b, keyPrefix } = await twoInstances();
    await a.announce({ id: 'one', host: 'h1', pid: 1, generation: 'g-1' });
    await b.announce({ id: 'two', host: 'h2', pid: 2, generation: 'g-1' });
    expect((await a.instances()).map((i) => i.id).sort()).toEqual(['one', 'two']);
    // One whose last heartbeat is older than INSTANCE_TTL_MS is gone; one that stopped says so.
    const raw = new Redis(redis.url);
    await raw.zadd(`${keyPrefix}instances:seen`, Date.now() - INSTANCE_TTL_MS - 1, 'one');
    await raw.quit();
    expect((await b.instances()).map((i) => i.id)).toEqual(['two']);
    await b.retire('two');
    expect(await a.instances()).toEqual([]);
    const heard: string[] = [];
    b.onGeneration((from, generation) => heard.push(`${from}:${generation}`));
    await a.publishGeneration('one', 'g-2');
    await waitFor(() => heard.length > 0);
    expect(heard).toEqual(['one:g-2']);
  });

  it('keeps answering while Redis is down (per-process state, one warning) and shares again once it is back', async () => {
    const { a, b, log } = await twoInstances({ dailyLlmQuestions: 1 });
    await a.llmBudget.spend(9);
    await redis.stop();
    // Each instance falls back to its own state: nothing throws, and nothing is shared.
    await a.sessions.write('chat-9', { turns: [] });
    expect(await a.sessions.read('chat-9')).toEqual({ turns: [] });
    expect(await b.sessions.read('chat-9')).toBeUndefined();
    expect(await b.llmBudget.allows(9)).toBe(true);
    expect(await a.rateCounter.incr('u9')).toBe(1);
    expect(await (await a.tryLock('reindex', 60_000))).not.toBeNull();
    const warnings = log.records().filter((r) => r.level === 40 && String(r.msg).startsWith('Redis cannot be reached'));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);

    await redis.start();
    await waitFor(() => log.records().filter((r) => String(r.msg).startsWith('Redis is reachable again')).length >= 2);
    await a.sessions.write('chat-10', { turns: [] });
    expect(await b.sessions.read('chat-10')).toEqual({ turns: [] });
  });

  it('starts without Redis, degraded, and uses it once it is up', async () => {
    const down = await RedisServer.start();
    await down.stop();
    const { logger, log } = captureLogs({ secrets: [] });
    const state = await createRedisState({ url: down.url, keyPrefix: 'late:', dailyLlmQuestions: 1, logger });
    opened.push(state);
    await state.sessions.write('chat-1', { turns: [] });
    expect(await state.sessions.read('chat-1')).toEqual({ turns: [] });
    expect(log.records().some((r) => String(r.msg).startsWith('Redis cannot be reached'))).toBe(true);
    await down.start();
    await waitFor(() => log.records().some((r) => String(r.msg).startsWith('Redis is reachable again')));
    await state.sessions.write('chat-2', { turns: [] });
    const raw = new Redis(down.url);
    expect(await raw.exists('late:chat-2')).toBe(1);
    await raw.quit();
    await state.close();
    await down.stop();
  });
});

/** Polls until `condition` holds (reconnection takes up to a few seconds), failing after 15 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 15_000) throw new Error('condition not met within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
