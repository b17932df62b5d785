import type { Strategy } from './strategy.js';
import type { Benchmark } from '../report/schema.js';

/**
 * The sequence of strategies of one run. `next` sees every finished benchmark, so a profile can
 * adapt (sweep, capacity search); it returns `undefined` when the run is done.
 */
export interface Profile {
  /** The profile's name for reports, e.g. `constant`. */
  readonly type: string;
  /** Number of benchmarks planned, when known in advance. */
  readonly plannedBenchmarks: number | undefined;
  next(finished: readonly Benchmark[]): Strategy | undefined;
}
