import type { TransientPhase } from '../spec/transient-phase.js';

/**
 * The measured window of a benchmark, in ms since the run's start: what is left after warmup
 * and cooldown are cut off. Both ends are inclusive.
 */
export interface MeasuredWindow {
  startMs: number;
  endMs: number;
}

/** Whether `timeMs` lies in `window` (both ends inclusive); false for NaN. */
export function isInWindow(timeMs: number, window: MeasuredWindow): boolean {
  return timeMs >= window.startMs && timeMs <= window.endMs;
}

/** The window's length in seconds (0 when it is empty or inverted). */
export function windowSeconds(window: MeasuredWindow): number {
  const ms = window.endMs - window.startMs;
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

/**
 * A mask with 1 for each row whose `times` value lies in `window` (NaN never does). Latency
 * metrics select rows by dispatch time, throughput by completion time.
 */
export function windowMask(times: Float64Array, window: MeasuredWindow): Uint8Array {
  const mask = new Uint8Array(times.length);
  for (let i = 0; i < times.length; i++) {
    if (isInWindow(times[i] as number, window)) mask[i] = 1;
  }
  return mask;
}

/** What {@link computeMeasuredWindow} needs: a benchmark's span and its requests' moments. */
export interface MeasuredWindowInput {
  /** Benchmark start, ms since run start. */
  startMs: number;
  /** Benchmark end, ms since run start. */
  endMs: number;
  /** Dispatch time of every request (any order). */
  dispatchedAt: ArrayLike<number>;
  /** End time of every request (any order; NaN entries are ignored). */
  endedAt: ArrayLike<number>;
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
}

/**
 * Cuts warmup and cooldown off a benchmark and returns the measured window (ms since run start):
 * - a fraction cuts that share of the benchmark's actual duration;
 * - seconds cut that long after the start or before the end;
 * - requests: warmup `N` starts the window at the dispatch of request `N + 1` (so the first `N`
 *   dispatched fall outside), cooldown `N` ends it at the `(N + 1)`-th completion from the last
 *   (so the last `N` completed fall outside). Fewer requests than that leave an empty window.
 *
 * A warmup and cooldown that overlap leave an empty window (`startMs === endMs`).
 */
export function computeMeasuredWindow(input: MeasuredWindowInput): MeasuredWindow {
  const { startMs, endMs } = input;
  const durationMs = Math.max(0, endMs - startMs);
  let measureStart = startMs;
  let measureEnd = endMs;
  const warmup = input.warmup;
  if (warmup !== undefined) {
    if ('fraction' in warmup) measureStart = startMs + warmup.fraction * durationMs;
    else if ('seconds' in warmup) measureStart = startMs + warmup.seconds * 1000;
    else if (warmup.requests > 0) {
      measureStart = nthSmallest(input.dispatchedAt, warmup.requests) ?? endMs;
    }
  }
  const cooldown = input.cooldown;
  if (cooldown !== undefined) {
    if ('fraction' in cooldown) measureEnd = endMs - cooldown.fraction * durationMs;
    else if ('seconds' in cooldown) measureEnd = endMs - cooldown.seconds * 1000;
    else if (cooldown.requests > 0) {
      measureEnd = nthLargest(input.endedAt, cooldown.requests) ?? startMs;
    }
  }
  measureStart = Math.min(Math.max(measureStart, startMs), endMs);
  measureEnd = Math.min(Math.max(measureEnd, measureStart), endMs);
  return { startMs: measureStart, endMs: measureEnd };
}

function finiteSorted(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) out.push(value);
  }
  return out.sort((a, b) => a - b);
}

/** The value at 0-based rank `rank` in ascending order, if there are that many. */
function nthSmallest(values: ArrayLike<number>, rank: number): number | undefined {
  return finiteSorted(values)[rank];
}

/** The value at 0-based rank `rank` in descending order, if there are that many. */
function nthLargest(values: ArrayLike<number>, rank: number): number | undefined {
  const sorted = finiteSorted(values);
  return sorted[sorted.length - 1 - rank];
}
