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
      return `constant@${spec.ratePerSecond}/s`;
    case 'poisson':
      return `poisson@${spec.ratePerSecond}/s`;
  }
}
