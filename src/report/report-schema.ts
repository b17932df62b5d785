import { z } from 'zod';
import { BenchmarkSchema, RunStatusSchema, StopReasonSchema } from './benchmark-schema.js';
import { finite } from './distribution-schema.js';

/**
 * The version of the report's shape. A change that removes or renames a field bumps the major
 * version; a new optional field bumps the minor.
 */
export const SCHEMA_VERSION = '1.0.0';

/** Where a report was produced. */
export const EnvironmentSchema = z.object({
  package: z.object({ name: z.string(), version: z.string() }),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuCount: z.number().int().nonnegative(),
});

/**
 * The result of a capacity search: the highest request rate at which the SLOs held, the bracket
 * `[lo, hi]` it was narrowed to, and the steps tried. Provisional: extra fields pass through
 * until the capacity profile settles its shape.
 */
export const CapacitySchema = z.looseObject({
  maxRatePerSecond: finite().nonnegative(),
  bracket: z.tuple([finite(), finite()]),
  steps: z.array(z.record(z.string(), z.unknown())),
});

/** A whole run's report, as `runBenchmark` resolves it; see docs/concepts/metrics.md. */
export const BenchmarkReportSchema = z.object({
  schemaVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  status: RunStatusSchema,
  stopReason: StopReasonSchema,
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  args: z.record(z.string(), z.unknown()),
  environment: EnvironmentSchema,
  definitions: z.record(z.string(), z.string()),
  benchmarks: z.array(BenchmarkSchema),
  capacity: CapacitySchema.optional(),
});

/** A whole run's report; see {@link BenchmarkReportSchema}. */
export type BenchmarkReport = z.infer<typeof BenchmarkReportSchema>;
/** Where a report was produced; see {@link EnvironmentSchema}. */
export type Environment = z.infer<typeof EnvironmentSchema>;
/** A capacity search result; see {@link CapacitySchema}. */
export type Capacity = z.infer<typeof CapacitySchema>;
