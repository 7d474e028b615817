import { describe, expect, it } from 'vitest';
import { MemoryBudget, nextChinaMidnight } from '../../../src/bot/state/memory-budget.js';

/** A clock the test moves by hand. */
function clock(iso: string): { now: () => number; set(iso: string): void } {
  let at = Date.parse(iso);
  return { now: () => at, set: (next) => void (at = Date.parse(next)) };
}

describe('MemoryBudget', async () => {
  it('allows `limit` LLM answers per user, each user on their own count', async () => {
    const budget = new MemoryBudget({ limit: 2, now: clock('2024-05-26T03:00:00Z').now });
    expect(await budget.allows(1)).toBe(true);
    await budget.spend(1);
    expect(await budget.allows(1)).toBe(true);
    await budget.spend(1);
    expect(await budget.allows(1)).toBe(false);
    expect(await budget.allows(2)).toBe(true);
  });

  it('starts a new day at midnight China time (16:00 UTC), not UTC midnight', async () => {
    const time = clock('2024-05-26T15:59:59Z'); // 23:59:59 in Beijing
    const budget = new MemoryBudget({ limit: 1, now: time.now });
    await budget.spend(7);
    expect(await budget.allows(7)).toBe(false);
    time.set('2024-05-26T16:00:00Z'); // 00:00 on the 27th in Beijing
    expect(await budget.allows(7)).toBe(true);
    await budget.spend(7);
    time.set('2024-05-26T23:59:59Z'); // UTC midnight passes next; still the 27th in Beijing
    expect(await budget.allows(7)).toBe(false);
    time.set('2024-05-27T00:00:01Z');
    expect(await budget.allows(7)).toBe(false);
  });

  it("forgets the previous day's counts, so old days take no memory", async () => {
    const time = clock('2024-05-26T03:00:00Z');
    const budget = new MemoryBudget({ limit: 1, now: time.now });
    for (let user = 1; user <= 1_000; user++) await budget.spend(user);
    time.set('2024-05-27T03:00:00Z');
    await budget.spend(5);
    expect((budget as unknown as { spent: Map<number, number> }).spent).toEqual(new Map([[5, 1]]));
  });

  it('knows when a China-time day ends', () => {
    expect(new Date(nextChinaMidnight(Date.parse('2024-05-26T15:59:59Z'))).toISOString()).toBe('2024-05-26T16:00:00.000Z');
    expect(new Date(nextChinaMidnight(Date.parse('2024-05-26T16:00:00Z'))).toISOString()).toBe('2024-05-27T16:00:00.000Z');
  });
});
