/**
 * State kept by one process: what the bot uses without REDIS_URL, and what a Redis-backed bot falls back to while
 * Redis cannot be reached.
 */
import type { StorageAdapter } from 'grammy';
import type { ChatSession } from '../session.js';
import { MemoryBudget } from './memory-budget.js';
import { HANDLED_TTL_MS, INSTANCE_TTL_MS, type GenerationHandler, type InstanceInfo, type HeldLock, type RateCounter, type SharedState } from './shared-state.js';

/** Named locks held in this process, each until released or until its time is up. */
export class MemoryLocks {
  private readonly held = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async tryLock(name: string, ttlMs: number): Promise<HeldLock | null> {
    const until = this.held.get(name);
    if (until !== undefined && until > this.now()) return null;
    let mine = this.now() + ttlMs;
    this.held.set(name, mine);
    return {
      release: async () => {
        if (this.held.get(name) === mine) this.held.delete(name);
      },
      renew: async (more) => {
        if (this.held.get(name) !== mine) return false;
        mine = this.now() + more;
        this.held.set(name, mine);
        return true;
      },
    };
  }
}

/**
 * Drops a map's expired entries from its oldest on, stopping at the first that is not: entries are added in time
 * order with one lifetime each, so the expired ones are at the front and each call costs what it removes, not the
 * size of the map.
 */
function dropExpired<K>(entries: Map<K, { until: number }>, at: number): void {
  for (const [key, entry] of entries) {
    if (entry.until > at) return;
    entries.delete(key);
  }
}

/** Counts per key that expire, like Redis INCR + PEXPIRE, in memory. */
export class MemoryCounter implements RateCounter {
  private readonly counts = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async incr(key: string): Promise<number> {
    const at = this.now();
    dropExpired(this.counts, at);
    const current = this.counts.get(key);
    // An expired count not yet dropped (behind a newer one) starts over, as in Redis.
    const entry = current && current.until > at ? current : { count: 0, until: Number.POSITIVE_INFINITY };
    entry.count++;
    if (entry !== current) {
      this.counts.delete(key);
      this.counts.set(key, entry);
    }
    return entry.count;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    entry.until = this.now() + ms;
    return 1;
  }
}

/** Sessions in a map: a fallback that lasts as long as the process. */
export class MemorySessions implements StorageAdapter<ChatSession> {
  private readonly sessions = new Map<string, string>();

  read(key: string): ChatSession | undefined {
    const json = this.sessions.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as ChatSession);
  }

  write(key: string, value: ChatSession): void {
    this.sessions.set(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.sessions.delete(key);
  }
}

/** The instances and generation messages one process knows of: itself, and its own messages. */
export class MemoryRegistry {
  private readonly seen = new Map<string, InstanceInfo>();
  private readonly handlers: GenerationHandler[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async announce(info: Omit<InstanceInfo, 'seenAt'>): Promise<void> {
    this.seen.set(info.id, { ...info, seenAt: this.now() });
  }

  async instances(): Promise<InstanceInfo[]> {
    return [...this.seen.values()].filter((info) => this.now() - info.seenAt < INSTANCE_TTL_MS);
  }

  async publishGeneration(from: string, generation: string): Promise<void> {
    for (const handler of this.handlers) handler(from, generation);
  }

  onGeneration(handler: GenerationHandler): void {
    this.handlers.push(handler);
  }

  async retire(id: string): Promise<void> {
    this.seen.delete(id);
  }
}

/** Update ids handled in this process, each remembered for {@link HANDLED_TTL_MS}. */
export class MemoryHandled {
  private readonly handled = new Map<number, { until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async handledBefore(updateId: number): Promise<boolean> {
    return (this.handled.get(updateId)?.until ?? 0) > this.now();
  }

  async rememberHandled(updateId: number): Promise<void> {
    const at = this.now();
    dropExpired(this.handled, at);
    // Re-added at the end, so the map stays in the order the entries expire.
    this.handled.delete(updateId);
    this.handled.set(updateId, { until: at + HANDLED_TTL_MS });
  }
}

/** One process's state: sessions in `sessions` (files by default), counts, locks and instances in memory. */
export function createProcessState(options: { sessions: StorageAdapter<ChatSession>; dailyLlmQuestions: number; now?: () => number }): SharedState {
  const now = options.now ?? Date.now;
  const locks = new MemoryLocks(now);
  const registry = new MemoryRegistry(now);
  const handled = new MemoryHandled(now);
  return {
    kind: 'files',
    sessions: options.sessions,
    rateCounter: 'MEMORY_STORE',
    llmBudget: new MemoryBudget({ limit: options.dailyLlmQuestions, now }),
    tryLock: (name, ttlMs) => locks.tryLock(name, ttlMs),
    announce: (info) => registry.announce(info),
    instances: () => registry.instances(),
    publishGeneration: (from, generation) => registry.publishGeneration(from, generation),
    onGeneration: (handler) => registry.onGeneration(handler),
    handledBefore: (updateId) => handled.handledBefore(updateId),
    rememberHandled: (updateId) => handled.rememberHandled(updateId),
    retire: (id) => registry.retire(id),
    close: async () => {},
  };
}
