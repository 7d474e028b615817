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
import { Redis, ReplyError } from 'ioredis';
import { REDIS_KEY_PREFIX } from '../../config.js';
import type { Logger } from '../../logger.js';
import { decodeNews, encodeNews, generationChannel, type GenerationNews } from '../../store/generation-news.js';
import type { ChatSession } from '../session.js';
import { chinaDayOf, MemoryBudget, nextChinaMidnight } from './memory-budget.js';
import { MemoryCounter, MemoryHandled, MemoryLocks, MemoryRegistry, MemorySessions } from './memory-state.js';
import { HANDLED_TTL_MS, INSTANCE_TTL_MS, type DailyBudget, type GenerationHandler, type HeldLock, type InstanceInfo, type RateCounter, type SharedState } from './shared-state.js';

export interface RedisStateOptions {
  url: string;
  /** Put before every key, so several bots (or tests) can share one Redis. @default {@link REDIS_KEY_PREFIX} */
  keyPrefix?: string;
  dailyLlmQuestions: number;
  /** How long an untouched chat session is kept. @default 30 days */
  sessionTtlSeconds?: number;
  /** The rate limiter's window: a counter without an expiry gets this one. @default 60 s */
  rateWindowMs?: number;
  logger: Logger;
  now?: () => number;
}

// The most a reconnect attempt waits after the previous one failed.
const MAX_RECONNECT_WAIT_MS = 5_000;
// Releases or renews a lock only if it still holds this holder's token: a lock that expired and was taken by
// another instance is not released or extended by the first.
const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
// A counter and its window in one step: the window is set whenever the key has none.
const INCR_WITH_WINDOW = "local n = redis.call('incr', KEYS[1]) if redis.call('pttl', KEYS[1]) < 0 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n";
// How long a command may go unanswered before Redis counts as down, and how often TCP checks the peer.
const COMMAND_TIMEOUT_MS = 1_500;
const KEEP_ALIVE_MS = 10_000;
const INSTANCES_KEY = 'instances';
const SEEN_KEY = 'instances:seen';
const LATEST_NEWS_KEY = 'generation:latest';

/**
 * Connects to Redis and returns the shared state. Never fails for Redis being down: it starts degraded and
 * switches to Redis when it comes up.
 */
export async function createRedisState(options: RedisStateOptions): Promise<SharedState & { rateCounter: RateCounter }> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const prefix = options.keyPrefix ?? REDIS_KEY_PREFIX;
  const client = new Redis(options.url, {
    keyPrefix: prefix,
    lazyConnect: true,
    // A command while disconnected fails at once (and falls back) instead of waiting in a queue for the
    // reconnection, which would hold every update of the chat; one that gets no reply (a frozen server, a dropped
    // network) fails after COMMAND_TIMEOUT_MS, and TCP keep-alive notices a dead peer in seconds, not hours.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    keepAlive: KEEP_ALIVE_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_WAIT_MS),
  });
  let degraded = false;
  let closing = false;
  const fallBack = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    logger.warn({ err: withoutCommand(error) }, 'Redis cannot be reached: sessions, rate limits and the LLM budget are per process until it is back');
  };
  const recovered = () => {
    if (!degraded) return;
    degraded = false;
    logger.info('Redis is reachable again: state is shared by every instance again');
  };
  client.on('ready', recovered);
  // ioredis reports each failed reconnection as an 'error' event; the first one is warned about above.
  client.on('error', (error: unknown) => logger.debug({ err: withoutCommand(error) }, 'Redis connection error'));
  // A connection lost is said at once, not at the next command: an operator sees when the instance fell back.
  client.on('close', () => {
    if (!closing) fallBack(new Error('the connection to Redis was lost'));
  });
  await client.connect().catch(fallBack);

  /**
   * Runs a Redis command, or the process-local fallback while Redis cannot be reached. Only a connection that
   * fails or does not answer counts as Redis being down; an error in a reply is this command's alone.
   */
  const shared = async <T>(command: () => Promise<T>, local: () => T | Promise<T>): Promise<T> => {
    if (client.status !== 'ready') {
      fallBack(new Error(`the Redis connection is ${client.status}`));
      return local();
    }
    try {
      const result = await command();
      recovered();
      return result;
    } catch (error) {
      if (error instanceof ReplyError) logger.warn({ err: withoutCommand(error) }, 'a Redis command failed; used this process\'s state for it');
      else fallBack(error);
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

  // Generation news comes on a connection of its own (a subscribed connection can do nothing else). On every
  // (re)connection it subscribes again (made once Redis is up if it was down at start), and after a reconnection it
  // reads the latest news, so news published while it was disconnected is not lost.
  const channel = generationChannel(prefix);
  const subscriber = client.duplicate({ keyPrefix: '' });
  subscriber.on('error', (error: unknown) => logger.debug({ err: withoutCommand(error) }, 'Redis subscriber connection error'));
  const handlers: GenerationHandler[] = [];
  const tell = (news: GenerationNews | null) => {
    if (news) for (const handler of handlers) handler(news.instance, news.generation);
  };
  subscriber.on('message', (from: string, message: string) => tell(from === channel ? decodeNews(message) : null));
  let subscribedBefore = false;
  subscriber.on('ready', () => {
    void subscriber.subscribe(channel).catch((error: unknown) => logger.debug({ err: withoutCommand(error) }, 'Redis subscribe failed'));
    // At start the index was just loaded; after a reconnection, news may have been missed.
    if (!subscribedBefore) {
      subscribedBefore = true;
      return;
    }
    void client
      .get(LATEST_NEWS_KEY)
      .then((latest) => tell(latest === null ? null : decodeNews(latest)))
      .catch((error: unknown) => logger.debug({ err: withoutCommand(error) }, 'could not read the latest generation news'));
  });
  await subscriber.connect().catch(fallBack);

  const rateCounter: RateCounter = {
    // One step: the count, and its window when it has none (a PEXPIRE lost between two calls would otherwise leave
    // a counter that never resets, and a user silenced for good).
    incr: (key) => shared(async () => Number(await client.eval(INCR_WITH_WINDOW, 1, key, options.rateWindowMs ?? 60_000)), () => localCounter.incr(key)),
    pexpire: (key, ms) => shared(() => client.pexpire(key, ms), () => localCounter.pexpire(key, ms)),
  };

  const llmBudget: DailyBudget = {
    allows: (userId) =>
      shared(
        async () => Number((await client.get(budgetKey(userId, now()))) ?? 0) < options.dailyLlmQuestions,
        () => localBudget.allows(userId),
      ),
    spend: (userId) =>
      shared(
        async () => {
          // One moment for the day and its end, and one atomic step for the count and its expiry at China midnight.
          const at = now();
          await client.multi().incr(budgetKey(userId, at)).pexpireat(budgetKey(userId, at), nextChinaMidnight(at)).exec();
        },
        () => localBudget.spend(userId),
      ),
  };

  const heldLock = (key: string, token: string): HeldLock => ({
    release: async () => {
      await client.eval(RELEASE_IF_MINE, 1, key, token).catch((error: unknown) => logger.warn({ err: withoutCommand(error), lock: key }, 'could not release a lock; it expires by itself'));
    },
    renew: async (ttlMs) => Number(await client.eval(RENEW_IF_MINE, 1, key, token, ttlMs).catch(() => 0)) === 1,
  });

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
          return taken === 'OK' ? heldLock(`lock:${name}`, token) : null;
        },
        () => localLocks.tryLock(name, ttlMs),
      ),
    // Live instances: a hash of what each said, and a sorted set of when it last said it (no scan of every key).
    announce: (info) =>
      shared(
        async () => {
          await client.multi().hset(INSTANCES_KEY, info.id, JSON.stringify({ ...info, seenAt: now() })).zadd(SEEN_KEY, now(), info.id).exec();
        },
        () => localRegistry.announce(info),
      ),
    instances: () =>
      shared(
        async () => {
          const gone = await client.zrangebyscore(SEEN_KEY, '-inf', now() - INSTANCE_TTL_MS);
          if (gone.length > 0) await client.multi().zrem(SEEN_KEY, ...gone).hdel(INSTANCES_KEY, ...gone).exec();
          const ids = await client.zrange(SEEN_KEY, 0, -1);
          if (ids.length === 0) return [];
          const values = await client.hmget(INSTANCES_KEY, ...ids);
          return values.flatMap((value) => {
            try {
              return value === null ? [] : [JSON.parse(value) as InstanceInfo];
            } catch {
              return [];
            }
          });
        },
        () => localRegistry.instances(),
      ),
    retire: (id) =>
      shared(
        async () => {
          await client.multi().zrem(SEEN_KEY, id).hdel(INSTANCES_KEY, id).exec();
        },
        () => localRegistry.retire(id),
      ),
    publishGeneration: (from, generation) =>
      shared(
        async () => {
          const news = encodeNews({ instance: from, generation });
          await client.multi().set(LATEST_NEWS_KEY, news).publish(channel, news).exec();
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

/** The key of a user's LLM count on the China-time day of `at`. */
function budgetKey(userId: number, at: number): string {
  return `llm:${chinaDayOf(at)}:${userId}`;
}

/** An error as logged: without the command ioredis attaches to it (an AUTH command holds the password). */
function withoutCommand(error: unknown): unknown {
  if (!(error instanceof Error) || !('command' in error)) return error;
  const { command: _command, ...rest } = error as Error & { command: unknown };
  const copy = Object.assign(new Error(error.message), rest);
  copy.name = error.name;
  return copy;
}
