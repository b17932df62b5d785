/**
 * The shape of every distribution in a report (see docs/concepts/metrics.md): one set of
 * statistics and percentiles, `null` where a distribution has no samples.
 */

/** The percentiles every distribution carries, ascending: p001 is the 0.1th, p999 the 99.9th. */
export const PERCENTILE_KEYS = [
  'p001',
  'p01',
  'p05',
  'p10',
  'p25',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p999',
] as const;

/** The name of a percentile, e.g. `p99`. */
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

/** The percent (0 to 100) each percentile key stands for. */
export const PERCENTILE_PERCENTS: Readonly<Record<PercentileKey, number>> = {
  p001: 0.1,
  p01: 1,
  p05: 5,
  p10: 10,
  p25: 25,
  p50: 50,
  p75: 75,
  p90: 90,
  p95: 95,
  p99: 99,
  p999: 99.9,
};

/** The percentiles of a {@link Distribution}; `null` when it has no samples. */
export type Percentiles = Record<PercentileKey, number | null>;

/**
 * A summary of a set of samples. `count` is never null; every statistic and percentile is
 * `null` exactly when `count` is 0 (never 0, which would read as a perfect latency). What
 * `count` counts depends on the metric's kind: samples, buckets or requests in flight (see the
 * catalogue in src/metrics/catalogue.ts and docs/concepts/metrics.md).
 */
export interface Distribution {
  count: number;
  mean: number | null;
  median: number | null;
  mode: number | null;
  stdDev: number | null;
  variance: number | null;
  min: number | null;
  max: number | null;
  sum: number | null;
  percentiles: Percentiles;
}

/** A distribution with samples: every statistic is a number. */
export type FilledDistribution = {
  [K in keyof Distribution]: K extends 'percentiles'
    ? Record<PercentileKey, number>
    : NonNullable<Distribution[K]>;
};

/** One distribution per request status, and `total`: the union of the three. */
export interface StatusDistributions {
  successful: Distribution;
  errored: Distribution;
  incomplete: Distribution;
  total: Distribution;
}

/**
 * An empty distribution: `count: 0` and `null` for every statistic and percentile.
 *
 * @returns A fresh object (callers may mutate it).
 */
export function emptyDistribution(): Distribution {
  const percentiles = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) percentiles[key] = null;
  return {
    count: 0,
    mean: null,
    median: null,
    mode: null,
    stdDev: null,
    variance: null,
    min: null,
    max: null,
    sum: null,
    percentiles,
  };
}

/** True when `distribution` has samples, so that every statistic is a number. */
export function hasSamples(distribution: Distribution): distribution is FilledDistribution {
  return distribution.count > 0;
}
