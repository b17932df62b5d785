import type { StrategySpec } from '../spec/strategy.js';

/**
 * The strategy the shards offered together: rates, streams and concurrency caps summed (each
 * shard offered a share of them); the rest as the first shard's, a constant rate's interleave
 * dropped. A Poisson run's seed is the
 * run's own, without the shard suffix each shard drew its arrivals from.
 */
export function mergeStrategies(specs: readonly StrategySpec[], runSeed: unknown): StrategySpec {
  const first = specs[0]!;
  const sum = (pick: (spec: StrategySpec) => number | undefined): number =>
    specs.reduce((total, spec) => total + (pick(spec) ?? 0), 0);
  switch (first.type) {
    case 'synchronous':
      return first;
    case 'concurrent':
      return { ...first, streams: sum((s) => (s.type === 'concurrent' ? s.streams : 0)) };
    case 'throughput':
      return {
        ...first,
        maxConcurrency: sum((s) => (s.type === 'throughput' ? s.maxConcurrency : 0)),
      };
    case 'constant':
    case 'poisson': {
      const merged = {
        ...first,
        ratePerSecond: sum((s) => ('ratePerSecond' in s ? s.ratePerSecond : 0)),
        ...(first.maxConcurrency === undefined
          ? {}
          : { maxConcurrency: sum((s) => ('maxConcurrency' in s ? s.maxConcurrency : 0)) }),
      };
      if (merged.type === 'poisson') return { ...merged, seed: String(runSeed) };
      // The shards' interleaved schedules together are the whole run's one schedule.
      if (merged.type === 'constant') delete merged.interleave;
      return merged;
    }
    case 'replay':
      // Each shard replayed its slice of the trace at the recorded offsets.
      return {
        ...first,
        maxConcurrency: sum((s) => (s.type === 'replay' ? s.maxConcurrency : 0)),
      };
  }
}
