import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Benchmark, BenchmarkReport, Distribution } from '../report/schema.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { writeFileAtomic } from './write-atomic.js';

/** The file name GuideLLM users expect for the CSV report. */
export const CSV_REPORT_FILE = 'benchmarks.csv';

type Cell = string | number | boolean | null;
interface Column {
  header: string;
  value: (benchmark: Benchmark, report: BenchmarkReport) => Cell;
}

/** The latency-like metrics the CSV summarises, with their unit (successful requests). */
const DISTRIBUTION_METRICS = [
  ['ttftMs', 'TTFT', 'ms'],
  ['ttfotMs', 'TTFOT', 'ms'],
  ['itlMs', 'ITL', 'ms'],
  ['tpotMs', 'TPOT', 'ms'],
  ['requestLatencyMs', 'Request latency', 'ms'],
  ['decodeTimeMs', 'Decode time', 'ms'],
  ['scheduledTtftMs', 'Scheduled TTFT', 'ms'],
  ['scheduledLatencyMs', 'Scheduled latency', 'ms'],
  ['dispatchLagMs', 'Dispatch lag', 'ms'],
  ['promptTokens', 'Prompt tokens', 'tokens'],
  ['outputTokens', 'Output tokens', 'tokens'],
] as const;

const STATISTICS: ReadonlyArray<readonly [string, (d: Distribution) => number]> = [
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

const THROUGHPUT_METRICS = [
  ['requestsPerSecond', 'Requests', 'req/s'],
  ['outputTokensPerSecond', 'Output tokens', 'tok/s'],
  ['promptTokensPerSecond', 'Prompt tokens', 'tok/s'],
  ['totalTokensPerSecond', 'Total tokens', 'tok/s'],
] as const;

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
  for (const [key, name, unit] of THROUGHPUT_METRICS) {
    list.push(
      {
        header: `${name} throughput mean (${unit})`,
        value: (b) => b.metrics[key].successful.mean,
      },
      {
        header: `${name} throughput median per second (${unit})`,
        value: (b) => b.metrics[key].successful.median,
      },
    );
  }
  list.push(
    { header: 'Concurrency mean (requests)', value: (b) => b.metrics.concurrency.total.mean },
    { header: 'Concurrency median (requests)', value: (b) => b.metrics.concurrency.total.median },
    { header: 'Concurrency max (requests)', value: (b) => b.metrics.concurrency.total.max },
  );
  for (const [key, name, unit] of DISTRIBUTION_METRICS) {
    for (const [statistic, pick] of STATISTICS) {
      list.push({
        header: `${name} ${statistic} (${unit})`,
        value: (b) => pick(b.metrics[key].successful),
      });
    }
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

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Renders a report as CSV: one header row of column names with their units, then one row per
 * benchmark. Latency and token distributions are over successful requests; concurrency over all.
 * Absent values are empty cells. A pure function of the report, so a saved report re-renders to
 * the same bytes.
 */
export function renderCsv(report: BenchmarkReport): string {
  const list = columns();
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
