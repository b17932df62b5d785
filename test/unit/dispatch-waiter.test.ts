import { describe, expect, it } from 'vitest';
import { createLatch } from '../../src/core/latch.js';
import { createDispatchWaiter } from '../../src/core/wait-until.js';

/** A clock that moves only when told to. */
function manualClock(start = 0) {
  return {
    t: start,
    now(): number {
      return this.t;
    },
  };
}

describe('the dispatch waiter', () => {
  it('lets the event loop turn even when the target has passed', async () => {
    const clock = manualClock(100);
    const waiter = createDispatchWaiter(clock, createLatch());
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    await waiter.until(50);
    // A scheduler that has fallen behind still reads responses between two dispatches.
    expect(turned).toBe(true);
  });

  it('resolves once the clock reaches the target, spinning only for the last stretch', async () => {
    const clock = manualClock(0);
    const waiter = createDispatchWaiter(clock, createLatch());
    let resolved = false;
    const waiting = waiter.until(0.5).then(() => {
      resolved = true;
    });
    // Inside the spin window: no timer, only event-loop turns that read the clock.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    clock.t = 0.5;
    await waiting;
    expect(resolved).toBe(true);
  });

  it('ends every wait once stopped, even one far in the future', async () => {
    const clock = manualClock(0);
    const stopped = createLatch();
    const waiter = createDispatchWaiter(clock, stopped);
    const waiting = waiter.until(60_000);
    stopped.open();
    await waiting;
    // Later waits return at once (after a turn) without waiting for their target.
    await waiter.until(120_000);
    expect(clock.now()).toBe(0);
  });
});
