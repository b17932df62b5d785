import { describe, expect, it } from 'vitest';
import { LiveEstimator } from '../../src/core/live-estimator.js';
import {
  computeDistribution,
  computeWeightedDistribution,
  percentileOfSorted,
} from '../../src/metrics/distribution.js';

const PRECISION = 10;

describe('computeDistribution', () => {
  it('interpolates percentiles linearly between closest ranks (numpy default)', () => {
    const d = computeDistribution([4, 1, 3, 2]);
    // Sorted [1, 2, 3, 4], n = 4, rank h = q/100 · 3; value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    // Neighbouring samples differ by 1, so the value is 1 + h.
    expect(d.percentiles.p001).toBeCloseTo(1.003, PRECISION); // h = 0.001·3 = 0.003
    expect(d.percentiles.p01).toBeCloseTo(1.03, PRECISION); // h = 0.03
    expect(d.percentiles.p05).toBeCloseTo(1.15, PRECISION); // h = 0.15
    expect(d.percentiles.p10).toBeCloseTo(1.3, PRECISION); // h = 0.3
    expect(d.percentiles.p25).toBeCloseTo(1.75, PRECISION); // h = 0.75
    expect(d.percentiles.p50).toBeCloseTo(2.5, PRECISION); // h = 1.5 → 2 + 0.5·(3 − 2)
    expect(d.percentiles.p75).toBeCloseTo(3.25, PRECISION); // h = 2.25
    expect(d.percentiles.p90).toBeCloseTo(3.7, PRECISION); // h = 2.7
    expect(d.percentiles.p95).toBeCloseTo(3.85, PRECISION); // h = 2.85
    expect(d.percentiles.p99).toBeCloseTo(3.97, PRECISION); // h = 2.97
    expect(d.percentiles.p999).toBeCloseTo(3.997, PRECISION); // h = 2.997
    expect(d.median).toBe(d.percentiles.p50);
    // mean = 10 / 4; population variance = ((1.5² + 0.5²) · 2) / 4 = 1.25
    expect(d).toMatchObject({ count: 4, sum: 10, mean: 2.5, min: 1, max: 4, variance: 1.25 });
    expect(d.stdDev).toBeCloseTo(Math.sqrt(1.25), PRECISION);
    // All values occur once: the smallest wins.
    expect(d.mode).toBe(1);
  });

  it('interpolates across unequal gaps', () => {
    const d = computeDistribution(new Float64Array([10, 0, 5, 20, 15]));
    // Sorted [0, 5, 10, 15, 20], n = 5, h = q/100 · 4.
    expect(d.percentiles.p50).toBe(10); // h = 2 exactly → x[2]
    expect(d.percentiles.p25).toBe(5); // h = 1 → x[1]
    expect(d.percentiles.p90).toBeCloseTo(18, PRECISION); // h = 3.6 → 15 + 0.6·5
    expect(d.percentiles.p99).toBeCloseTo(19.8, PRECISION); // h = 3.96 → 15 + 0.96·5
    expect(d.percentiles.p999).toBeCloseTo(19.98, PRECISION); // h = 3.996 → 15 + 0.996·5
    expect(d.percentiles.p001).toBeCloseTo(0.02, PRECISION); // h = 0.004 → 0 + 0.004·5
    // mean 10; variance (10² + 5² + 0 + 5² + 10²) / 5 = 250 / 5 = 50 (population, not /4)
    expect(d.mean).toBe(10);
    expect(d.variance).toBe(50);
  });

  it('gives count 0 and null statistics for an empty input, never 0 or NaN', () => {
    for (const input of [[], new Float64Array(0), [NaN, NaN]]) {
      const d = computeDistribution(input);
      expect(d.count).toBe(0);
      const numbers = [
        d.mean,
        d.median,
        d.mode,
        d.stdDev,
        d.variance,
        d.min,
        d.max,
        d.sum,
        ...Object.values(d.percentiles),
      ];
      expect(numbers.every((v) => v === null)).toBe(true);
    }
  });

  it('summarises a single sample as itself', () => {
    const d = computeDistribution([7]);
    expect(d).toMatchObject({ count: 1, mean: 7, median: 7, mode: 7, min: 7, max: 7, sum: 7 });
    expect(d.variance).toBe(0);
    expect(Object.values(d.percentiles).every((v) => v === 7)).toBe(true);
  });

  it('takes the smallest of equally frequent values as the mode', () => {
    // 2 and 3 both occur twice; 2 is smaller.
    const d = computeDistribution([3, 1, 3, 2, 2, 5]);
    expect(d.mode).toBe(2);
    // Sorted [1, 2, 2, 3, 3, 5], h = 0.5 · 5 = 2.5 → 2 + 0.5·(3 − 2)
    expect(d.median).toBe(2.5);
    expect(computeDistribution([9, 4, 9, 4, 9]).mode).toBe(9);
  });

  it('ignores NaN (absent) samples', () => {
    const d = computeDistribution([NaN, 4, NaN, 2]);
    // Same as [2, 4]: mean 3, variance ((−1)² + 1²) / 2 = 1
    expect(d).toMatchObject({ count: 2, mean: 3, median: 3, variance: 1, sum: 6, min: 2 });
  });

  it('does not modify its input', () => {
    const input = new Float64Array([3, 1, 2]);
    computeDistribution(input);
    expect(Array.from(input)).toEqual([3, 1, 2]);
  });

  it('percentileOfSorted returns 0 for no samples', () => {
    expect(percentileOfSorted(new Float64Array(0), 50)).toBe(0);
  });
});

describe('computeWeightedDistribution', () => {
  it('weights mean, variance, mode and percentiles (inverted CDF, no interpolation)', () => {
    // Levels 0, 1, 2 held 1 s, 2 s, 1 s: total weight 4.
    const d = computeWeightedDistribution([2, 0, 1], [1, 1, 2]);
    // mean = (0·1 + 1·2 + 2·1) / 4 = 1; variance = (1·1² + 2·0² + 1·1²) / 4 = 0.5
    expect(d.mean).toBe(1);
    expect(d.variance).toBe(0.5);
    expect(d.mode).toBe(1); // held longest
    // Cumulative weight: 0 → 1, 1 → 3, 2 → 4.
    expect(d.percentiles.p25).toBe(0); // target 1: reached at 0 exactly
    expect(d.percentiles.p50).toBe(1); // target 2: reached at 1
    expect(d.percentiles.p75).toBe(1); // target 3: reached at 1
    expect(d.percentiles.p90).toBe(2); // target 3.6: only at 2
    expect(d.percentiles.p001).toBe(0);
    expect(d).toMatchObject({ count: 3, min: 0, max: 2, sum: 4 });
  });

  it('breaks mode ties towards the smaller value and skips unusable samples', () => {
    const d = computeWeightedDistribution([5, 3, 9, NaN, 4], [2, 2, 0, 1, -1]);
    // 9 has weight 0, NaN is absent, 4 has a negative weight: left are 5 and 3, weight 2 each.
    expect(d.count).toBe(2);
    expect(d.mode).toBe(3);
    expect(d.mean).toBe(4);
  });

  it('is empty for no usable samples and rejects mismatched lengths', () => {
    expect(computeWeightedDistribution([1], [0]).count).toBe(0);
    expect(() => computeWeightedDistribution([1, 2], [1])).toThrow(RangeError);
  });
});

describe('LiveEstimator', () => {
  it('estimates percentiles of a stream closely and ignores absent values', () => {
    const estimator = new LiveEstimator();
    for (let i = 1; i <= 10_000; i++) estimator.push(i);
    estimator.push(NaN);
    const snapshot = estimator.snapshot();
    expect(snapshot.count).toBe(10_000);
    expect(snapshot.mean).toBe(5000.5);
    expect(snapshot.min).toBe(1);
    expect(snapshot.max).toBe(10_000);
    expect(Math.abs(snapshot.p50 - 5000) / 5000).toBeLessThan(0.01);
    expect(Math.abs(snapshot.p99 - 9900) / 9900).toBeLessThan(0.01);
  });

  it('feeds a sample of a large batch, weighted, and keeps count, mean and bounds exact', () => {
    const estimator = new LiveEstimator();
    for (let request = 0; request < 200; request++) {
      const gaps = Float64Array.from(
        { length: 127 },
        (_, i) => 10 + ((request * 127 + i) % 100) / 10,
      );
      estimator.pushSampled(gaps, 8);
    }
    const snapshot = estimator.snapshot();
    expect(snapshot.count).toBe(200 * 127);
    // Gaps run evenly over [10, 19.9]: mean 14.95, median about 15.
    expect(snapshot.mean).toBeCloseTo(14.95, 6);
    expect(snapshot.min).toBe(10);
    expect(snapshot.max).toBe(19.9);
    expect(Math.abs(snapshot.p50 - 14.95)).toBeLessThan(0.5);
  });

  it('reports zeros while empty and after reset', () => {
    const estimator = new LiveEstimator();
    expect(estimator.snapshot()).toEqual({ count: 0, mean: 0, min: 0, max: 0, p50: 0, p99: 0 });
    estimator.pushMany([1, 2, 3]);
    estimator.reset();
    expect(estimator.count).toBe(0);
    expect(estimator.percentile(50)).toBe(0);
  });
});
