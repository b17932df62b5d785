import { z } from 'zod';
import {
  BenchmarkSchema,
  RunStatusSchema,
  StopReasonSchema,
  type Benchmark,
} from './benchmark-schema.js';
import { finite } from './distribution-schema.js';
import { MergeInfoSchema, ShardInfoSchema } from './shard-schema.js';
import { TokenizerInfoSchema } from './tokenizer-schema.js';
import { ServerMetricsSummarySchema } from './server-metrics-schema.js';
import { DataReportSchema } from './data-schema.js';

/**
 * The version of the report's shape. A change that removes or renames a field bumps the major
 * version; a new optional field bumps the minor.
 */
export const SCHEMA_VERSION = '2.1.0';

/** Where a report was produced. */
export const EnvironmentSchema = z.object({
  package: z.object({ name: z.string(), version: z.string() }),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuCount: z.number().int().nonnegative(),
});

/** One rate a capacity search tried, and its verdict. */
export const CapacityStepSchema = z.object({
  /** The offered rate. */
  ratePerSecond: finite().positive(),
  /** `verdict === 'passed'`. */
  passed: z.boolean(),
  /**
   * `passed`: every SLO held and the server kept up; `failed`: an SLO failed, the server did not
   * keep up, or the target was failing; `client-bound`: the load generator could not offer the
   * rate, so it is neither (2.1; a 2.0 report's steps have `passed` only).
   */
  verdict: z.enum(['passed', 'failed', 'client-bound']).optional(),
  /** Why the step did not pass. */
  reason: z.string().exactOptional(),
  /** The benchmark in `benchmarks` that measured it. */
  benchmarkIndex: z.number().int().nonnegative(),
  /** Successful requests per second completed in its measured window. */
  achievedRatePerSecond: finite().nonnegative(),
  stopReason: StopReasonSchema,
  /** The SLO objectives that failed, as text (e.g. `ttft_ms.p99<=200`). */
  failedObjectives: z.array(z.string()),
});

/**
 * The result of a capacity search: the highest request rate at which every SLO held
 * (`maxRatePerSecond`, 0 when none did), the bracket `[highest passing, lowest failing]` it was
 * narrowed to, how it ended, and every step tried.
 */
export const CapacitySchema = z.object({
  maxRatePerSecond: finite().nonnegative(),
  /**
   * What set the answer's upper side (2.1): a failing step above it (`slo`), the load generator
   * (`client`), the throughput probe's full-load rate, a ceiling never exceeded (`full-load`), or
   * the given `capacity.maxRate` (`max-rate`). Absent when no rate passed.
   */
  limitedBy: z.enum(['slo', 'client', 'full-load', 'max-rate']).optional(),
  /** The answer is only a lower bound: set by the load generator or by `maxRate` (2.1). */
  lowerBound: z.boolean().optional(),
  bracket: z.tuple([finite().nonnegative(), finite().nonnegative()]),
  outcome: z.enum(['converged', 'max-steps', 'all-passed', 'none-passed', 'stopped']),
  /** `outcome === 'converged'`: the bracket is within `precision` of the answer. */
  converged: z.boolean(),
  precision: finite().positive(),
  strategy: z.enum(['constant', 'poisson']),
  /** The search's lower bound: `capacity.minRate`, or the synchronous benchmark's rate. */
  lowerBoundRatePerSecond: finite().nonnegative().optional(),
  /** The search's upper bound: `capacity.maxRate`, or the throughput benchmark's rate. */
  upperBoundRatePerSecond: finite().nonnegative().optional(),
  /** Where the bounds came from: args, measured probes, or one of each. */
  boundsSource: z.enum(['args', 'measured', 'mixed']),
  steps: z.array(CapacityStepSchema),
  /**
   * The server's own state at the bracket (2.1): the server-metrics summaries of the benchmarks
   * at its highest passing and lowest failing rates, when the run scraped them.
   */
  serverAtBracket: z
    .object({
      passing: ServerMetricsSummarySchema.optional(),
      failing: ServerMetricsSummarySchema.optional(),
    })
    .optional(),
});

/** Something the run said that was not an error (the `warning` events, in order). */
export const RunWarningSchema = z.object({ code: z.string().min(1), message: z.string() });

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
  /** The tokenizer prompts were built and counted with. */
  tokenizer: TokenizerInfoSchema.optional(),
  /** The run's warnings (2.1): an unlisted model, a short benchmark, a client that fell behind, … */
  warnings: z.array(RunWarningSchema).optional(),
  /** Where the data came from and a content hash of the requests sent (2.1, optional). */
  data: DataReportSchema.optional(),
  /** Which shard of a sharded run this report is (2.1). */
  shard: ShardInfoSchema.optional(),
  /** The shard reports this report was merged from, and how (2.1). */
  merge: MergeInfoSchema.optional(),
});

/**
 * A whole run's report, as `runBenchmark` resolves it and {@link BenchmarkReportSchema} validates
 * it. Declared as an interface naming its parts, so documentation links to it and to
 * {@link Benchmark} by name; a type test holds it equal to the schema's output.
 *
 * @group Start here
 */
export interface BenchmarkReport extends Omit<
  z.infer<typeof BenchmarkReportSchema>,
  'benchmarks' | 'environment' | 'capacity'
> {
  /** One entry per benchmark the profile ran, in order. */
  benchmarks: Benchmark[];
  /** Where the report was produced. */
  environment: Environment;
  /** The capacity search's answer (profile `capacity`). */
  capacity?: Capacity | undefined;
}
/** Where a report was produced; see {@link EnvironmentSchema}. */
export type Environment = z.infer<typeof EnvironmentSchema>;
/** A capacity search result; see {@link CapacitySchema}. */
export type Capacity = z.infer<typeof CapacitySchema>;
/** A warning of a run; see {@link RunWarningSchema}. */
export type RunWarning = z.infer<typeof RunWarningSchema>;
/** One step of a capacity search; see {@link CapacityStepSchema}. */
export type CapacityStep = z.infer<typeof CapacityStepSchema>;
