import type { Strategy } from './strategy.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { Capacity } from '../report/report-schema.js';

/** What a profile found over the whole run, for the report (e.g. a capacity search's answer). */
export interface ProfileResult {
  /** The capacity search result, reported as `report.capacity`. */
  capacity?: Capacity;
}

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
  /** What the profile found, once the run is over; called after the last `next`. */
  result?(): ProfileResult;
}
