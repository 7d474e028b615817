import { describe, expect, it } from 'vitest';
import { MemoryCounter, MemoryHandled } from '../../../src/bot/state/memory-state.js';
import { HANDLED_TTL_MS } from '../../../src/bot/state/shared-state.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms) };
}

describe('process-local state', () => {
  it('counts per key until the window set by pexpire ends, then starts over, as Redis does', async () => {
    const time = clock();
    const counter = new MemoryCounter(time.now);
    expect(await counter.incr('a')).toBe(1);
    await counter.pexpire('a', 1_000);
    time.advance(500);
    expect(await counter.incr('b')).toBe(1);
    await counter.pexpire('b', 5_000);
    expect(await counter.incr('a')).toBe(2);
    time.advance(600);
    expect(await counter.incr('a')).toBe(1);
    // b's window has not ended: a key behind an expired one keeps its count.
    expect(await counter.incr('b')).toBe(2);
  });

  it('remembers a handled update for a day, and forgets it after', async () => {
    const time = clock();
    const handled = new MemoryHandled(time.now);
    await handled.rememberHandled(1);
    time.advance(1_000);
    await handled.rememberHandled(2);
    expect([await handled.handledBefore(1), await handled.handledBefore(2), await handled.handledBefore(3)]).toEqual([true, true, false]);
    time.advance(HANDLED_TTL_MS - 500);
    await handled.rememberHandled(3);
    expect([await handled.handledBefore(1), await handled.handledBefore(2), await handled.handledBefore(3)]).toEqual([false, true, true]);
  });
});
