import type { BenchmarkReport } from '../report/schema.js';
import { formatNumber, renderTable } from '../internal/text-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { renderCapacityHeadline, renderSloSummary } from './slo-summary.js';

/**
 * Renders the end-of-run summary: request counts, latency percentiles and throughput per
 * benchmark, then any client warnings. A pure function of the report.
 */
export function renderConsoleSummary(report: BenchmarkReport): string {
  const counts = renderTable(
    [
      'Benchmark',
      'Stop reason',
      'Duration s',
      'OK',
      'Errored',
      'Incomplete',
      'Req/s',
      'Out tok/s',
      'Concurrency',
    ],
    report.benchmarks.map((benchmark) => [
      strategyLabel(benchmark.strategy),
      benchmark.stopReason,
      formatNumber(benchmark.timings.duration / 1000, 1),
      String(benchmark.requestCounts.successful),
      String(benchmark.requestCounts.errored),
      String(benchmark.requestCounts.incomplete),
      formatNumber(benchmark.metrics.requestsPerSecond.successful.mean, 2),
      formatNumber(benchmark.metrics.outputTokensPerSecond.successful.mean, 1),
      formatNumber(benchmark.metrics.concurrency.total.mean, 1),
    ]),
  );
  const latency = renderTable(
    [
      'Benchmark',
      'TTFT p50',
      'TTFT p95',
      'TTFT p99',
      'ITL p50',
      'ITL p99',
      'TPOT p50',
      'Latency p50',
      'Latency p99',
    ],
    report.benchmarks.map((benchmark) => {
      const m = benchmark.metrics;
      return [
        strategyLabel(benchmark.strategy),
        formatNumber(m.ttftMs.successful.percentiles.p50),
        formatNumber(m.ttftMs.successful.percentiles.p95),
        formatNumber(m.ttftMs.successful.percentiles.p99),
        formatNumber(m.itlMs.successful.percentiles.p50, 2),
        formatNumber(m.itlMs.successful.percentiles.p99, 2),
        formatNumber(m.tpotMs.successful.percentiles.p50, 2),
        formatNumber(m.requestLatencyMs.successful.percentiles.p50),
        formatNumber(m.requestLatencyMs.successful.percentiles.p99),
      ];
    }),
  );
  const lines = [
    ...renderCapacityHeadline(report),
    `inferbench ${report.status}: ${report.benchmarks.length} benchmark(s), model ${String(report.args['model'] ?? '?')}`,
    '',
    'Requests and throughput (successful requests)',
    counts,
    '',
    'Latency in ms (successful requests)',
    latency,
    ...renderSloSummary(report),
  ];
  const warnings = report.benchmarks
    .filter((benchmark) => benchmark.client.clientBound)
    .map(
      (benchmark) =>
        `! ${strategyLabel(benchmark.strategy)}: client-bound: ${benchmark.client.clientBoundReason ?? ''}`,
    );
  const errors = report.benchmarks.flatMap((benchmark) =>
    Object.entries(benchmark.errorsByCode).map(
      ([code, count]) => `! ${strategyLabel(benchmark.strategy)}: ${count} x ${code}`,
    ),
  );
  if (warnings.length + errors.length > 0) lines.push('', ...warnings, ...errors);
  return `${lines.join('\n')}\n`;
}
