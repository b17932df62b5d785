import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import type { ServerMetricsSummary } from '../server-metrics/summarize.js';
import {
  SERVER_SUMMARY_FIELDS,
  formatServerField,
  type ServerSummaryField,
} from '../server-metrics/summary-fields.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** The fields the console line shows: the server's state, then its TTFT and ITL medians. */
const CONSOLE_KEYS = new Set([
  'peakRunning',
  'peakWaiting',
  'kvCacheUsageP95',
  'gpuUtilizationMean',
  'preemptions',
  'prefixCacheHitRate',
  'ttft.p50Ms',
  'itl.p50Ms',
]);

/** The client's median beside the server's, for the latencies both measure. */
const CLIENT_MEDIAN: Readonly<Record<string, (benchmark: Benchmark) => number | null>> = {
  'ttft.p50Ms': (b) => b.metrics.ttftMs.successful.percentiles.p50,
  'itl.p50Ms': (b) => b.metrics.itlMs.successful.percentiles.p50,
};

/** The fields the console shows, in catalogue order. */
const CONSOLE_FIELDS = SERVER_SUMMARY_FIELDS.filter((field) => CONSOLE_KEYS.has(field.key));

/**
 * The console's fields of `summary` that have a value, joined (`running ≤ 8, waiting ≤ 0, …`),
 * each latency beside the client's where `benchmark` is given; `undefined` when none has one.
 */
function serverStateText(summary: ServerMetricsSummary, benchmark?: Benchmark): string | undefined {
  const parts = CONSOLE_FIELDS.flatMap((field: ServerSummaryField) => {
    const value = field.value(summary);
    if (value === null) return [];
    const client = benchmark === undefined ? undefined : CLIENT_MEDIAN[field.key]?.(benchmark);
    const beside =
      client === undefined || client === null
        ? ''
        : ` (client ${formatServerField(field, client)})`;
    return [`${field.short} ${formatServerField(field, value)}${beside}`];
  });
  return parts.length === 0 ? undefined : parts.join(', ');
}

/**
 * One console line per benchmark with server metrics: its queue peaks, KV-cache usage, GPU
 * utilization, preemptions and prefix-cache hits, and the server's TTFT and ITL medians beside
 * the client's (their difference is the network and the client). Empty without server metrics.
 */
export function serverSummaryLines(report: BenchmarkReport): string[] {
  return report.benchmarks
    .filter((benchmark) => benchmark.serverMetrics !== undefined)
    .map(
      (benchmark) =>
        `${strategyLabel(benchmark.strategy)}: ${serverStateText(benchmark.serverMetrics!.summary, benchmark) ?? 'no server-side figures in the measured window'}`,
    );
}

/**
 * The server's state at a capacity answer's bracket, for the headline: e.g. `Server at the
 * bracket: passing 8.10 req/s: running ≤ 8, waiting ≤ 0, KV p95 41.0%; failing 14.30 req/s: …`.
 * Undefined when the run scraped no server metrics at the bracket.
 */
export function serverAtBracketLine(report: BenchmarkReport): string | undefined {
  const capacity = report.capacity;
  const atBracket = capacity?.serverAtBracket;
  if (capacity === undefined || atBracket === undefined) return undefined;
  const state = (summary: ServerMetricsSummary): string =>
    serverStateText(summary) ?? 'no server-side figures';
  const [low, high] = capacity.bracket;
  const sides = [
    ...(atBracket.passing === undefined
      ? []
      : [`passing ${low.toFixed(2)} req/s: ${state(atBracket.passing)}`]),
    ...(atBracket.failing === undefined
      ? []
      : [`failing ${high.toFixed(2)} req/s: ${state(atBracket.failing)}`]),
  ];
  return sides.length === 0 ? undefined : `Server at the bracket: ${sides.join('; ')}`;
}
