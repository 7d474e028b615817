import { describe, expect, it } from 'vitest';
import { LlmBudget } from '../../src/bot/llm-budget.js';

/** A clock the test moves by hand. */
function clock(iso: string): { now: () => number; set(iso: string): void } {
  let at = Date.parse(iso);
  return { now: () => at, set: (next) => void (at = Date.parse(next)) };
}

describe('LlmBudget', () => {
  it('allows `limit` LLM answers per user, each user on their own count', () => {
    const budget = new LlmBudget({ limit: 2, now: clock('2024-05-26T03:00:00Z').now });
    expect(budget.allows(1)).toBe(true);
    budget.spend(1);
    expect(budget.allows(1)).toBe(true);
    budget.spend(1);
    expect(budget.allows(1)).toBe(false);
    expect(budget.allows(2)).toBe(true);
  });

  it('starts a new day at midnight China time (16:00 UTC), not UTC midnight', () => {
    const time = clock('2024-05-26T15:59:59Z'); // 23:59:59 in Beijing
    const budget = new LlmBudget({ limit: 1, now: time.now });
    budget.spend(7);
    expect(budget.allows(7)).toBe(false);
    time.set('2024-05-26T16:00:00Z'); // 00:00 on the 27th in Beijing
    expect(budget.allows(7)).toBe(true);
    budget.spend(7);
    time.set('2024-05-26T23:59:59Z'); // UTC midnight passes next; still the 27th in Beijing
    expect(budget.allows(7)).toBe(false);
    time.set('2024-05-27T00:00:01Z');
    expect(budget.allows(7)).toBe(false);
  });

  it("forgets the previous day's counts, so old days take no memory", () => {
    const time = clock('2024-05-26T03:00:00Z');
    const budget = new LlmBudget({ limit: 1, now: time.now });
    for (let user = 1; user <= 1_000; user++) budget.spend(user);
    time.set('2024-05-27T03:00:00Z');
    budget.spend(5);
    expect((budget as unknown as { spent: Map<number, number> }).spent).toEqual(new Map([[5, 1]]));
  });
});
