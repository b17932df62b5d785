import type { ServerLatencySummary, ServerMetricsSummary } from './summarize.js';

/** A number of a benchmark's server-side summary, as every output labels and scales it. */
export interface ServerSummaryField {
  /** The field of {@link ServerMetricsSummary} (or `<histogram>.<statistic>`). */
  key: string;
  /** The one human label (`KV cache usage p95`). */
  label: string;
  /** Short label for the console line. */
  short: string;
  unit: 'requests' | '%' | 'MiB' | 'tok/s' | 'ms';
  /** The value in `unit` (fractions become percent), `null` when the server did not say. */
  value(summary: ServerMetricsSummary): number | null;
}

/** The summary's numbers that are plain fields (not histograms). */
type ScalarKey = {
  [K in keyof ServerMetricsSummary]: ServerMetricsSummary[K] extends number | null ? K : never;
}[keyof ServerMetricsSummary];

function scalar(
  key: ScalarKey,
  label: string,
  short: string,
  unit: ServerSummaryField['unit'],
  /** 100 turns a fraction into percent. */
  scale = 1,
): ServerSummaryField {
  return {
    key,
    label,
    short,
    unit,
    value: (summary) => (summary[key] === null ? null : summary[key] * scale),
  };
}

/** The server's latency histograms, beside the client's TTFT, ITL and request latency. */
export const SERVER_LATENCIES = [
  ['ttft', 'Server TTFT', 'TTFT'],
  ['itl', 'Server ITL', 'ITL'],
  ['e2e', 'Server request latency', 'e2e'],
  ['queueTime', 'Server queue time', 'queue'],
] as const satisfies readonly (readonly [keyof ServerMetricsSummary, string, string])[];

const LATENCY_STATISTICS = [
  ['meanMs', 'mean'],
  ['p50Ms', 'p50'],
  ['p99Ms', 'p99'],
] as const satisfies readonly (readonly [keyof ServerLatencySummary, string])[];

/**
 * Every server-side summary number the outputs show (console line, CSV columns, HTML notes),
 * labelled once: queue peaks, KV-cache usage, GPU utilization and memory, preemptions,
 * prefix-cache hit rate, token rates, and the server's own latency histograms.
 */
export const SERVER_SUMMARY_FIELDS: readonly ServerSummaryField[] = [
  scalar('peakRunning', 'Server running peak', 'running ≤', 'requests'),
  scalar('peakWaiting', 'Server waiting peak', 'waiting ≤', 'requests'),
  scalar('kvCacheUsageP95', 'KV cache usage p95', 'KV p95', '%', 100),
  scalar('gpuUtilizationMean', 'GPU utilization mean', 'GPU', '%'),
  scalar('gpuMemoryUsedMiBMax', 'GPU memory used max', 'GPU mem', 'MiB'),
  scalar('preemptions', 'Preemptions', 'preemptions', 'requests'),
  scalar('prefixCacheHitRate', 'Prefix cache hit rate', 'prefix hits', '%', 100),
  scalar('generationTokensPerSecond', 'Server generation throughput', 'gen', 'tok/s'),
  ...SERVER_LATENCIES.flatMap(([histogram, label, short]) =>
    LATENCY_STATISTICS.map(([statistic, name]): ServerSummaryField => ({
      key: `${histogram}.${statistic}`,
      label: `${label} ${name}`,
      short: `${short} ${name}`,
      unit: 'ms',
      value: (s) => s[histogram]?.[statistic] ?? null,
    })),
  ),
];

/** A field's value as text with its unit (`45%`, `12 requests`, `31.2 ms`). */
export function formatServerField(field: ServerSummaryField, value: number): string {
  const digits = field.unit === 'ms' || field.unit === '%' ? 1 : 0;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return field.unit === '%'
    ? `${text}%`
    : field.unit === 'requests'
      ? text
      : `${text} ${field.unit}`;
}
