import { studentTQuantile } from './student-t.js';

/** A least-squares line through points, with the standard error of its slope. */
export interface LinearTrend {
  /** Points fitted. */
  count: number;
  /** Least-squares slope, in units of y per unit of x. */
  slope: number;
  intercept: number;
  /** Mean of the y values. */
  meanY: number;
  /** Span of the x values (max − min). */
  spanX: number;
  /** Standard error of the slope (`NaN` with fewer than 3 points or no spread in x). */
  slopeStandardError: number;
}

/** One-sided test that a trend's slope exceeds a floor. */
export interface TrendTest extends LinearTrend {
  /** The confidence of the bound, e.g. 0.95. */
  confidence: number;
  /** `t × standard error`: the slope's one-sided margin at this confidence. */
  margin: number;
  /** `slope − margin`: the slope exceeds this with the stated confidence. */
  lowerBound: number;
  /** The floor the lower bound had to exceed. */
  floor: number;
  /** True when `lowerBound > floor`. */
  exceeds: boolean;
}

/** Fits `y = intercept + slope × x` by ordinary least squares (two passes, for stability). */
export function fitLinearTrend(xs: ArrayLike<number>, ys: ArrayLike<number>): LinearTrend {
  const n = Math.min(xs.length, ys.length);
  let sumX = 0;
  let sumY = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    sumX += x;
    sumY += ys[i]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
  }
  const meanX = n === 0 ? 0 : sumX / n;
  const meanY = n === 0 ? 0 : sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const residual = Math.max(0, syy - slope * sxy);
  const slopeStandardError = n >= 3 && sxx > 0 ? Math.sqrt(residual / (n - 2) / sxx) : NaN;
  return {
    count: n,
    slope,
    intercept: meanY - slope * meanX,
    meanY,
    spanX: n === 0 ? 0 : maxX - minX,
    slopeStandardError,
  };
}

/**
 * Tests, one-sided at `confidence`, whether the slope of `trend` exceeds `floor`: the lower
 * confidence bound `slope − t(confidence, n − 2) × standardError` must lie above it. This
 * assumes independent residuals of equal variance around a straight line.
 */
export function testSlopeAbove(trend: LinearTrend, confidence: number, floor = 0): TrendTest {
  const t = trend.count >= 3 ? studentTQuantile(confidence, trend.count - 2) : NaN;
  const margin = t * trend.slopeStandardError;
  const lowerBound = trend.slope - margin;
  return {
    ...trend,
    confidence,
    margin,
    lowerBound,
    floor,
    exceeds: Number.isFinite(lowerBound) && lowerBound > floor,
  };
}
