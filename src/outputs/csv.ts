import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import {
  BENCHMARK_METRIC_KEYS,
  METRIC_CATALOGUE,
  type BenchmarkMetricKey,
} from '../metrics/catalogue.js';
import type { MetricKind } from '../metrics/catalogue-types.js';
import type { Distribution } from '../metrics/distribution-types.js';
import { SERVER_SUMMARY_FIELDS } from '../server-metrics/summary-fields.js';
import { bracketBenchmarks } from '../report/capacity-bracket.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { PROMPT_EXACTNESS_COLUMNS } from './tokenizer-summary.js';
import { writeFileAtomic } from './write-atomic.js';

/** The file name GuideLLM users expect for the CSV report. */
export const CSV_REPORT_FILE = 'benchmarks.csv';

type Cell = string | number | boolean | null;
interface Column {
  header: string;
  value: (benchmark: Benchmark, report: BenchmarkReport) => Cell;
}

/** The statistics of each per-request metric's column group (successful requests). */
const STATISTICS: ReadonlyArray<readonly [string, (d: Distribution) => number | null]> = [
  ['mean', (d) => d.mean],
  ['median', (d) => d.median],
  ['std dev', (d) => d.stdDev],
  ['min', (d) => d.min],
  ['p90', (d) => d.percentiles.p90],
  ['p95', (d) => d.percentiles.p95],
  ['p99', (d) => d.percentiles.p99],
  ['p99.9', (d) => d.percentiles.p999],
  ['max', (d) => d.max],
];

/** The catalogue's metrics under `benchmark.metrics`, by kind, in report order. */
const byKind = (kinds: readonly MetricKind[]): BenchmarkMetricKey[] =>
  BENCHMARK_METRIC_KEYS.filter((key) => kinds.includes(METRIC_CATALOGUE[key].kind));

const seconds = (ms: number): number => ms / 1000;

function columns(): Column[] {
  const list: Column[] = [
    { header: 'Benchmark', value: (b) => strategyLabel(b.strategy) },
    { header: 'Index', value: (b) => b.index },
    { header: 'Strategy', value: (b) => b.strategy.type },
    {
      header: 'Target rate (req/s)',
      value: (b) => ('ratePerSecond' in b.strategy ? b.strategy.ratePerSecond : null),
    },
    { header: 'Streams', value: (b) => ('streams' in b.strategy ? b.strategy.streams : null) },
    {
      header: 'Max concurrency',
      value: (b) =>
        'maxConcurrency' in b.strategy && b.strategy.maxConcurrency !== undefined
          ? b.strategy.maxConcurrency
          : null,
    },
    { header: 'Model', value: (_b, r) => stringOrNull(r.args['model']) },
    {
      header: 'Target',
      value: (_b, r) => stringOrNull(r.args['resolvedTarget'] ?? r.args['target']),
    },
    { header: 'Tokenizer', value: (_b, r) => r.tokenizer?.id ?? null },
    { header: 'Tokenizer source', value: (_b, r) => r.tokenizer?.source ?? null },
    { header: 'Tokenizer revision', value: (_b, r) => r.tokenizer?.revision ?? null },
    {
      header: 'Chat template overhead (tokens)',
      value: (_b, r) => r.tokenizer?.templateOverheadTokens ?? null,
    },
    { header: 'Status', value: (b) => b.status },
    { header: 'Stop reason', value: (b) => b.stopReason },
    { header: 'Started at (ISO 8601)', value: (b) => b.timings.startedAt },
    { header: 'Ended at (ISO 8601)', value: (b) => b.timings.endedAt },
    { header: 'Duration (s)', value: (b) => seconds(b.timings.duration) },
    { header: 'Measured duration (s)', value: (b) => seconds(b.timings.measureDuration) },
    { header: 'Warmup (s)', value: (b) => seconds(b.timings.warmup) },
    { header: 'Cooldown (s)', value: (b) => seconds(b.timings.cooldown) },
    { header: 'Requests successful (count)', value: (b) => b.requestCounts.successful },
    { header: 'Requests errored (count)', value: (b) => b.requestCounts.errored },
    { header: 'Requests incomplete (count)', value: (b) => b.requestCounts.incomplete },
    { header: 'Requests total (count)', value: (b) => b.requestCounts.total },
  ];
  for (const key of byKind(['rate'])) {
    const { label, unit } = METRIC_CATALOGUE[key];
    list.push(
      {
        header: `${label} throughput mean (${unit})`,
        value: (b) => b.metrics[key].successful.mean,
      },
      {
        header: `${label} throughput median per second (${unit})`,
        value: (b) => b.metrics[key].successful.median,
      },
    );
  }
  for (const key of byKind(['time-weighted'])) {
    const { label, unit } = METRIC_CATALOGUE[key];
    for (const [statistic, pick] of [
      ['mean', (d: Distribution) => d.mean],
      ['median', (d: Distribution) => d.median],
      ['max', (d: Distribution) => d.max],
    ] as const) {
      list.push({
        header: `${label} ${statistic} (${unit})`,
        value: (b) => pick(b.metrics[key].total),
      });
    }
  }
  for (const key of byKind(['per-request', 'per-gap'])) {
    const { label, unit } = METRIC_CATALOGUE[key];
    for (const [statistic, pick] of STATISTICS) {
      list.push({
        header: `${label} ${statistic} (${unit})`,
        value: (b) => pick(b.metrics[key].successful),
      });
    }
  }
  for (const column of PROMPT_EXACTNESS_COLUMNS) {
    list.push({
      header: column.csvHeader,
      value: (b) => (b.promptExactness === undefined ? null : column.value(b.promptExactness)),
    });
  }
  list.push(
    {
      header: 'Achieved rate (req/s)',
      value: (b) => b.client.achievedRatePerSecond,
    },
    { header: 'Event loop delay p99 (ms)', value: (b) => b.client.eventLoopDelayMs.p99 },
    { header: 'Client bound', value: (b) => b.client.clientBound },
    { header: 'Client bound reason', value: (b) => b.client.clientBoundReason ?? null },
    { header: 'SLOs passed', value: (b) => b.slo?.passed ?? null },
    { header: 'Goodput (req/s)', value: (b) => b.goodput?.requestsPerSecond ?? null },
    { header: 'Goodput fraction (0-1)', value: (b) => b.goodput?.fraction ?? null },
    { header: 'Errors by code (JSON)', value: (b) => JSON.stringify(b.errorsByCode) },
  );
  return list;
}

/** The server-side summaries, when any benchmark has them (`serverMetrics`). */
function serverColumns(): Column[] {
  return SERVER_SUMMARY_FIELDS.map((field) => ({
    header: `${field.label} (${field.unit})`,
    value: (b) => (b.serverMetrics === undefined ? null : field.value(b.serverMetrics.summary)),
  }));
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Renders a report as CSV: one header row of column names with their units, then one row per
 * benchmark, with the run's tokenizer and the benchmark's prompt exactness. Latency and token distributions are over successful requests; concurrency over all.
 * A capacity search adds `Capacity bracket` (`passing` or `failing` on the two benchmarks that
 * measured the answer's bracket). When the run scraped the server's metrics, their summaries
 * follow as the last columns.
 * Absent values are empty cells. A pure function of the report, so a saved report re-renders to
 * the same bytes.
 */
export function renderCsv(report: BenchmarkReport): string {
  const list = columns();
  const capacity = report.capacity;
  if (capacity !== undefined) {
    // A capacity search: which benchmarks measured the answer's bracket.
    const at = bracketBenchmarks(capacity);
    list.push({
      header: 'Capacity bracket',
      value: (b) =>
        b.index === at.passing ? 'passing' : b.index === at.failing ? 'failing' : null,
    });
  }
  if (report.benchmarks.some((benchmark) => benchmark.serverMetrics !== undefined)) {
    list.push(...serverColumns());
  }
  const rows: Cell[][] = [
    list.map((column) => column.header),
    ...report.benchmarks.map((benchmark) => list.map((column) => column.value(benchmark, report))),
  ];
  return stringify(rows, {
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      number: (value) => String(value),
    },
    record_delimiter: 'unix',
  });
}

/** Writes `benchmarks.csv` into `directory` atomically and returns its path. */
export async function writeCsvReport(report: BenchmarkReport, directory: string): Promise<string> {
  const path = join(directory, CSV_REPORT_FILE);
  await writeFileAtomic(path, renderCsv(report));
  return path;
}
