/**
 * The per-user daily budget of LLM-composed answers (issue #7): generated answers cost money, the
 * extractive ones do not, so after a user's budget is spent they still get answers, only extractive.
 */
import type { DailyBudget } from './shared-state.js';

/** China's calendar day of a moment, `YYYY-MM-DD` ('en-CA' formats dates that way). */
const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** China's calendar day of a moment (ms since the epoch), `YYYY-MM-DD`. */
export function chinaDayOf(ms: number): string {
  return chinaDay.format(ms);
}

/** The next midnight in China (UTC+8, no daylight saving) after a moment, ms since the epoch: when a day's budget ends. */
export function nextChinaMidnight(ms: number): number {
  const day = 24 * 3_600_000;
  const offset = 8 * 3_600_000;
  return Math.floor((ms + offset) / day) * day + day - offset;
}

/**
 * Counts each Telegram user's LLM-composed answers per China-time day, in memory.
 *
 * Per process: a restart forgets the counts (at worst a user gets a second budget that day), and
 * several bot instances serving one token each keep their own (with REDIS_URL they share one count:
 * redis-state.ts). Only the current day is kept: the counts are dropped when the day changes, so memory is
 * bounded by one day's users.
 *
 * Check with {@link allows} before answering and {@link spend} after an answer the LLM composed.
 * A user asking in two chats at once may pass the check in both and end one answer over the limit;
 * that is the price of counting only answers the LLM really composed.
 */
export class MemoryBudget implements DailyBudget {
  private day = '';
  private readonly spent = new Map<number, number>();

  /**
   * @param options.limit LLM-composed answers each user may get per day.
   * @param options.now the clock, ms since the epoch.
   */
  constructor(private readonly options: { limit: number; now: () => number }) {}

  async allows(userId: number): Promise<boolean> {
    return (this.today().get(userId) ?? 0) < this.options.limit;
  }

  async spend(userId: number): Promise<void> {
    const today = this.today();
    today.set(userId, (today.get(userId) ?? 0) + 1);
  }

  /** Today's counts, emptied first if the day changed since they were last touched. */
  private today(): Map<number, number> {
    const day = chinaDayOf(this.options.now());
    if (day !== this.day) {
      this.spent.clear();
      this.day = day;
    }
    return this.spent;
  }
}
