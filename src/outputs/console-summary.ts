import type { BenchmarkReport } from '../report/report-schema.js';
import { renderTable } from '../internal/text-table.js';
import { cellText, summaryColumns } from './summary-columns.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { renderCapacityHeadline, renderSloSummary } from './slo-summary.js';

/**
 * Renders the end-of-run summary: request counts, latency percentiles and throughput per
 * benchmark, then any client warnings. A pure function of the report.
 */
export function renderConsoleSummary(report: BenchmarkReport): string {
  const table = (part: 'requests' | 'latency'): string => {
    const columns = summaryColumns(part);
    return renderTable(
      columns.map((column) => column.header),
      report.benchmarks.map((benchmark) =>
        columns.map((column) => cellText(column.cell(benchmark))),
      ),
    );
  };
  const counts = table('requests');
  const latency = table('latency');
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
