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

function part(field: ServerSummaryField, benchmark: Benchmark): string | undefined {
  const value = field.value(benchmark.serverMetrics!.summary);
  if (value === null) return undefined;
  const client = CLIENT_MEDIAN[field.key]?.(benchmark);
  const beside =
    client === undefined || client === null ? '' : ` (client ${formatServerField(field, client)})`;
  return `${field.short} ${formatServerField(field, value)}${beside}`;
}

/**
 * One console line per benchmark with server metrics: its queue peaks, KV-cache usage, GPU
 * utilization, preemptions and prefix-cache hits, and the server's TTFT and ITL medians beside
 * the client's (their difference is the network and the client). Empty without server metrics.
 */
export function serverSummaryLines(report: BenchmarkReport): string[] {
  const fields = SERVER_SUMMARY_FIELDS.filter((field) => CONSOLE_KEYS.has(field.key));
  return report.benchmarks
    .filter((benchmark) => benchmark.serverMetrics !== undefined)
    .map((benchmark) => {
      const parts = fields
        .map((field) => part(field, benchmark))
        .filter((text) => text !== undefined);
      return `${strategyLabel(benchmark.strategy)}: ${parts.length === 0 ? 'no server-side figures in the measured window' : parts.join(', ')}`;
    });
}

/**
 * The server's state at a capacity answer's bracket, for the headline: e.g. `Server at the
 * bracket: passing 8.10 req/s: running peak 8, waiting peak 0, KV p95 41.0%; failing 14.30
 * req/s: …`. Undefined when the run scraped no server metrics at the bracket.
 */
export function serverAtBracketLine(report: BenchmarkReport): string | undefined {
  const capacity = report.capacity;
  const atBracket = capacity?.serverAtBracket;
  if (capacity === undefined || atBracket === undefined) return undefined;
  const fields = SERVER_SUMMARY_FIELDS.filter((field) => CONSOLE_KEYS.has(field.key));
  const state = (summary: ServerMetricsSummary): string => {
    const parts = fields.flatMap((field) => {
      const value = field.value(summary);
      return value === null ? [] : [`${field.short} ${formatServerField(field, value)}`];
    });
    return parts.length === 0 ? 'no server-side figures' : parts.join(', ');
  };
  const sides: string[] = [];
  const [low, high] = capacity.bracket;
  if (atBracket.passing !== undefined) {
    sides.push(`passing ${low.toFixed(2)} req/s: ${state(atBracket.passing)}`);
  }
  if (atBracket.failing !== undefined) {
    sides.push(`failing ${high.toFixed(2)} req/s: ${state(atBracket.failing)}`);
  }
  return sides.length === 0 ? undefined : `Server at the bracket: ${sides.join('; ')}`;
}
