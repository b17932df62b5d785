/** The serialisable description of a strategy, as args accept it and the report echoes it. */
export type StrategySpec =
  | { type: 'synchronous' }
  | { type: 'concurrent'; streams: number }
  | { type: 'throughput'; maxConcurrency: number }
  | { type: 'constant'; ratePerSecond: number; maxConcurrency?: number }
  | { type: 'poisson'; ratePerSecond: number; seed: string; maxConcurrency?: number };

/** The names of the built-in strategies. */
export type StrategyType = StrategySpec['type'];

/**
 * Decides when requests are sent. Closed-loop strategies send the next request when a slot
 * frees; open-loop strategies send at absolute target times from the benchmark start.
 */
export interface Strategy {
  readonly spec: StrategySpec;
  /** `closed`: send when a slot frees; `open`: send at the times `arrivals` gives. */
  readonly mode: 'closed' | 'open';
  /** Requests in flight at most. */
  readonly maxConcurrency: number;
  /** Open loop: target send offsets in ms from the benchmark start, non-decreasing. */
  arrivals?(): Iterator<number>;
}
