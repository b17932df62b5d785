import type { BenchmarkMetricKey } from '../metrics/catalogue.js';
import { METRIC_CATALOGUE } from '../metrics/catalogue.js';
import type {
  Distribution,
  PercentileKey,
  StatusDistributions,
} from '../metrics/distribution-types.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import { formatNumber } from '../internal/text-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** The statistic of a distribution a summary column shows. */
export type SummaryStatistic = 'mean' | PercentileKey;

/** One cell of a summary: text, or a number (`null`: no samples) with its decimals. */
export type SummaryCell = { text: string } | { value: number | null; decimals: number };

/** One column of the end-of-run summary, shared by the console and the HTML report. */
export interface SummaryColumn {
  header: string;
  /**
   * The summary's part the column belongs to: `requests` (counts and throughput) or `latency`
   * (latency percentiles, ms). The console prints one table per part; the HTML report one table.
   */
  part: 'requests' | 'latency';
  cell(benchmark: Benchmark): SummaryCell;
}

function text(header: string, part: SummaryColumn['part'], value: (b: Benchmark) => string) {
  return { header, part, cell: (b: Benchmark) => ({ text: value(b) }) } satisfies SummaryColumn;
}

function count(header: string, value: (b: Benchmark) => number): SummaryColumn {
  return { header, part: 'requests', cell: (b) => ({ value: value(b), decimals: 0 }) };
}

function pick(distribution: Distribution, statistic: SummaryStatistic): number | null {
  return statistic === 'mean' ? distribution.mean : distribution.percentiles[statistic];
}

/**
 * A column of one statistic of a catalogue metric, over `status`; its header is the metric's
 * label and the statistic (`TTFT p50`), or its short label for a mean (`Req/s`).
 */
function metric(
  key: BenchmarkMetricKey,
  statistic: SummaryStatistic,
  decimals: number,
  status: keyof StatusDistributions = 'successful',
): SummaryColumn {
  const entry = METRIC_CATALOGUE[key];
  const short = 'short' in entry ? entry.short : entry.label;
  return {
    header: statistic === 'mean' ? short : `${entry.label} ${statistic}`,
    part: entry.unit === 'ms' || entry.unit === 'ms/token' ? 'latency' : 'requests',
    cell: (b) => ({ value: pick(b.metrics[key][status], statistic), decimals }),
  };
}

/**
 * The summary's columns, in order: per benchmark its label, stop reason, duration, request
 * counts, throughput and concurrency; then the main latency percentiles of successful requests.
 */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  text('Benchmark', 'requests', (b) => strategyLabel(b.strategy)),
  text('Stop reason', 'requests', (b) => b.stopReason),
  {
    header: 'Duration s',
    part: 'requests',
    cell: (b) => ({ value: b.timings.duration / 1000, decimals: 1 }),
  },
  count('OK', (b) => b.requestCounts.successful),
  count('Errored', (b) => b.requestCounts.errored),
  count('Incomplete', (b) => b.requestCounts.incomplete),
  metric('requestsPerSecond', 'mean', 2),
  metric('outputTokensPerSecond', 'mean', 1),
  metric('concurrency', 'mean', 1, 'total'),
  text('Benchmark', 'latency', (b) => strategyLabel(b.strategy)),
  metric('ttftMs', 'p50', 1),
  metric('ttftMs', 'p95', 1),
  metric('ttftMs', 'p99', 1),
  metric('itlMs', 'p50', 2),
  metric('itlMs', 'p99', 2),
  metric('tpotMs', 'p50', 2),
  metric('requestLatencyMs', 'p50', 1),
  metric('requestLatencyMs', 'p99', 1),
];

/** The columns of one part of the summary (each starts with the benchmark's label). */
export function summaryColumns(part?: SummaryColumn['part']): readonly SummaryColumn[] {
  if (part !== undefined) return SUMMARY_COLUMNS.filter((column) => column.part === part);
  // One table: the benchmark's label once.
  return SUMMARY_COLUMNS.filter((column, index) => column.header !== 'Benchmark' || index === 0);
}

/** A summary cell as text: numbers with their decimals, no value as `–`. */
export function cellText(cell: SummaryCell): string {
  return 'text' in cell ? cell.text : formatNumber(cell.value, cell.decimals);
}
