import type { MeasuredWindow } from '../metrics/measured-window.js';
import type { ServerMetricsBenchmark } from '../server-metrics/scraper.js';
import type { ServerMetricsSource } from '../server-metrics/run-collector.js';

/**
 * A benchmark's `serverMetrics`: the series over the whole benchmark (as its `timeSeries`),
 * the summaries over its measured window (as its client-side metrics), for the merged view and
 * for each endpoint.
 */
export function serverMetricsSection(
  source: ServerMetricsSource,
  benchmark: { startMs: number; endMs: number },
  measured: MeasuredWindow,
): ServerMetricsBenchmark {
  const whole = source.window(benchmark.startMs, benchmark.endMs);
  const inWindow = source.window(measured.startMs, measured.endMs);
  return {
    ...whole,
    summary: inWindow.summary,
    endpoints: whole.endpoints.map((endpoint, index) => ({
      ...endpoint,
      summary: inWindow.endpoints[index]?.summary ?? endpoint.summary,
    })),
  };
}
