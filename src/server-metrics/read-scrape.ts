import {
  KNOWN_METRICS,
  KNOWN_METRIC_NAMES,
  detectServerKinds,
  type KnownMetric,
  type MetricSource,
  type ServerKind,
} from './metric-maps.js';
import type {
  PrometheusExposition,
  PrometheusMetricFamily,
  PrometheusSample,
} from './prometheus-text.js';

/** A histogram (or summary) as one scrape saw it: cumulative since the server started. */
export interface HistogramState {
  /** Upper bounds of the buckets, ascending, `Infinity` last (empty for a summary). */
  bounds: number[];
  /** Cumulative observation counts of the buckets, as the `le` buckets give them. */
  cumulative: number[];
  count: number;
  sum: number;
  /** A summary's own quantiles (`quantile` label → value), over the server's whole life. */
  quantiles?: Record<string, number>;
}

/** What one scrape of one endpoint read. */
export interface ScrapeSample {
  /** When the scrape started, on the caller's clock (ms since the run started). */
  atMs: number;
  /** Gauges and counters of the known metrics (several label sets combined). */
  values: Partial<Record<KnownMetric, number>>;
  histograms: Partial<Record<KnownMetric, HistogramState>>;
  /** The servers recognised in the exposition. */
  servers: ServerKind[];
  /** Every other sample (`name{labels}` → value), when raw metrics were asked for. */
  raw?: Record<string, number>;
}

/** Raw samples kept per scrape at most, so an exporter with thousands of series stays bounded. */
export const MAX_RAW_SAMPLES = 2000;

function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`)
    .join(',');
}

/** The family a source names, under its text-format name or its OpenMetrics one. */
function findFamily(
  families: ReadonlyMap<string, PrometheusMetricFamily>,
  name: string,
): PrometheusMetricFamily | undefined {
  return (
    families.get(name) ??
    (name.endsWith('_total') ? families.get(name.slice(0, -'_total'.length)) : undefined)
  );
}

function combine(values: number[], how: 'sum' | 'mean'): number | undefined {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return undefined;
  const total = finite.reduce((sum, value) => sum + value, 0);
  return how === 'sum' ? total : total / finite.length;
}

function readValue(family: PrometheusMetricFamily, source: MetricSource): number[] {
  if (source.from === 'sum') {
    return family.samples
      .filter((sample) => sample.name === `${family.name}_sum`)
      .map((sample) => sample.value);
  }
  return family.samples
    .filter((sample) => sample.name === family.name || sample.name === `${family.name}_total`)
    .map((sample) => sample.value);
}

/** Sums the histograms (or summaries) of every label set into one. */
function readHistogram(family: PrometheusMetricFamily): HistogramState | undefined {
  const buckets = new Map<number, number>();
  let count = 0;
  let sum = 0;
  const quantiles: Record<string, number> = {};
  let seen = false;
  for (const sample of family.samples) {
    if (sample.name === `${family.name}_bucket`) {
      const le = sample.labels['le'];
      const bound = le === '+Inf' ? Infinity : Number(le);
      if (le === undefined || Number.isNaN(bound)) continue;
      buckets.set(bound, (buckets.get(bound) ?? 0) + sample.value);
    } else if (sample.name === `${family.name}_count`) {
      count += sample.value;
      seen = true;
    } else if (sample.name === `${family.name}_sum`) {
      sum += sample.value;
    } else if (sample.name === family.name && sample.labels['quantile'] !== undefined) {
      // Quantiles of several label sets cannot be combined; keep the first set's.
      quantiles[sample.labels['quantile']] ??= sample.value;
    }
  }
  if (!seen) return undefined;
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const state: HistogramState = {
    bounds,
    cumulative: bounds.map((bound) => buckets.get(bound)!),
    count,
    sum,
  };
  if (Object.keys(quantiles).length > 0) state.quantiles = quantiles;
  return state;
}

/**
 * Reads the known metrics of one parsed scrape (see `KNOWN_METRICS`): for each, the first of
 * its names the exposition has, on whichever server it comes from, with the label sets of
 * several engines or GPUs combined. With `keepRaw`, every sample no known metric used is kept
 * too, up to 2,000 of them (`MAX_RAW_SAMPLES`).
 */
export function readScrape(
  exposition: PrometheusExposition,
  atMs: number,
  keepRaw = false,
): ScrapeSample {
  const families = new Map(exposition.families.map((family) => [family.name, family]));
  const used = new Set<string>();
  const sample: ScrapeSample = {
    atMs,
    values: {},
    histograms: {},
    servers: detectServerKinds(families.keys()),
  };
  for (const metric of KNOWN_METRIC_NAMES) {
    const definition = KNOWN_METRICS[metric];
    for (const source of definition.sources) {
      const family = source.names
        .map((name) => findFamily(families, name))
        .find((found) => found !== undefined);
      if (family === undefined) continue;
      if (definition.kind === 'histogram') {
        const histogram = readHistogram(family);
        if (histogram === undefined) continue;
        sample.histograms[metric] = histogram;
      } else {
        const value = combine(readValue(family, source), definition.combine);
        if (value === undefined) continue;
        sample.values[metric] = value;
      }
      used.add(family.name);
      break;
    }
  }
  if (keepRaw) {
    const raw: Record<string, number> = {};
    let kept = 0;
    outer: for (const family of exposition.families) {
      if (used.has(family.name)) continue;
      for (const item of family.samples as PrometheusSample[]) {
        if (kept >= MAX_RAW_SAMPLES) break outer;
        const labels = labelKey(item.labels);
        raw[labels === '' ? item.name : `${item.name}{${labels}}`] = item.value;
        kept++;
      }
    }
    sample.raw = raw;
  }
  return sample;
}
