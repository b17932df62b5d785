/**
 * Each thread's `performance.now()` counts from its own `performance.timeOrigin`, which need not
 * be the main thread's. Both count on the process's one monotonic clock (libuv's `uv_hrtime`,
 * which `process.hrtime` reads too), so the gap between a thread's `performance.now()` and
 * `process.hrtime` is a constant of that thread: the difference of two threads' gaps turns one
 * thread's readings into the other's exactly, but for the time between the reads that measure
 * each gap. That beats subtracting the two `timeOrigin`s, which are wall-clock (epoch)
 * readings taken as each thread started: an NTP step between two thread starts would shift
 * every worker timestamp by it.
 */

/** Read pairs per measurement: the narrowest pair bounds the error. */
const READS = 16;

/** A thread's `performance.now() - hrtime` (ms), and how far it may be off (ms). */
export interface ClockGap {
  gapMs: number;
  /** Half the narrowest span of the `performance.now()` reads around one hrtime read. */
  errorMs: number;
}

/** Measures this thread's {@link ClockGap}. */
export function measureClockGap(): ClockGap {
  let errorMs = Infinity;
  let gapMs = 0;
  for (let i = 0; i < READS; i++) {
    const before = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1e6;
    const after = performance.now();
    if ((after - before) / 2 < errorMs) {
      errorMs = (after - before) / 2;
      gapMs = (before + after) / 2 - hr;
    }
  }
  return { gapMs, errorMs };
}

/**
 * What to add to this thread's `performance.now()` to read the main thread's, given the main
 * thread's gap; the error is the sum of both measurements' (a few microseconds at most).
 */
export function shiftToMain(main: ClockGap, here: ClockGap = measureClockGap()): ClockGap {
  return { gapMs: main.gapMs - here.gapMs, errorMs: main.errorMs + here.errorMs };
}
