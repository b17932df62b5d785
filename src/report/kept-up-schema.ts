import { z } from 'zod';
import type { KeptUpReport } from '../metrics/kept-up.js';
import { finite } from './distribution-schema.js';

const nonNegative = () => finite().nonnegative();
const count = () => z.number().int().nonnegative();

/**
 * Whether the server kept up with an open-loop benchmark's offered rate (2.1): it completed the
 * offered rate within `tolerance` over the measured window (shifted by a median latency), and
 * requests in flight did not keep growing; `null` when the window was too short to tell. Absent
 * for closed-loop strategies, which offer no rate.
 */
export const KeptUpSchema = z.object({
  keptUp: z.boolean().nullable(),
  offeredRatePerSecond: nonNegative(),
  completedRatePerSecond: nonNegative(),
  tolerance: finite().min(0).max(1),
  requiredRatePerSecond: nonNegative(),
  concurrencyTrend: z
    .object({
      slopePerSecond: finite(),
      lowerBound: finite(),
      floor: finite(),
      points: count(),
      growing: z.boolean(),
    })
    .nullable(),
  reason: z.string().exactOptional(),
});

// What assessKeptUp computes must fit the schema (src/metrics/kept-up.ts).
const _keptUp: [KeptUpReport] extends [z.infer<typeof KeptUpSchema>] ? true : false = true;
