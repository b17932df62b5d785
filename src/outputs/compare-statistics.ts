import {
  PERCENTILE_KEYS,
  PERCENTILE_PERCENTS,
  hasSamples,
  type Distribution,
  type FilledDistribution,
} from '../metrics/distribution-types.js';

/**
 * The noise model of `compare`: each statistic's standard error, estimated from a distribution's
 * own summary (no samples needed), so that two saved reports can be compared.
 */

/** The value at quantile `q` in [0, 1], interpolated over min, the kept percentiles and max. */
function quantileAt(d: FilledDistribution, q: number): number {
  const points: [number, number][] = [
    [0, d.min],
    ...PERCENTILE_KEYS.map((key): [number, number] => [
      PERCENTILE_PERCENTS[key] / 100,
      d.percentiles[key],
    ]),
    [1, d.max],
  ];
  const clamped = Math.min(1, Math.max(0, q));
  for (let i = 1; i < points.length; i++) {
    const [q1, x1] = points[i]!;
    const [q0, x0] = points[i - 1]!;
    if (clamped <= q1) return q1 === q0 ? x1 : x0 + ((x1 - x0) * (clamped - q0)) / (q1 - q0);
  }
  return d.max;
}

/**
 * The standard error of the q-quantile of n samples, distribution-free (order statistics): the
 * rank of the estimate spreads by `sqrt(n q (1 − q))`, so the quantile by
 * `δ = sqrt(q (1 − q) / n)`; half the distance between the values at `q − δ` and `q + δ` is one
 * standard error. With few samples a tail percentile reaches the extremes, and its error widens
 * to match.
 */
function quantileStandardError(d: Distribution, q: number): number {
  if (!hasSamples(d)) return 0;
  const delta = Math.sqrt((q * (1 - q)) / d.count);
  return (quantileAt(d, q + delta) - quantileAt(d, q - delta)) / 2;
}

/** A statistic `compare` judges: its value, its standard error, and whether it can be estimated. */
export interface Statistic {
  name: string;
  value: (d: Distribution) => number | null;
  standardError: (d: Distribution) => number;
  /** Whether `d` holds enough samples to estimate the statistic at all. */
  resolvable: (d: Distribution) => boolean;
}

/**
 * A percentile is compared only when at least this many samples lie beyond it in both reports:
 * the p99 of 30 requests is just their maximum, which swings with every hiccup of either host.
 */
const MIN_TAIL_SAMPLES = 5;

const percentile = (name: 'p50' | 'p95' | 'p99', q: number): Statistic => ({
  name,
  value: (d) => d.percentiles[name],
  standardError: (d) => quantileStandardError(d, q),
  resolvable: (d) => d.count * (1 - q) >= MIN_TAIL_SAMPLES,
});

/** The statistics `compare` can judge. */
export const STATISTICS: Record<'mean' | 'p50' | 'p95' | 'p99', Statistic> = {
  mean: {
    name: 'mean',
    value: (d) => d.mean,
    standardError: (d) => (hasSamples(d) ? d.stdDev / Math.sqrt(d.count) : 0),
    resolvable: (d) => d.count >= 2,
  },
  p50: percentile('p50', 0.5),
  p95: percentile('p95', 0.95),
  p99: percentile('p99', 0.99),
};
