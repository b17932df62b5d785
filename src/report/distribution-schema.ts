import { z } from 'zod';
import type { Distribution, StatusDistributions } from '../metrics/distribution-types.js';
import { PERCENTILE_KEYS, type PercentileKey } from '../metrics/distribution-types.js';

// z.number() in zod 4 rejects NaN and ±Infinity, which is what a JSON report needs: JSON has
// neither, and a reader must never meet one. The helper names that intent at every use, and
// test/unit/report-schema.test.ts fails if a zod upgrade ever lets them through.
/** A finite number schema (rejects NaN and ±Infinity). */
export const finite = () => z.number();

/** A statistic: a finite number, or `null` in a distribution without samples. */
const statistic = () => finite().nullable();

/** The percentiles every distribution carries: p001 is the 0.1th percentile, p999 the 99.9th. */
export const PercentilesSchema = z.object(
  Object.fromEntries(PERCENTILE_KEYS.map((key) => [key, statistic()])) as Record<
    PercentileKey,
    ReturnType<typeof statistic>
  >,
);

/**
 * A summary of a set of samples (see docs/concepts/metrics.md): `variance` is the population
 * variance, `mode` the most frequent value (smallest on ties), `median` equals `p50`. A
 * distribution without samples has `count: 0` and `null` for every statistic and percentile;
 * one with samples has no `null`.
 */
export const DistributionSchema = z
  .object({
    count: z.number().int().nonnegative(),
    mean: statistic(),
    median: statistic(),
    mode: statistic(),
    stdDev: statistic().refine((value) => value === null || value >= 0, 'expected >= 0'),
    variance: statistic().refine((value) => value === null || value >= 0, 'expected >= 0'),
    min: statistic(),
    max: statistic(),
    sum: statistic(),
    percentiles: PercentilesSchema,
  })
  .superRefine((distribution, context) => {
    const empty = distribution.count === 0;
    const values: [string, number | null][] = [
      ['mean', distribution.mean],
      ['median', distribution.median],
      ['mode', distribution.mode],
      ['stdDev', distribution.stdDev],
      ['variance', distribution.variance],
      ['min', distribution.min],
      ['max', distribution.max],
      ['sum', distribution.sum],
      ...PERCENTILE_KEYS.map((key): [string, number | null] => [
        `percentiles.${key}`,
        distribution.percentiles[key],
      ]),
    ];
    for (const [name, value] of values) {
      if ((value === null) !== empty) {
        context.addIssue({
          code: 'custom',
          path: name.split('.'),
          message: empty
            ? `expected null in a distribution with count 0, received ${value}`
            : `expected a number in a distribution with count ${distribution.count}, received null`,
        });
      }
    }
  });

/**
 * One distribution per request status: `successful`, `errored`, `incomplete`, and `total` (the
 * union of the three, incomplete requests included).
 */
export const StatusDistributionsSchema = z.object({
  successful: DistributionSchema,
  errored: DistributionSchema,
  incomplete: DistributionSchema,
  total: DistributionSchema,
});

// The schemas describe exactly the types the metrics compute (src/metrics/distribution-types.ts).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _distribution: Same<z.infer<typeof DistributionSchema>, Distribution> = true;
const _statuses: Same<z.infer<typeof StatusDistributionsSchema>, StatusDistributions> = true;
