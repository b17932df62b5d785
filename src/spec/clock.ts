/** A monotonic clock in milliseconds. The core uses one clock for every timestamp of a run. */
export interface Clock {
  /** Milliseconds on a monotonic time base (e.g. `performance.now()`). */
  now(): number;
}
