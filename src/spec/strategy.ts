/** The serialisable description of a strategy, as args accept it and the report echoes it. */
export type StrategySpec =
  | { type: 'synchronous' }
  | { type: 'concurrent'; streams: number; rampupSeconds?: number }
  | { type: 'throughput'; maxConcurrency: number; rampupSeconds?: number }
  | {
      type: 'constant';
      ratePerSecond: number;
      maxConcurrency?: number;
      rampupSeconds?: number;
      /**
       * Shard `index` of `count` of a constant-rate run: this shard sends every `count`-th
       * request of the whole run's schedule (rate `ratePerSecond × count`), starting at the
       * `index`-th, so the shards' arrivals interleave instead of coinciding.
       */
      interleave?: { index: number; count: number };
    }
  | { type: 'poisson'; ratePerSecond: number; seed: string; maxConcurrency?: number }
  | { type: 'replay'; timeScale: number; maxConcurrency?: number };

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
  /**
   * Open loop, replay: send each sample at its own `timestampMs` times this factor from the
   * benchmark start (a sample without one at once), instead of at times `arrivals` gives.
   */
  readonly timeScale?: number;
  /**
   * Closed loop: the earliest offset in ms from the benchmark start at which the `k`-th request
   * (from 0) may be sent, e.g. to spread the first starts over a rampup. Absent: no wait.
   */
  startOffsetMs?(k: number): number;
}
