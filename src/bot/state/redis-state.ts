/**
 * State shared by every bot instance through Redis (REDIS_URL): sessions (@grammyjs/storage-redis, with a TTL),
 * the rate limiter's counts, the daily LLM budget (atomic counters that expire at China midnight) and the /reindex
 * lock (SET NX PX, released only by its holder), the live instances (keys that expire unless renewed) and the news
 * that an instance wrote a new index generation (a channel). While Redis cannot be reached each falls back to this process's
 * own state, with one warning, and Redis is used again as soon as the client has reconnected by itself: questions
 * are answered throughout.
 */
import { randomBytes } from 'node:crypto';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { Redis } from 'ioredis';
import { REDIS_KEY_PREFIX } from '../../config.js';
import type { Logger } from '../../logger.js';
import { decodeNews, encodeNews, generationChannel } from '../../store/generation-news.js';
import type { ChatSession } from '../session.js';
import { chinaDayOf, MemoryBudget, nextChinaMidnight } from './memory-budget.js';
import { MemoryCounter, MemoryHandled, MemoryLocks, MemoryRegistry, MemorySessions } from './memory-state.js';
import { HANDLED_TTL_MS, INSTANCE_TTL_MS, type DailyBudget, type GenerationHandler, type InstanceInfo, type RateCounter, type SharedState } from './shared-state.js';

export interface RedisStateOptions {
  url: string;
  /** Put before every key, so several bots (or tests) can share one Redis. @default {@link REDIS_KEY_PREFIX} */
  keyPrefix?: string;
  dailyLlmQuestions: number;
  /** How long an untouched chat session is kept. @default 30 days */
  sessionTtlSeconds?: number;
  logger: Logger;
  now?: () => number;
}

// The most a reconnect attempt waits after the previous one failed.
const MAX_RECONNECT_WAIT_MS = 5_000;
// Releases a lock only if it still holds this holder's token: a lock that expired and was taken by another
// instance is not released by the first.
const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Connects to Redis and returns the shared state. Never fails for Redis being down: it starts degraded and
 * switches to Redis when it comes up.
 */
export async function createRedisState(options: RedisStateOptions): Promise<SharedState & { rateCounter: RateCounter }> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? REDIS_KEY_PREFIX,
    lazyConnect: true,
    // A command while disconnected fails at once (and falls back) instead of waiting in a queue for the
    // reconnection, which would hold every update of the chat.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_WAIT_MS),
  });
  let degraded = false;
  const fallBack = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    logger.warn({ err: error }, 'Redis cannot be reached: sessions, rate limits and the LLM budget are per process until it is back');
  };
  client.on('ready', () => {
    if (!degraded) return;
    degraded = false;
    logger.info('Redis is reachable again: state is shared by every instance again');
  });
  // ioredis reports each failed reconnection as an 'error' event; the first one is warned about above.
  client.on('error', (error: unknown) => logger.debug({ err: error }, 'Redis connection error'));
  // A connection lost is said at once, not at the next command: an operator sees when the instance fell back.
  let closing = false;
  client.on('close', () => {
    if (!closing) fallBack(new Error('the connection to Redis was lost'));
  });
  await client.connect().catch(fallBack);

  /** Runs a Redis command, or the process-local fallback while Redis cannot be reached. */
  const shared = async <T>(command: () => Promise<T>, local: () => T | Promise<T>): Promise<T> => {
    if (client.status !== 'ready') {
      fallBack(new Error(`the Redis connection is ${client.status}`));
      return local();
    }
    try {
      return await command();
    } catch (error) {
      fallBack(error);
      return local();
    }
  };

  const sessionStore = new RedisAdapter<ChatSession>({ instance: client, ttl: options.sessionTtlSeconds ?? 30 * 24 * 3600 });
  const localSessions = new MemorySessions();
  const localCounter = new MemoryCounter(now);
  const localBudget = new MemoryBudget({ limit: options.dailyLlmQuestions, now });
  const localLocks = new MemoryLocks(now);
  const localRegistry = new MemoryRegistry(now);
  const localHandled = new MemoryHandled(now);
  const prefix = options.keyPrefix ?? REDIS_KEY_PREFIX;

  // Generation messages come on a connection of their own (a subscribed connection can do nothing else); ioredis
  // subscribes again after a reconnection by itself.
  const channel = generationChannel(prefix);
  const subscriber = client.duplicate({ keyPrefix: '' });
  subscriber.on('error', (error: unknown) => logger.debug({ err: error }, 'Redis subscriber connection error'));
  const handlers: GenerationHandler[] = [];
  subscriber.on('message', (from: string, message: string) => {
    const news = from === channel ? decodeNews(message) : null;
    if (news) for (const handler of handlers) handler(news.instance, news.generation);
  });
  // On every (re)connection: a subscription asked for while Redis was down is made once it is up.
  subscriber.on('ready', () => void subscriber.subscribe(channel).catch((error: unknown) => logger.debug({ err: error }, 'Redis subscribe failed')));
  await subscriber.connect().catch(fallBack);

  const rateCounter: RateCounter = {
    incr: (key) => shared(() => client.incr(key), () => localCounter.incr(key)),
    pexpire: (key, ms) => shared(() => client.pexpire(key, ms), () => localCounter.pexpire(key, ms)),
  };

  const budgetKey = (userId: number) => `llm:${chinaDayOf(now())}:${userId}`;
  const llmBudget: DailyBudget = {
    allows: (userId) =>
      shared(
        async () => Number((await client.get(budgetKey(userId))) ?? 0) < options.dailyLlmQuestions,
        () => localBudget.allows(userId),
      ),
    spend: (userId) =>
      shared(
        async () => {
          // One atomic step: the count and its end at China midnight.
          await client.multi().incr(budgetKey(userId)).pexpireat(budgetKey(userId), nextChinaMidnight(now())).exec();
        },
        () => localBudget.spend(userId),
      ),
  };

  return {
    kind: 'redis',
    sessions: {
      read: (key) => shared(() => sessionStore.read(key), () => localSessions.read(key)),
      write: (key, value) => shared(() => sessionStore.write(key, value), () => localSessions.write(key, value)),
      delete: (key) => shared(() => sessionStore.delete(key), () => localSessions.delete(key)),
    },
    rateCounter,
    llmBudget,
    tryLock: (name, ttlMs) =>
      shared(
        async () => {
          const token = randomBytes(8).toString('hex');
          const taken = await client.set(`lock:${name}`, token, 'PX', ttlMs, 'NX');
          if (taken !== 'OK') return null;
          return async () => {
            await client.eval(RELEASE_IF_MINE, 1, `lock:${name}`, token).catch((error: unknown) => logger.warn({ err: error, lock: name }, 'could not release a lock; it expires by itself'));
          };
        },
        () => localLocks.tryLock(name, ttlMs),
      ),
    announce: (info) =>
      shared(
        async () => {
          await client.set(`instance:${info.id}`, JSON.stringify({ ...info, seenAt: now() }), 'PX', INSTANCE_TTL_MS);
        },
        () => localRegistry.announce(info),
      ),
    instances: () =>
      shared(
        async () => {
          // SCAN matches whole keys: the prefix is not added to its pattern, and comes back on every key.
          const keys: string[] = [];
          for (let cursor = '0'; ; ) {
            const [next, found] = await client.scan(cursor, 'MATCH', `${prefix}instance:*`, 'COUNT', 100);
            keys.push(...found.map((key) => key.slice(prefix.length)));
            if ((cursor = next) === '0') break;
          }
          if (keys.length === 0) return [];
          const values = await client.mget(keys);
          return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as InstanceInfo);
        },
        () => localRegistry.instances(),
      ),
    publishGeneration: (from, generation) =>
      shared(
        async () => {
          await client.publish(channel, encodeNews({ instance: from, generation }));
        },
        () => localRegistry.publishGeneration(from, generation),
      ),
    onGeneration: (handler) => {
      handlers.push(handler);
      localRegistry.onGeneration(handler);
    },
    handledBefore: (updateId) => shared(async () => (await client.exists(`handled:${updateId}`)) === 1, () => localHandled.handledBefore(updateId)),
    rememberHandled: (updateId) =>
      shared(
        async () => {
          await client.set(`handled:${updateId}`, '1', 'PX', HANDLED_TTL_MS);
        },
        () => localHandled.rememberHandled(updateId),
      ),
    close: async () => {
      closing = true;
      await Promise.all([client.quit().catch(() => client.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  };
}
