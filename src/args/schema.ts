import { z } from 'zod';
import type { Backend } from '../spec/backend.js';
import type { Clock } from '../spec/clock.js';
import type { Constraint } from '../spec/constraint.js';
import type { DataSource } from '../spec/data-source.js';
import type { Profile } from '../spec/profile.js';
import type { Progress } from '../spec/progress.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import type { BenchmarkArgs } from './benchmark-args.js';
import { FileDataSpecSchema } from '../data/file-spec.js';
import { HubDataSpecSchema } from '../data/hub-spec.js';
import { SyntheticDataSpecSchema } from '../data/synthetic-spec.js';
import { DEFAULTS } from './defaults.js';
import { parseSlo, type SloInput, type SloObjective } from '../metrics/slo-parse.js';
import { TransientPhaseSchema, noWindowLeft } from './transient-phase.js';
import { ServerMetricsArgSchema } from './server-metrics-args.js';
import { ShardSpecSchema } from '../shards/shard-spec.js';
import { shardProblems } from '../shards/shard-share.js';

function hasMethods(value: unknown, ...names: string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

const backendInstance = z.custom<Backend>(
  (value) => hasMethods(value, 'prepare', 'send', 'close'),
  {
    message: 'expected a Backend (an object with prepare, send and close)',
  },
);
const dataSourceInstance = z.custom<DataSource>(
  (value) => hasMethods(value, 'prepare', 'samples'),
  {
    message: 'expected a DataSource (an object with prepare and samples)',
  },
);
const tokenizerInstance = z.custom<Tokenizer>(
  (value) => hasMethods(value, 'encode', 'decode', 'count'),
  {
    message: 'expected a Tokenizer (an object with encode, decode and count)',
  },
);
const profileInstance = z.custom<Profile>((value) => hasMethods(value, 'next'), {
  message: 'expected a Profile (an object with next)',
});
const constraintInstance = z.custom<Constraint>((value) => hasMethods(value, 'start'), {
  message: 'expected a Constraint (an object with start)',
});
const progressInstance = z.custom<Progress>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'expected a Progress sink (an object with on* hooks)' },
);
const clockInstance = z.custom<Clock>((value) => hasMethods(value, 'now'), {
  message: 'expected a Clock (an object with now)',
});
const abortSignal = z.custom<AbortSignal>((value) => value instanceof AbortSignal, {
  message: 'expected an AbortSignal',
});

/** The built-in profile names. */
export const PROFILE_TYPES = [
  'synchronous',
  'concurrent',
  'throughput',
  'constant',
  'poisson',
  'sweep',
  'capacity',
  'replay',
] as const;

const positiveRate = z.number().gt(0).finite();

/** Worker threads at most: each holds a V8 isolate and an HTTP pool of its own. */
const MAX_WORKERS = 64;

/** `overSaturation`: `true` for the defaults, or the detector's settings (each optional). */
const OverSaturationArgsSchema = z.union([
  z.boolean(),
  z.strictObject({
    confidence: z.number().gt(0.5).lt(1).optional(),
    minSeconds: z.number().min(0).finite().optional(),
    windowSeconds: z.number().gt(0).finite().optional(),
    intervalSeconds: z.number().gt(0).finite().optional(),
    minIntervals: z.number().int().min(3).optional(),
    minGrowth: z.number().min(0).finite().optional(),
  }),
]);

// Typed as the documented SloInput: the same values, named once in metrics/slo-parse.ts. The
// SLOs are parsed (and their errors reported) once, by the transform at the end of the schema.
const SloArgSchema: z.ZodType<SloInput, SloInput> = z.union([
  z.string(),
  z.record(z.string(), z.union([z.number(), z.record(z.string(), z.number())])),
]);

const CapacityArgsSchema = z
  .strictObject({
    /** Lower bound in req/s; absent: measured by a synchronous benchmark. */
    minRate: positiveRate.optional(),
    /** Upper bound in req/s; absent: measured by a throughput benchmark. */
    maxRate: positiveRate.optional(),
    precision: z.number().gt(0).lt(1).default(DEFAULTS.capacityPrecision),
    /** Benchmarks at most, the synchronous and throughput probes included. */
    maxSteps: z.number().int().min(1).max(100).default(DEFAULTS.capacityMaxSteps),
  })
  .refine(
    (value) =>
      value.minRate === undefined || value.maxRate === undefined || value.minRate < value.maxRate,
    {
      message: 'expected minRate < maxRate',
    },
  );

/**
 * The schema of `runBenchmark`'s args. Plain data everywhere a user could write it in a JSON
 * file; plugin instances accepted in place of the data, backend, profile and tokenizer specs.
 */
export const BenchmarkArgsSchema = z
  .object({
    /** Base URL of an OpenAI-compatible server, or `mock` for the built-in mock server. */
    target: z.string().min(1),
    /** Model to request; when absent, the first id of `GET /v1/models`. */
    model: z.string().min(1).optional(),
    /** A custom backend in place of the built-in OpenAI HTTP backend. */
    backend: backendInstance.optional(),
    requestFormat: z.enum(['chat', 'completions']).default(DEFAULTS.requestFormat),
    stream: z.boolean().default(DEFAULTS.stream),
    /** Bearer token; falls back to `INFERBENCH_API_KEY`, then `OPENAI_API_KEY`. Never reported. */
    apiKey: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    extraBody: z.record(z.string(), z.unknown()).optional(),
    connectTimeoutMs: z.number().min(0).finite().default(DEFAULTS.connectTimeoutMs),
    requestTimeoutMs: z.number().min(0).finite().default(DEFAULTS.requestTimeoutMs),
    /** Skip TLS certificate verification of an https target (self-signed certificates). */
    insecure: z.boolean().default(DEFAULTS.insecure),
    /** A PEM file of CA certificates to trust for an https target. */
    caCertFile: z.string().min(1).optional(),
    /** caCertFile's former name, folded into it by the transform below. */
    caCert: z.string().min(1).optional(),
    data: z
      .union([
        z.string().min(1),
        SyntheticDataSpecSchema,
        FileDataSpecSchema,
        HubDataSpecSchema,
        dataSourceInstance,
      ])
      .default(DEFAULTS.data),
    /** GuideLLM's `--data-column-mapper`: which columns of file or Hub data hold what. */
    dataColumnMapper: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    /**
     * A `tokenizer.json` path (or a folder holding one), a Hugging Face model id (`org/name`,
     * `org/name@revision`), `server` (the target's own `/tokenize`), `word`, or a Tokenizer;
     * absent: the target's model (see docs/guides/tokenizers.md).
     */
    tokenizer: z.union([z.string().min(1), tokenizerInstance]).optional(),
    /** Hub revision (branch, tag or commit) of a Hub `tokenizer`, or of the target's model. */
    tokenizerRevision: z.string().min(1).optional(),
    profile: z.union([z.enum(PROFILE_TYPES), profileInstance]).default(DEFAULTS.profile),
    /** Requests per second (constant, poisson) or streams (concurrent); a list runs one benchmark each. */
    rate: z.union([positiveRate, z.array(positiveRate).min(1)]).optional(),
    maxSeconds: z.number().gt(0).finite().optional(),
    maxRequests: z.number().int().min(1).optional(),
    maxErrors: z.number().int().min(1).optional(),
    maxErrorRate: z.number().gt(0).max(1).optional(),
    errorRateWindow: z.number().int().min(1).default(DEFAULTS.errorRateWindow),
    /**
     * Stop a benchmark whose first this many finished requests all failed (a target rejecting
     * every request); 0 turns the guard off.
     */
    maxInitialFailures: z.number().int().min(0).default(DEFAULTS.maxInitialFailures),
    /**
     * Send one untimed request before the first benchmark, so a target that rejects every
     * request fails the run at once with the server's own message.
     */
    probe: z.boolean().default(DEFAULTS.probe),
    /** Stop a benchmark once concurrency and TTFT keep growing (the server cannot keep up). */
    overSaturation: OverSaturationArgsSchema.optional(),
    maxConcurrency: z.number().int().min(1).optional(),
    /** Worker threads that send each benchmark's requests, from one schedule kept here. */
    workers: z.number().int().min(1).max(MAX_WORKERS).default(DEFAULTS.workers),
    /** Cut off the start of each benchmark: a fraction (< 1), seconds (>= 1), `{ seconds }`, `{ requests }`. */
    warmup: TransientPhaseSchema.optional(),
    /** Cut off the end of each benchmark, like `warmup`. */
    cooldown: TransientPhaseSchema.optional(),
    /** Seconds over which concurrent, throughput and constant benchmarks ramp up their load. */
    rampup: z.number().min(0).finite().optional(),
    /** Profile `replay`: the factor on the trace's recorded offsets (2 doubles every gap). */
    timeScale: z.number().gt(0).finite().default(DEFAULTS.timeScale),
    /** SLOs evaluated per benchmark: `"ttft_ms.p99<=500,error_rate<=0.01"` or `{ ttftMs: { p99: 500 } }`. */
    slo: SloArgSchema.optional(),
    /** The open-loop strategy of sweep and capacity steps. */
    sweepStrategy: z.enum(['constant', 'poisson']).default(DEFAULTS.sweepStrategy),
    /** Capacity search bounds and stopping rule (profile `capacity`). */
    capacity: CapacityArgsSchema.optional(),
    randomSeed: z.union([z.number().int(), z.string().min(1)]).default(DEFAULTS.randomSeed),
    constraints: z.array(constraintInstance).optional(),
    progress: z.union([progressInstance, z.array(progressInstance)]).optional(),
    signal: abortSignal.optional(),
    /** Keep every request's record in the report. */
    retainRequests: z.boolean().default(DEFAULTS.retainRequests),
    /** Keep prompt and output text in retained records. */
    retainText: z.boolean().default(DEFAULTS.retainText),
    /** A clock for tests; the default is `performance.now()`. */
    clock: clockInstance.optional(),
    /** The server's Prometheus metrics scraped through the run (see server-metrics-args.ts). */
    serverMetrics: ServerMetricsArgSchema.optional(),
    /** This process offers shard `index` of `count` of the run (see docs/guides/kubernetes.md). */
    shard: ShardSpecSchema.optional(),
    /** Epoch ms the first benchmark waits for, the same for every shard of a run. */
    startAt: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((args, context) => {
    if (
      args.caCert !== undefined &&
      args.caCertFile !== undefined &&
      args.caCert !== args.caCertFile
    ) {
      context.addIssue({
        code: 'custom',
        path: ['caCert'],
        message: `expected only caCertFile (caCert is its former name), received both, naming different files`,
      });
    }
    const profile = typeof args.profile === 'string' ? args.profile : undefined;
    const rates = args.rate === undefined ? [] : Array.isArray(args.rate) ? args.rate : [args.rate];
    if (
      (profile === 'constant' || profile === 'poisson' || profile === 'concurrent') &&
      rates.length === 0
    ) {
      context.addIssue({
        code: 'custom',
        path: ['rate'],
        message: `expected a number > 0 (or a list) for profile "${profile}", received nothing`,
      });
    }
    if (profile === 'synchronous' && rates.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['rate'],
        message: `profile "synchronous" takes no rate, received ${rates.join(',')}`,
      });
    }
    if (profile === 'throughput' && rates.length > 1) {
      context.addIssue({
        code: 'custom',
        path: ['rate'],
        message: `profile "throughput" takes at most one rate (its concurrency cap), received ${rates.length}`,
      });
    }
    if (profile === 'concurrent' || profile === 'throughput') {
      for (const rate of rates) {
        if (!Number.isInteger(rate)) {
          context.addIssue({
            code: 'custom',
            path: ['rate'],
            message: `expected a whole number of streams for profile "${profile}", received ${rate}`,
          });
        }
      }
    }
    if (profile === 'sweep') {
      const size = rates[0];
      if (rates.length > 1 || (size !== undefined && (!Number.isInteger(size) || size < 2))) {
        context.addIssue({
          code: 'custom',
          path: ['rate'],
          message: `profile "sweep" takes one whole number >= 2 as rate (the number of benchmarks), received ${rates.join(',')}`,
        });
      }
    }
    if (profile === 'capacity') {
      if (rates.length > 0) {
        context.addIssue({
          code: 'custom',
          path: ['rate'],
          message: `profile "capacity" takes no rate (set capacity.minRate / capacity.maxRate to bound the search), received ${rates.join(',')}`,
        });
      }
      if (args.slo === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['slo'],
          message:
            'profile "capacity" searches for the highest rate at which the SLOs hold: expected slo, e.g. "ttft_ms.p99<=200", received nothing',
        });
      }
    }
    if (profile === 'replay' && rates.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['rate'],
        message: `profile "replay" takes no rate (the trace's timestamps set the times; timeScale scales them), received ${rates.join(',')}`,
      });
    }
    if (args.timeScale !== DEFAULTS.timeScale && profile !== 'replay') {
      context.addIssue({
        code: 'custom',
        path: ['timeScale'],
        message: `timeScale applies to profile "replay" only, received profile "${profile ?? 'a Profile instance'}"`,
      });
    }
    if (args.capacity !== undefined && profile !== 'capacity') {
      context.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: `capacity options apply to profile "capacity" only, received profile "${profile ?? 'a Profile instance'}"`,
      });
    }
    if (args.workers > 1) {
      for (const [field, what] of [
        ['backend', 'a backend object'],
        ['clock', 'a clock object'],
      ] as const) {
        if (args[field] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: ['workers'],
            message: `${args.workers} worker threads send with the built-in OpenAI HTTP backend and the process clock, and ${what} (${field}) cannot cross threads: expected workers: 1 with ${field}, received workers: ${args.workers}`,
          });
        }
      }
    }
    const noWindow = noWindowLeft(args.warmup, args.cooldown, args.maxSeconds, args.maxRequests);
    if (noWindow !== undefined) {
      context.addIssue({ code: 'custom', path: ['cooldown'], message: noWindow });
    }
    if (
      args.rampup !== undefined &&
      args.rampup > 0 &&
      (profile === 'synchronous' || profile === 'poisson' || profile === 'replay')
    ) {
      context.addIssue({
        code: 'custom',
        path: ['rampup'],
        message: `rampup applies to concurrent, throughput, constant, sweep and capacity, not to profile "${profile}"`,
      });
    }
    if (args.shard !== undefined) {
      for (const [field, message] of shardProblems(args, args.shard)) {
        context.addIssue({ code: 'custom', path: [field], message });
      }
    }
  })
  // The SLOs parsed once, into objectives; `slo` keeps what the user wrote, for the report.
  // caCert, the former name, is read as caCertFile from here on.
  .transform((given, context): typeof given & { sloObjectives?: SloObjective[] } => {
    const args =
      given.caCert === undefined
        ? given
        : { ...given, caCertFile: given.caCertFile ?? given.caCert };
    if (args.slo === undefined) return args;
    const { objectives, errors } = parseSlo(args.slo);
    for (const message of errors) context.addIssue({ code: 'custom', path: ['slo'], message });
    return errors.length > 0 ? z.NEVER : { ...args, sloObjectives: objectives };
  });

export type { BenchmarkArgs } from './benchmark-args.js';

/** True when A and B have the same properties, each of the same type and optionality. */
type SameShape<A, B> =
  (<T>() => T extends { [K in keyof A]: A[K] } ? 1 : 2) extends <T>() => T extends {
    [K in keyof B]: B[K];
  }
    ? 1
    : 2
    ? true
    : false;
/**
 * The hand-written, documented {@link BenchmarkArgs} and what the schema accepts must not drift
 * apart: this fails to compile when they differ.
 */
type _ArgsTypeMatchesSchema = Assert<SameShape<BenchmarkArgs, z.input<typeof BenchmarkArgsSchema>>>;
type Assert<T extends true> = T;
/** `runBenchmark`'s args after validation, with every default filled in. */
export type ParsedBenchmarkArgs = z.output<typeof BenchmarkArgsSchema>;
