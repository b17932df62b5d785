import {
  PERCENTILE_KEYS,
  PERCENTILE_PERCENTS,
  emptyDistribution,
  type Distribution,
  type Percentiles,
} from '../metrics/distribution-types.js';
import type { Sketch } from '../report/sketch-schema.js';
import { mergeDigests } from '../shards/sketch.js';

/**
 * The distribution of the samples of several sketches together: `count`, `sum`, `mean`, `min`,
 * `max`, `variance` and `stdDev` exact (moments combine exactly: the merged sum of squared
 * deviations is `Σ m2ᵢ + Σ nᵢ·(meanᵢ − mean)²`); percentiles estimated from the merged t-digest,
 * held inside `[min, max]`; `mode` the mean of the heaviest merged centroid (an estimate).
 */
export function sketchDistribution(sketches: readonly Sketch[]): Distribution {
  const filled = sketches.filter((sketch) => sketch.count > 0);
  if (filled.length === 0) return emptyDistribution();
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const sketch of filled) {
    count += sketch.count;
    sum += sketch.sum!;
    min = Math.min(min, sketch.min!);
    max = Math.max(max, sketch.max!);
  }
  const clamp = (value: number): number => Math.min(Math.max(value, min), max);
  const mean = clamp(sum / count);
  let m2 = 0;
  for (const sketch of filled) {
    const own = sketch.sum! / sketch.count;
    m2 += sketch.m2! + sketch.count * (own - mean) * (own - mean);
  }
  const variance = m2 / count;
  const digest = mergeDigests(filled);
  const percentiles = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) {
    percentiles[key] = clamp(digest.percentile(PERCENTILE_PERCENTS[key] / 100));
  }
  let heaviest = { mean: min, n: 0 };
  for (const centroid of digest.toArray()) if (centroid.n > heaviest.n) heaviest = centroid;
  return {
    count,
    mean,
    median: percentiles.p50,
    mode: clamp(heaviest.mean),
    stdDev: Math.sqrt(variance),
    variance,
    min,
    max,
    sum,
    percentiles,
  };
}

/**
 * An estimate of the distribution of a sum of series the shards measured side by side (their
 * per-second rates, their in-flight requests): `mean` given (exact, from counts over the union
 * window); `count` the most buckets of a shard; every order statistic (percentiles, median,
 * mode, min, max) and `stdDev` the sum of the shards' own, which is exact when the shards' series
 * rise and fall together and an upper bound of the spread otherwise; `sum` the sum of sums.
 */
export function sumOfSeries(distributions: readonly Distribution[], mean: number): Distribution {
  const filled = distributions.filter((d) => d.count > 0);
  if (filled.length === 0) return emptyDistribution();
  const add = (pick: (d: Distribution) => number | null): number =>
    filled.reduce((total, d) => total + (pick(d) ?? 0), 0);
  const percentiles = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) percentiles[key] = add((d) => d.percentiles[key]);
  const stdDev = add((d) => d.stdDev);
  return {
    count: Math.max(...filled.map((d) => d.count)),
    mean,
    median: percentiles.p50,
    mode: add((d) => d.mode),
    stdDev,
    variance: stdDev * stdDev,
    min: add((d) => d.min),
    max: add((d) => d.max),
    sum: add((d) => d.sum),
    percentiles,
  };
}
