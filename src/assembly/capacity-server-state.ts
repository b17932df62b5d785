import type { Benchmark } from '../report/benchmark-schema.js';
import type { Capacity } from '../report/report-schema.js';

/**
 * The capacity answer with the server's state at its bracket: the server-side summary of the
 * benchmark that measured the highest passing rate and of the one that measured the lowest
 * failing rate, when those benchmarks have server metrics. Unchanged otherwise.
 */
export function withServerStateAtBracket(
  capacity: Capacity | undefined,
  benchmarks: readonly Benchmark[],
): Capacity | undefined {
  if (capacity === undefined) return undefined;
  const [low, high] = capacity.bracket;
  const summaryAt = (rate: number, passed: boolean) => {
    const step = capacity.steps.findLast(
      (candidate) => candidate.ratePerSecond === rate && candidate.passed === passed,
    );
    return step === undefined
      ? undefined
      : benchmarks.find((benchmark) => benchmark.index === step.benchmarkIndex)?.serverMetrics
          ?.summary;
  };
  const passing = summaryAt(low, true);
  const failing = summaryAt(high, false);
  if (passing === undefined && failing === undefined) return capacity;
  return {
    ...capacity,
    serverAtBracket: {
      ...(passing === undefined ? {} : { passing }),
      ...(failing === undefined ? {} : { failing }),
    },
  };
}
