import type { StrategySpec } from '../spec/strategy.js';

/** A short human label for a strategy, e.g. `constant@20/s` or `concurrent x16`. */
export function strategyLabel(spec: StrategySpec): string {
  switch (spec.type) {
    case 'synchronous':
      return 'synchronous';
    case 'concurrent':
      return `concurrent x${spec.streams}`;
    case 'throughput':
      return `throughput (max ${spec.maxConcurrency})`;
    case 'constant':
      return `constant@${shortRate(spec.ratePerSecond)}/s`;
    case 'poisson':
      return `poisson@${shortRate(spec.ratePerSecond)}/s`;
    case 'replay':
      return spec.timeScale === 1 ? 'replay' : `replay x${shortRate(spec.timeScale)}`;
  }
}

/** A measured rate (sweep, capacity) to at most two decimals: `3.25`, `20`, `7.13`. */
function shortRate(ratePerSecond: number): string {
  return String(Number(ratePerSecond.toFixed(2)));
}
