import type { Clock } from '../spec/clock.js';

/**
 * Below this many ms before the target, spin on the event loop instead of trusting a timer. A
 * timer fires up to a millisecond after its delay (libuv counts whole milliseconds), so a 1-ms
 * window spins 0.5 ms a wait on average and is rarely late; 2 ms spun twice as long for the
 * same lag (measured in one run on the 2-core machine: 19% against 24% of a core at 100/s).
 */
const SPIN_WINDOW_MS = 1;

/**
 * Waits for dispatch times on one clock, for one benchmark: a single timer at a time for the
 * coarse wait (Node timers fire up to a millisecond late), then `setImmediate` turns for the
 * last stretch, which keeps dispatch lag in microseconds without blocking the event loop.
 * Every wait takes at least one event-loop turn, even for a target already past: a scheduler
 * that has fallen behind then still reads responses between two dispatches instead of sending
 * a burst while their timestamps wait (that starvation fed on itself, blocking the loop for
 * seconds at rates the client could not sustain). Callbacks, not a promise per turn, so a wait
 * allocates one promise whatever its length.
 */
export interface DispatchWaiter {
  /** Resolves at `targetMs` on the clock (or after one turn if that is past), or once stopped. */
  until(targetMs: number): Promise<void>;
}

/** Creates a {@link DispatchWaiter}; `stopped.done` ends every wait early. */
export function createDispatchWaiter(
  clock: Clock,
  stopped: { promise: Promise<void>; done: boolean },
): DispatchWaiter {
  let resolveWait: (() => void) | undefined;
  let target = 0;
  // Each wait's number: a turn queued by an earlier wait (ended by the stop) does nothing.
  let current = 0;
  let timer: NodeJS.Timeout | undefined;

  const finish = (): void => {
    const resolve = resolveWait;
    resolveWait = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    resolve?.();
  };
  const spin = (wait: number): void => {
    if (wait !== current || resolveWait === undefined) return;
    if (stopped.done || clock.now() >= target) finish();
    else setImmediate(spin, wait);
  };
  void stopped.promise.then(finish);

  return {
    until(targetMs) {
      target = targetMs;
      const wait = ++current;
      return new Promise<void>((resolve) => {
        resolveWait = resolve;
        const remaining = targetMs - clock.now();
        if (remaining > SPIN_WINDOW_MS && !stopped.done) {
          timer = setTimeout(() => {
            timer = undefined;
            spin(wait);
          }, remaining - SPIN_WINDOW_MS);
        } else {
          setImmediate(spin, wait);
        }
      });
    },
  };
}
