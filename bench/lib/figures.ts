import { computeDistribution } from '../../src/metrics/distribution.js';

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return computeDistribution(values).percentiles.p50 ?? NaN;
}

/** p50 and p99 of `values` by the report's own percentile rule. */
export function p50p99(values: Float64Array | readonly number[]): { p50: number; p99: number } {
  const { percentiles } = computeDistribution(values);
  return { p50: percentiles.p50 ?? NaN, p99: percentiles.p99 ?? NaN };
}

/** `value` with `digits` decimals, right-aligned to `width`. */
export function num(value: number, digits = 2, width = 8): string {
  return (Number.isFinite(value) ? value.toFixed(digits) : '-').padStart(width);
}

/** Prints a section title. */
export function title(text: string): void {
  console.log(`\n== ${text}`);
}
