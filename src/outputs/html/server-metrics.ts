import type { Benchmark } from '../../report/benchmark-schema.js';
import type { ServerSeriesPoint } from '../../server-metrics/summarize.js';
import type { KnownMetric } from '../../server-metrics/metric-maps.js';
import { SERVER_SUMMARY_FIELDS, formatServerField } from '../../server-metrics/summary-fields.js';
import { strategyLabel } from '../../strategies/strategy-label.js';
import type { ChartSeries, ChartSpec } from './chart-specs.js';
import { escapeHtml } from './escape.js';
import { htmlTable } from './tables.js';

/** The server series drawn, their axis and the factor to their unit (fractions to percent). */
const DRAWN: readonly (readonly [KnownMetric, string, 'y' | 'y2', number])[] = [
  ['running', 'server running', 'y', 1],
  ['waiting', 'server waiting', 'y', 1],
  ['kvCacheUsage', 'KV cache usage %', 'y2', 100],
  ['gpuUtilization', 'GPU utilization %', 'y2', 1],
];

/**
 * A benchmark's server state over time, on the same axis as its requests-and-tokens chart
 * (seconds since the benchmark's start): requests running and waiting, KV-cache usage and GPU
 * utilization in percent. `undefined` when the run scraped none of them.
 */
export function serverMetricsChart(benchmark: Benchmark): ChartSpec | undefined {
  const server = benchmark.serverMetrics;
  if (server === undefined) return undefined;
  const drawn = DRAWN.filter(([metric]) => (server.series[metric]?.length ?? 0) > 0);
  if (drawn.length === 0) return undefined;
  const start = benchmark.timings.start;
  // Endpoints scrape at their own moments: one x axis of every moment, gaps elsewhere.
  const times = [
    ...new Set(drawn.flatMap(([metric]) => server.series[metric]!.map((point) => point.tMs))),
  ].sort((a, b) => a - b);
  const valuesOf = (points: ServerSeriesPoint[], factor: number): (number | null)[] => {
    const byTime = new Map(points.map((point) => [point.tMs, point.value * factor]));
    return times.map((time) => byTime.get(time) ?? null);
  };
  return {
    id: `server-${benchmark.index}`,
    section: 'benchmark',
    benchmarkIndex: benchmark.index,
    title: `${strategyLabel(benchmark.strategy)}: the server's /metrics over time`,
    xLabel: 's since benchmark start',
    yLabel: 'requests',
    ...(drawn.some(([, , axis]) => axis === 'y2') ? { y2Label: '%' } : {}),
    x: times.map((time) => (time - start) / 1000),
    series: drawn.map(([metric, label, axis, factor]): ChartSeries => ({
      label,
      axis,
      values: valuesOf(server.series[metric]!, factor),
    })),
  };
}

/** The server-side summary of a benchmark's measured window, as a two-column table. */
export function serverMetricsTable(benchmark: Benchmark): string {
  const server = benchmark.serverMetrics;
  if (server === undefined) return '';
  const rows = SERVER_SUMMARY_FIELDS.flatMap((field) => {
    const value = field.value(server.summary);
    return value === null
      ? []
      : [[field.label, { text: formatServerField(field, value), numeric: true }]];
  });
  const endpoints = server.endpoints
    .map(
      (endpoint) =>
        `${endpoint.url} (${endpoint.servers.join(', ') || 'unknown'}: ${endpoint.scrapesTotal} scrapes, ${endpoint.failures} failed)`,
    )
    .join('; ');
  return (
    `<details open data-server-metrics="${benchmark.index}"><summary>Server metrics</summary>` +
    htmlTable(['Server metric (measured window)', 'Value'], rows) +
    `<p class="meta">${escapeHtml(endpoints)}</p></details>`
  );
}
