import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../spec/clock.js';

/** Below this many ms before the target, spin on the event loop instead of trusting a timer. */
const SPIN_WINDOW_MS = 2;

/**
 * Resolves at `targetMs` on `clock`: a timer for the coarse wait (timers fire ~0.5 ms late),
 * then `setImmediate` turns for the last stretch, which keeps dispatch lag in microseconds
 * without blocking the event loop. Resolves early once `stopped` settles.
 */
export async function waitUntil(
  clock: Clock,
  targetMs: number,
  stopped: { promise: Promise<void>; done: boolean },
): Promise<void> {
  let remaining = targetMs - clock.now();
  if (remaining > SPIN_WINDOW_MS) {
    let timer: NodeJS.Timeout | undefined;
    const sleep = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, remaining - SPIN_WINDOW_MS);
    });
    await Promise.race([sleep, stopped.promise]);
    clearTimeout(timer);
  }
  remaining = targetMs - clock.now();
  while (remaining > 0 && !stopped.done) {
    await nextTurn();
    remaining = targetMs - clock.now();
  }
}
