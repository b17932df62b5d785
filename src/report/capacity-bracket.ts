import type { Capacity } from './report-schema.js';

/** Which benchmark measured each end of a capacity answer's bracket. */
export interface BracketBenchmarks {
  /** The benchmark of the highest passing rate (the last one at that rate). */
  passing?: number;
  /** The benchmark of the lowest failing rate (the last one at that rate). */
  failing?: number;
}

/**
 * The benchmarks at a capacity answer's bracket: of the steps at its lower end that passed and
 * of those at its upper end that failed, the last (a search may measure a rate twice). An end
 * no step measured (an open bracket) is absent.
 */
export function bracketBenchmarks(capacity: Capacity): BracketBenchmarks {
  const [low, high] = capacity.bracket;
  const last = (rate: number, passed: boolean): number | undefined =>
    capacity.steps.findLast((step) => step.ratePerSecond === rate && step.passed === passed)
      ?.benchmarkIndex;
  const passing = last(low, true);
  const failing = last(high, false);
  return {
    ...(passing === undefined ? {} : { passing }),
    ...(failing === undefined ? {} : { failing }),
  };
}
