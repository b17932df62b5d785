import type { BenchmarkReport } from '../report/report-schema.js';
import { formatNumber, renderTable } from '../internal/text-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { serverAtBracketLine } from './server-summary.js';

/**
 * The capacity headline of a capacity search, e.g.
 * `Capacity: 11.84 req/s with every SLO holding and the server keeping up (bracket 11.84 to 12.27
 * req/s, converged to 5.0%, 9 benchmark(s))`; it says when the answer is only a lower bound (set by
 * the load generator, or by `maxRate`) or the server's full-load rate. When the run scraped the
 * server's metrics, a second line gives its state at the bracket's two rates (see
 * {@link serverAtBracketLine}). An empty list without a capacity search.
 */
export function renderCapacityHeadline(report: BenchmarkReport): string[] {
  const capacity = report.capacity;
  if (capacity === undefined) return [];
  const server = serverAtBracketLine(report);
  return [capacitySentence(report, capacity), ...(server === undefined ? [] : [server]), ''];
}

function capacitySentence(
  report: BenchmarkReport,
  capacity: NonNullable<BenchmarkReport['capacity']>,
): string {
  const [low, high] = capacity.bracket;
  const outcome =
    capacity.outcome === 'converged'
      ? `converged to ${formatNumber(capacity.precision * 100, 1)}%`
      : capacity.outcome;
  const clientBound = capacity.steps.filter((step) => step.verdict === 'client-bound');
  const tail = `${outcome}, ${report.benchmarks.length} benchmark(s)`;
  const rate = (value: number): string => `${formatNumber(value, 2)} req/s`;
  if (capacity.maxRatePerSecond === 0) {
    const why =
      clientBound.length > 0
        ? `; ${clientBound.length} rate(s) could not be offered by the load generator`
        : '';
    return `Capacity: no rate tried met every SLO with the server keeping up (${tail}${why})`;
  }
  const answer = rate(capacity.maxRatePerSecond);
  // 2.0 reports carry no limit: an open bracket (nothing failed) is a lower bound.
  const limitedBy = capacity.limitedBy ?? (capacity.outcome === 'all-passed' ? 'max-rate' : 'slo');
  switch (limitedBy) {
    case 'client': {
      const unoffered = clientBound.length > 0 ? ` (it could not offer ${rate(high)})` : '';
      return `Capacity: at least ${answer}, a lower bound set by the load generator${unoffered}, not by the server (${tail})`;
    }
    case 'max-rate':
      return `Capacity: at least ${answer} with every SLO holding (open bracket from ${rate(low)}: no rate tried failed; ${tail})`;
    case 'full-load':
      return `Capacity: ${answer} with every SLO holding, what the server completes at full load (the throughput benchmark; ${tail})`;
    case 'slo':
      return `Capacity: ${answer} with every SLO holding and the server keeping up (bracket ${formatNumber(low, 2)} to ${rate(high)}, ${tail})`;
  }
}

/** The SLO verdict table, one row per benchmark and objective; an empty list without SLOs. */
export function renderSloSummary(report: BenchmarkReport): string[] {
  const judged = report.benchmarks.filter((benchmark) => benchmark.slo !== undefined);
  if (judged.length === 0) return [];
  const rows = judged.flatMap((benchmark) => [
    ...benchmark.slo!.objectives.map((objective) => [
      strategyLabel(benchmark.strategy),
      objective.name,
      objective.measured === null ? 'no data' : formatNumber(objective.measured, 3),
      objective.passed ? 'pass' : 'FAIL',
    ]),
    [
      strategyLabel(benchmark.strategy),
      'goodput',
      benchmark.goodput === undefined
        ? '-'
        : `${formatNumber(benchmark.goodput.requestsPerSecond, 2)} req/s (${formatNumber(benchmark.goodput.fraction === null ? null : benchmark.goodput.fraction * 100, 1)}%)`,
      benchmark.slo!.passed ? 'pass' : 'FAIL',
    ],
  ]);
  return ['', 'SLOs', renderTable(['Benchmark', 'Objective', 'Measured', 'Verdict'], rows)];
}

/**
 * The run's SLO verdict, as the CLI's exit code reports it: for a capacity search, whether any
 * rate met every SLO; otherwise whether every benchmark met them. `undefined` without SLOs.
 */
export function reportSloPassed(report: BenchmarkReport): boolean | undefined {
  if (report.capacity !== undefined) return report.capacity.steps.some((step) => step.passed);
  const judged = report.benchmarks.filter((benchmark) => benchmark.slo !== undefined);
  if (judged.length === 0) return undefined;
  return judged.every((benchmark) => benchmark.slo?.passed === true);
}
