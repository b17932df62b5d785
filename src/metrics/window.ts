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
