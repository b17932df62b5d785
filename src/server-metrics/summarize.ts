import { percentileOfSorted } from '../metrics/distribution.js';
import { KNOWN_METRICS, KNOWN_METRIC_NAMES, type KnownMetric } from './metric-maps.js';
import type { HistogramState, ScrapeSample } from './read-scrape.js';

/** One point of a server-side time series, on the client's clock (ms since the run started). */
export interface ServerSeriesPoint {
  tMs: number;
  value: number;
}

/**
 * A server-side latency histogram over a window, in milliseconds: the observations the window
 * added (the difference of the cumulative buckets at its ends). Quantiles are interpolated
 * inside buckets, as Prometheus' `histogram_quantile` does, so they are only as fine as the
 * server's buckets; for a summary without buckets they are the server's own, over its life.
 */
export interface ServerLatencySummary {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

/** One benchmark's server-side figures; `null` where no endpoint reported the metric. */
export interface ServerMetricsSummary {
  peakRunning: number | null;
  meanRunning: number | null;
  peakWaiting: number | null;
  meanWaiting: number | null;
  /** 95th percentile of the KV-cache usage fraction (0 to 1) over the scrapes. */
  kvCacheUsageP95: number | null;
  kvCacheUsageMax: number | null;
  /** Mean GPU utilization in percent over the scrapes (mean over GPUs). */
  gpuUtilizationMean: number | null;
  gpuMemoryUsedMiBMax: number | null;
  /** Requests preempted (or retracted) during the window. */
  preemptions: number | null;
  /** Prefix-cache hits over queries (tokens) during the window, 0 to 1. */
  prefixCacheHitRate: number | null;
  promptTokensPerSecond: number | null;
  generationTokensPerSecond: number | null;
  ttft: ServerLatencySummary | null;
  itl: ServerLatencySummary | null;
  e2e: ServerLatencySummary | null;
  queueTime: ServerLatencySummary | null;
}

/** The server's view of one window: series per known metric, and the summary. */
export interface ServerMetricsWindow {
  /** Scrapes inside the window. */
  scrapes: number;
  /** Gauges as read; counters as rates per second between scrapes (at the later scrape). */
  series: Partial<Record<KnownMetric, ServerSeriesPoint[]>>;
  summary: ServerMetricsSummary;
  /** Raw samples of unknown metrics by `name{labels}`, when they were kept. */
  raw?: Record<string, ServerSeriesPoint[]> | undefined;
}

/** Increase of a counter from `from` to `to`; a drop means the server restarted from 0. */
function increase(from: number, to: number): number {
  return to >= from ? to - from : to;
}

function histogramDelta(from: HistogramState | undefined, to: HistogramState): HistogramState {
  const comparable =
    from !== undefined &&
    from.count <= to.count &&
    from.bounds.length === to.bounds.length &&
    from.bounds.every((bound, i) => bound === to.bounds[i]);
  if (!comparable) return to;
  const delta: HistogramState = {
    bounds: to.bounds,
    cumulative: to.cumulative.map((value, i) => value - from.cumulative[i]!),
    count: to.count - from.count,
    sum: to.sum - from.sum,
  };
  if (to.quantiles !== undefined) delta.quantiles = to.quantiles;
  return delta;
}

/** The `q` quantile (0 to 1) of a bucketed histogram, interpolated inside its bucket. */
export function histogramQuantile(histogram: HistogramState, q: number): number | null {
  const total = histogram.cumulative.at(-1) ?? 0;
  if (total <= 0 || histogram.bounds.length === 0) return null;
  const rank = q * total;
  for (let i = 0; i < histogram.bounds.length; i++) {
    if (histogram.cumulative[i]! < rank) continue;
    const upper = histogram.bounds[i]!;
    // Past the last finite bound only that bound is known.
    if (upper === Infinity) return histogram.bounds[i - 1] ?? null;
    const lower = i === 0 ? Math.min(0, upper) : histogram.bounds[i - 1]!;
    const below = i === 0 ? 0 : histogram.cumulative[i - 1]!;
    const inBucket = histogram.cumulative[i]! - below;
    return inBucket <= 0 ? upper : lower + (upper - lower) * ((rank - below) / inBucket);
  }
  return histogram.bounds.at(-2) ?? null;
}

function latency(histogram: HistogramState | undefined): ServerLatencySummary | null {
  if (histogram === undefined) return null;
  const ms = (seconds: number | null | undefined): number | null =>
    seconds === null || seconds === undefined || !Number.isFinite(seconds) ? null : seconds * 1000;
  const fromSummary = (q: string): number | null => ms(histogram.quantiles?.[q]);
  const bucketed = histogram.bounds.length > 0;
  return {
    count: histogram.count,
    meanMs: histogram.count > 0 ? ms(histogram.sum / histogram.count) : null,
    p50Ms: bucketed ? ms(histogramQuantile(histogram, 0.5)) : fromSummary('0.5'),
    p90Ms: bucketed ? ms(histogramQuantile(histogram, 0.9)) : fromSummary('0.9'),
    p99Ms: bucketed ? ms(histogramQuantile(histogram, 0.99)) : fromSummary('0.99'),
  };
}

function stats(points: ServerSeriesPoint[] | undefined): {
  max: number | null;
  mean: number | null;
  p95: number | null;
} {
  if (points === undefined || points.length === 0) return { max: null, mean: null, p95: null };
  const sorted = Float64Array.from(points, (point) => point.value).sort();
  return {
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    p95: percentileOfSorted(sorted, 95),
  };
}

/**
 * Summarises the scrapes of one endpoint (or several, merged by time) over the window
 * `[startMs, endMs]` of the caller's clock. Counters and histograms are measured from the last
 * scrape before the window (or its first scrape, when there is none) to its last scrape, so a
 * benchmark gets what happened during it, not since the server started.
 */
export function summarizeWindow(
  samples: readonly ScrapeSample[],
  startMs: number,
  endMs: number,
): ServerMetricsWindow {
  const inside = samples.filter((sample) => sample.atMs >= startMs && sample.atMs <= endMs);
  const before = samples.filter((sample) => sample.atMs < startMs).at(-1);
  const series: Partial<Record<KnownMetric, ServerSeriesPoint[]>> = {};
  const deltas: Partial<Record<KnownMetric, { amount: number; seconds: number }>> = {};
  const histograms: Partial<Record<KnownMetric, HistogramState>> = {};

  for (const metric of KNOWN_METRIC_NAMES) {
    const kind = KNOWN_METRICS[metric].kind;
    if (kind === 'histogram') {
      const last = inside.findLast((sample) => sample.histograms[metric] !== undefined);
      if (last === undefined) continue;
      const base = [before, ...inside].find((sample) => sample?.histograms[metric] !== undefined);
      const from = base === last ? undefined : base?.histograms[metric];
      histograms[metric] = histogramDelta(from, last.histograms[metric]!);
      continue;
    }
    const points: ServerSeriesPoint[] = [];
    let previous = before?.values[metric] === undefined ? undefined : before;
    let amount = 0;
    let first: ScrapeSample | undefined = previous;
    for (const sample of inside) {
      const value = sample.values[metric];
      if (value === undefined) continue;
      if (kind === 'gauge') {
        points.push({ tMs: sample.atMs, value });
      } else if (previous !== undefined) {
        const step = increase(previous.values[metric]!, value);
        const seconds = (sample.atMs - previous.atMs) / 1000;
        amount += step;
        if (seconds > 0) points.push({ tMs: sample.atMs, value: step / seconds });
      }
      first ??= sample;
      previous = sample;
    }
    if (points.length > 0) series[metric] = points;
    if (kind === 'counter' && first !== undefined && previous !== undefined && first !== previous) {
      deltas[metric] = { amount, seconds: (previous.atMs - first.atMs) / 1000 };
    }
  }

  const running = stats(series.running);
  const waiting = stats(series.waiting);
  const kv = stats(series.kvCacheUsage);
  const rate = (metric: KnownMetric): number | null => {
    const delta = deltas[metric];
    return delta === undefined || delta.seconds <= 0 ? null : delta.amount / delta.seconds;
  };
  const queries = deltas.prefixCacheQueries?.amount;
  const window: ServerMetricsWindow = {
    scrapes: inside.length,
    series,
    summary: {
      peakRunning: running.max,
      meanRunning: running.mean,
      peakWaiting: waiting.max,
      meanWaiting: waiting.mean,
      kvCacheUsageP95: kv.p95,
      kvCacheUsageMax: kv.max,
      gpuUtilizationMean: stats(series.gpuUtilization).mean,
      gpuMemoryUsedMiBMax: stats(series.gpuMemoryUsedMiB).max,
      preemptions: deltas.preemptions?.amount ?? null,
      prefixCacheHitRate:
        queries === undefined || queries <= 0
          ? null
          : (deltas.prefixCacheHits?.amount ?? 0) / queries,
      promptTokensPerSecond: rate('promptTokens'),
      generationTokensPerSecond: rate('generationTokens'),
      ttft: latency(histograms.ttft),
      itl: latency(histograms.itl),
      e2e: latency(histograms.e2e),
      queueTime: latency(histograms.queueTime),
    },
  };
  if (inside.some((sample) => sample.raw !== undefined)) {
    const raw: Record<string, ServerSeriesPoint[]> = {};
    for (const sample of inside) {
      for (const [key, value] of Object.entries(sample.raw ?? {})) {
        (raw[key] ??= []).push({ tMs: sample.atMs, value });
      }
    }
    window.raw = raw;
  }
  return window;
}
