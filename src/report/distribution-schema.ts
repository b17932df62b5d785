import { z } from 'zod';

// z.number() in zod 4 rejects NaN and ±Infinity, which is what a JSON report needs: JSON has
// neither, and a reader must never meet one. The helper names that intent at every use, and
// test/unit/report-schema.test.ts fails if a zod upgrade ever lets them through.
/** A finite number schema (rejects NaN and ±Infinity). */
export const finite = () => z.number();

/** The percentiles every distribution carries: p001 is the 0.1th percentile, p999 the 99.9th. */
export const PercentilesSchema = z.object({
  p001: finite(),
  p01: finite(),
  p05: finite(),
  p10: finite(),
  p25: finite(),
  p50: finite(),
  p75: finite(),
  p90: finite(),
  p95: finite(),
  p99: finite(),
  p999: finite(),
});

/** The percentiles of a {@link Distribution}. */
export type Percentiles = z.infer<typeof PercentilesSchema>;

/** The names of the percentiles, in ascending order. */
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
] as const satisfies readonly (keyof Percentiles)[];

/** The percent (0 to 100) each percentile key stands for. */
export const PERCENTILE_PERCENTS: Readonly<Record<keyof Percentiles, number>> = {
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

/**
 * A summary of a set of samples (see docs/concepts/metrics.md): `variance` is the population
 * variance, `mode` the most frequent value (smallest on ties), `median` equals `p50`, and an empty
 * set is `count: 0` with zeros elsewhere.
 */
export const DistributionSchema = z.object({
  count: z.number().int().nonnegative(),
  mean: finite(),
  median: finite(),
  mode: finite(),
  stdDev: finite().nonnegative(),
  variance: finite().nonnegative(),
  min: finite(),
  max: finite(),
  sum: finite(),
  percentiles: PercentilesSchema,
});

/** A summary of a set of samples; see {@link DistributionSchema}. */
export type Distribution = z.infer<typeof DistributionSchema>;

/**
 * One distribution per request status: `successful`, `errored`, `incomplete`, and `total` (the
 * union of the three).
 */
export const StatusDistributionsSchema = z.object({
  successful: DistributionSchema,
  errored: DistributionSchema,
  incomplete: DistributionSchema,
  total: DistributionSchema,
});

/** One distribution per request status; see {@link StatusDistributionsSchema}. */
export type StatusDistributions = z.infer<typeof StatusDistributionsSchema>;
