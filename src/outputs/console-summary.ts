import type { BenchmarkReport } from '../report/report-schema.js';
import { renderTable } from '../internal/text-table.js';
import { cellText, summaryColumns } from './summary-columns.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { describeRequestError } from '../internal/messages.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import { runNotes } from './run-notes.js';
import { serverSummaryLines } from './server-summary.js';
import { renderCapacityHeadline, renderSloSummary } from './slo-summary.js';
import { renderTokenizerSummary } from './tokenizer-summary.js';

/** A benchmark's failures, most frequent message first (`50 × HTTP 404: …`). */
function errorLines(benchmark: Benchmark): string[] {
  const label = strategyLabel(benchmark.strategy);
  // Reports before 2.1 carry counts per code only.
  if (benchmark.errorMessages === undefined) {
    return Object.entries(benchmark.errorsByCode).map(
      ([code, count]) => `! ${label}: ${count} × ${code}`,
    );
  }
  return benchmark.errorMessages.map(
    (entry) => `! ${label}: ${entry.count} × ${describeRequestError(entry)}`,
  );
}

/**
 * Renders the end-of-run summary: request counts, latency percentiles and throughput per
 * benchmark, the run's tokenizer and how exact its prompts were, a line of server metrics per benchmark when
 * the run scraped them, then the client warnings, the most frequent failures and the run's notes (among
 * them whether output token counts are guesses). A pure function of the report.
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
    ...renderTokenizerSummary(report),
    ...renderSloSummary(report),
  ];
  const server = serverSummaryLines(report);
  if (server.length > 0) lines.push('', "Server metrics (the server's /metrics)", ...server);
  const warnings = report.benchmarks
    .filter((benchmark) => benchmark.client.clientBound)
    .map(
      (benchmark) =>
        `! ${strategyLabel(benchmark.strategy)}: client-bound: ${benchmark.client.clientBoundReason ?? ''}`,
    );
  const errors = report.benchmarks.flatMap(errorLines);
  const notes = runNotes(report).map((note) => `note: ${note}`);
  if (warnings.length + errors.length + notes.length > 0) {
    lines.push('', ...warnings, ...errors, ...notes);
  }
  return `${lines.join('\n')}\n`;
}
