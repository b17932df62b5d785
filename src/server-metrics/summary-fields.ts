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

const percent = (fraction: number | null): number | null =>
  fraction === null ? null : fraction * 100;

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
  {
    key: 'peakRunning',
    label: 'Server running peak',
    short: 'running ≤',
    unit: 'requests',
    value: (s) => s.peakRunning,
  },
  {
    key: 'peakWaiting',
    label: 'Server waiting peak',
    short: 'waiting ≤',
    unit: 'requests',
    value: (s) => s.peakWaiting,
  },
  {
    key: 'kvCacheUsageP95',
    label: 'KV cache usage p95',
    short: 'KV p95',
    unit: '%',
    value: (s) => percent(s.kvCacheUsageP95),
  },
  {
    key: 'gpuUtilizationMean',
    label: 'GPU utilization mean',
    short: 'GPU',
    unit: '%',
    value: (s) => s.gpuUtilizationMean,
  },
  {
    key: 'gpuMemoryUsedMiBMax',
    label: 'GPU memory used max',
    short: 'GPU mem',
    unit: 'MiB',
    value: (s) => s.gpuMemoryUsedMiBMax,
  },
  {
    key: 'preemptions',
    label: 'Preemptions',
    short: 'preemptions',
    unit: 'requests',
    value: (s) => s.preemptions,
  },
  {
    key: 'prefixCacheHitRate',
    label: 'Prefix cache hit rate',
    short: 'prefix hits',
    unit: '%',
    value: (s) => percent(s.prefixCacheHitRate),
  },
  {
    key: 'generationTokensPerSecond',
    label: 'Server generation throughput',
    short: 'gen',
    unit: 'tok/s',
    value: (s) => s.generationTokensPerSecond,
  },
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
