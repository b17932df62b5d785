import type { Benchmark } from '../report/benchmark-schema.js';
import type { Capacity } from '../report/report-schema.js';
import { bracketBenchmarks } from '../report/capacity-bracket.js';

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
  const at = bracketBenchmarks(capacity);
  const summaryOf = (index: number | undefined) =>
    index === undefined
      ? undefined
      : benchmarks.find((benchmark) => benchmark.index === index)?.serverMetrics?.summary;
  const passing = summaryOf(at.passing);
  const failing = summaryOf(at.failing);
  if (passing === undefined && failing === undefined) return capacity;
  return {
    ...capacity,
    serverAtBracket: {
      ...(passing === undefined ? {} : { passing }),
      ...(failing === undefined ? {} : { failing }),
    },
  };
}
