/**
 * The bot's per-user and per-chat state, and what several instances must agree on: chat sessions, the rate
 * limiter's counts, each user's daily LLM budget, and the lock that lets one /reindex run at a time. One process
 * keeps them in files and memory (the default); with REDIS_URL every instance shares them (redis-state.ts).
 */
import type { StorageAdapter } from 'grammy';
import type { ChatSession } from '../session.js';

/** The counter the rate limiter keeps per user and window (@grammyjs/ratelimiter's storage-client contract). */
export interface RateCounter {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

/** Each Telegram user's LLM-composed answers per China-time day. */
export interface DailyBudget {
  /** Whether the user may still get an LLM-composed answer today. */
  allows(userId: number): Promise<boolean>;
  /** Counts one LLM-composed answer for the user today. */
  spend(userId: number): Promise<void>;
}

/** One running bot instance, as /status lists it. */
export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  /** The index generation it answers from. */
  generation: string;
  /** When it last said it was alive, ms since the epoch. */
  seenAt: number;
}

/** How long an instance counts as live after its last heartbeat. */
export const INSTANCE_TTL_MS = 30_000;

/** How long a handled update is remembered: Telegram gives up redelivering long before. */
export const HANDLED_TTL_MS = 24 * 3_600_000;

/** Called when another instance wrote a new index generation. */
export type GenerationHandler = (from: string, generation: string) => void;

/** A lock taken with {@link SharedState.tryLock}: held until released or until its time is up. */
export interface HeldLock {
  release(): Promise<void>;
  /** Holds it `ttlMs` longer from now, if it is still this holder's: whether it was. */
  renew(ttlMs: number): Promise<boolean>;
}

/** Where the bot keeps what outlives one update. */
export interface SharedState {
  /** 'files': one process (sessions on disk, counts in memory); 'redis': shared by every instance. */
  readonly kind: 'files' | 'redis';
  readonly sessions: StorageAdapter<ChatSession>;
  /** What the rate limiter counts with: in memory, or a shared counter. */
  readonly rateCounter: RateCounter | 'MEMORY_STORE';
  readonly llmBudget: DailyBudget;
  /**
   * Takes the named lock for at most `ttlMs` (so a crashed holder cannot keep it): its release, or null when
   * another update or instance holds it.
   */
  tryLock(name: string, ttlMs: number): Promise<HeldLock | null>;
  /** Records that an instance is alive (for {@link INSTANCE_TTL_MS}) and which generation it answers from. */
  announce(info: Omit<InstanceInfo, 'seenAt'>): Promise<void>;
  /** The live instances, by id. */
  instances(): Promise<InstanceInfo[]>;
  /** Tells every instance that `from` wrote a new index generation. */
  publishGeneration(from: string, generation: string): Promise<void>;
  /** Registers what to do when an instance announces a new generation. */
  onGeneration(handler: GenerationHandler): void;
  /** Whether an update was already handled (Telegram redelivers one whose webhook call failed). */
  handledBefore(updateId: number): Promise<boolean>;
  /** Remembers that an update was handled, for {@link HANDLED_TTL_MS}. */
  rememberHandled(updateId: number): Promise<void>;
  /** Says an instance stopped: /status no longer lists it. */
  retire(instanceId: string): Promise<void>;
  /** Closes connections; the state is not used afterwards. */
  close(): Promise<void>;
}

// How often a waiting update asks again for a lock another holds.
const LOCK_POLL_MS = 25;

/**
 * Waits up to `waitMs` for the named lock (see {@link SharedState.tryLock}), asking every {@link LOCK_POLL_MS}:
 * its release, or null when the wait ran out.
 */
export async function waitForLock(state: Pick<SharedState, 'tryLock'>, name: string, ttlMs: number, waitMs: number): Promise<HeldLock | null> {
  const until = Date.now() + waitMs;
  for (;;) {
    const release = await state.tryLock(name, ttlMs);
    if (release || Date.now() >= until) return release;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
