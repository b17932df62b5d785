import type { BenchmarkReport } from '../report/report-schema.js';
import { formatNumber, renderTable } from '../internal/text-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/**
 * The capacity headline of a capacity search, e.g.
 * `Capacity: 11.84 req/s with every SLO holding (bracket 11.84 to 12.27 req/s, converged in 9 benchmarks)`;
 * an empty list without one.
 */
export function renderCapacityHeadline(report: BenchmarkReport): string[] {
  const capacity = report.capacity;
  if (capacity === undefined) return [];
  const [low, high] = capacity.bracket;
  const outcome =
    capacity.outcome === 'converged'
      ? `converged to ${formatNumber(capacity.precision * 100, 1)}%`
      : capacity.outcome;
  // No rate failed: the answer is a lower bound and the bracket has no upper end.
  const open = capacity.outcome === 'all-passed' && capacity.maxRatePerSecond > 0;
  const headline =
    capacity.maxRatePerSecond === 0
      ? 'Capacity: no rate tried met every SLO'
      : `Capacity: ${open ? 'at least ' : ''}${formatNumber(capacity.maxRatePerSecond, 2)} req/s with every SLO holding`;
  const bracket = open
    ? `open bracket from ${formatNumber(low, 2)} req/s, no rate tried failed`
    : `bracket ${formatNumber(low, 2)} to ${formatNumber(high, 2)} req/s`;
  return [`${headline} (${bracket}, ${outcome}, ${report.benchmarks.length} benchmark(s))`, ''];
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
