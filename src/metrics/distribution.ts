import {
  PERCENTILE_KEYS,
  PERCENTILE_PERCENTS,
  emptyDistribution,
  type Distribution,
  type Percentiles,
} from './distribution-types.js';

/**
 * The `percent`th percentile (0 to 100) of ascending `sorted` values by linear interpolation
 * between closest ranks, numpy's default: rank `h = percent/100 · (n − 1)`, result
 * `x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋])`. Returns 0 for an empty array.
 */
export function percentileOfSorted(sorted: Float64Array, percent: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = (percent / 100) * (n - 1);
  const lower = Math.min(Math.max(Math.floor(rank), 0), n - 1);
  const upper = Math.min(lower + 1, n - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  const fraction = rank - lower;
  // Equal neighbours return the sample itself, so a percentile of tied values is exact.
  return fraction <= 0 || low === high ? low : low + (high - low) * fraction;
}

/**
 * Exact distribution of `values` (see docs/concepts/metrics.md): percentiles by linear
 * interpolation between closest ranks, population variance, mode the most frequent value
 * (smallest on ties). NaN and ±Infinity mean "absent" and are skipped; an empty input gives
 * `count: 0` and `null` for every statistic.
 *
 * @example
 * ```ts
 * computeDistribution([1, 2, 3, 4]).percentiles.p50; // 2.5
 * ```
 */
export function computeDistribution(values: Float64Array | readonly number[]): Distribution {
  const sorted = finiteCopy(values);
  const n = sorted.length;
  if (n === 0) return emptyDistribution();
  // Typed-array sort is numeric and much faster than Array#sort with a comparator.
  sorted.sort();

  const sum = neumaierSum(sorted);
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  // Rounding can push the mean of near-equal values just outside [min, max]; clamp it back.
  const mean = Math.min(Math.max(sum / n, min), max);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    squares += d * d;
  }
  const variance = squares / n;

  const percentiles = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) {
    percentiles[key] = percentileOfSorted(sorted, PERCENTILE_PERCENTS[key]);
  }
  return {
    count: n,
    mean,
    median: percentiles.p50,
    mode: modeOfSorted(sorted),
    stdDev: Math.sqrt(variance),
    variance,
    min,
    max,
    sum,
    percentiles,
  };
}

/**
 * Weighted distribution of `values`, e.g. concurrency levels weighted by the time each was held.
 *
 * - `mean` and `variance` are weighted (population): `Σw·v / Σw` and `Σw·(v − mean)² / Σw`.
 * - `mode` is the value with the largest total weight (smallest on ties).
 * - `count` is the number of samples with a positive weight; `sum` is `Σw·v` (for concurrency
 *   weighted by seconds, request-seconds).
 * - Percentiles use the weighted inverted CDF, without interpolation: the `q`th percentile is the
 *   smallest value whose cumulative weight reaches `q%` of the total. For a step function over
 *   time this is the exact answer ("for q% of the time the value was at most this"), and it is
 *   what numpy's linear method converges to when the function is sampled at ever more evenly
 *   spaced instants; interpolating between levels would invent levels that were never held.
 *
 * Samples whose value is not finite or whose weight is not a positive finite number are skipped.
 */
export function computeWeightedDistribution(
  values: Float64Array | readonly number[],
  weights: Float64Array | readonly number[],
): Distribution {
  if (values.length !== weights.length) {
    throw new RangeError(
      `computeWeightedDistribution expected as many weights as values, received ${weights.length} weights for ${values.length} values`,
    );
  }
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const w = weights[i] as number;
    if (Number.isFinite(v) && Number.isFinite(w) && w > 0) kept.push(i);
  }
  const n = kept.length;
  if (n === 0) return emptyDistribution();
  kept.sort((a, b) => (values[a] as number) - (values[b] as number));

  // Merge equal values so the mode and the cumulative weights see each value once.
  const unique: number[] = [];
  const mass: number[] = [];
  let totalWeight = 0;
  let weightedSum = 0;
  for (const i of kept) {
    const v = values[i] as number;
    const w = weights[i] as number;
    totalWeight += w;
    weightedSum += w * v;
    if (unique.length > 0 && unique[unique.length - 1] === v) {
      mass[mass.length - 1] = (mass[mass.length - 1] as number) + w;
    } else {
      unique.push(v);
      mass.push(w);
    }
  }
  const min = unique[0] as number;
  const max = unique[unique.length - 1] as number;
  const mean = Math.min(Math.max(weightedSum / totalWeight, min), max);
  let squares = 0;
  let mode = min;
  let modeMass = -1;
  for (let k = 0; k < unique.length; k++) {
    const v = unique[k] as number;
    const w = mass[k] as number;
    squares += w * (v - mean) * (v - mean);
    // Strictly greater keeps the smallest value on ties, since values ascend.
    if (w > modeMass) {
      mode = v;
      modeMass = w;
    }
  }
  const variance = squares / totalWeight;

  const percentiles = {} as Percentiles;
  for (const key of PERCENTILE_KEYS) {
    percentiles[key] = weightedPercentile(unique, mass, totalWeight, PERCENTILE_PERCENTS[key]);
  }
  return {
    count: n,
    mean,
    median: percentiles.p50,
    mode,
    stdDev: Math.sqrt(variance),
    variance,
    min,
    max,
    sum: weightedSum,
    percentiles,
  };
}

function weightedPercentile(
  unique: readonly number[],
  mass: readonly number[],
  totalWeight: number,
  percent: number,
): number {
  const target = (percent / 100) * totalWeight;
  // A relative tolerance absorbs rounding in the running sum, so a target that lands exactly on
  // a boundary (e.g. half the time at 1, half at 2, p50) picks the lower level as defined.
  const tolerance = totalWeight * 1e-12;
  let cumulative = 0;
  for (let k = 0; k < unique.length; k++) {
    cumulative += mass[k] as number;
    if (cumulative >= target - tolerance) return unique[k] as number;
  }
  return unique[unique.length - 1] as number;
}

function finiteCopy(values: Float64Array | readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Compensated summation: long runs of small ITL gaps would otherwise lose precision. */
function neumaierSum(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

function modeOfSorted(sorted: Float64Array): number {
  let mode = sorted[0] as number;
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    // Strictly greater keeps the first (smallest) value among equally frequent ones.
    if (run > best) {
      best = run;
      mode = sorted[i] as number;
    }
  }
  return mode;
}
