import { z } from 'zod';
import type { BenchmarkMetrics } from '../metrics/benchmark-metrics.js';
import { BENCHMARK_METRIC_KEYS, type BenchmarkMetricKey } from '../metrics/catalogue.js';
import type { ClientReport } from '../metrics/client.js';
import type { ErrorMessageCount } from '../metrics/error-summary.js';
import type { GoodputReport } from '../metrics/goodput.js';
import type { SloReport } from '../metrics/slo.js';
import type { MeasuredRequestCounts, StatusCounts } from '../metrics/status-counts.js';
import type { TimeSeries } from '../metrics/time-series.js';
import type { RequestErrorCode } from '../spec/errors.js';
import type { StrategySpec } from '../spec/strategy.js';
import { DistributionSchema, StatusDistributionsSchema, finite } from './distribution-schema.js';
import { PromptExactnessSchema } from './tokenizer-schema.js';
import { KeptUpSchema } from './kept-up-schema.js';
import { ServerMetricsBenchmarkSchema } from './server-metrics-schema.js';
import { TurnStatsSchema } from './turns-schema.js';
import { BenchmarkSketchesSchema } from './sketch-schema.js';

const count = () => z.number().int().nonnegative();
const nonNegative = () => finite().nonnegative();
const positiveInt = () => z.number().int().positive();

/** The strategy of a benchmark, as `StrategySpec` (src/spec/strategy.ts) describes it. */
export const StrategySpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('synchronous') }),
  z.object({
    type: z.literal('concurrent'),
    streams: positiveInt(),
    rampupSeconds: finite().positive().exactOptional(),
  }),
  z.object({
    type: z.literal('throughput'),
    maxConcurrency: positiveInt(),
    rampupSeconds: finite().positive().exactOptional(),
  }),
  z.object({
    type: z.literal('constant'),
    ratePerSecond: finite().positive(),
    maxConcurrency: positiveInt().exactOptional(),
    rampupSeconds: finite().positive().exactOptional(),
    interleave: z
      .object({ index: z.number().int().nonnegative(), count: positiveInt() })
      .refine((value) => value.index < value.count, 'expected index < count')
      .exactOptional(),
  }),
  z.object({
    type: z.literal('poisson'),
    ratePerSecond: finite().positive(),
    seed: z.string(),
    maxConcurrency: positiveInt().exactOptional(),
  }),
  /** Trace replay (2.1): each request at its recorded offset times `timeScale`. */
  z.object({
    type: z.literal('replay'),
    timeScale: finite().positive(),
    maxConcurrency: positiveInt().exactOptional(),
  }),
]);

// Compile-time guards: the schema's type and StrategySpec must be assignable both ways and name
// the same fields, so a change to the contract in src/spec fails the type check here instead of
// being silently stripped from reports. (`exactOptional` keeps `maxConcurrency?: number` exact
// under exactOptionalPropertyTypes.)
type SchemaStrategy = z.infer<typeof StrategySpecSchema>;
type KeysOf<T> = T extends unknown ? keyof T : never;
const _specFitsSchema: StrategySpec extends SchemaStrategy ? true : false = true;
const _schemaFitsSpec: SchemaStrategy extends StrategySpec ? true : false = true;
const _sameFields: [KeysOf<StrategySpec>] extends [KeysOf<SchemaStrategy>]
  ? [KeysOf<SchemaStrategy>] extends [KeysOf<StrategySpec>]
    ? true
    : false
  : false = true;

/** Every request error code, as src/spec/errors.ts defines them. */
export const REQUEST_ERROR_CODES = [
  'HTTP_ERROR',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TIMEOUT',
  'STREAM_ERROR',
  'INVALID_RESPONSE',
  'EMPTY_RESPONSE',
  'CLIENT_ERROR',
] as const satisfies readonly RequestErrorCode[];
const _allErrorCodes: Exclude<RequestErrorCode, (typeof REQUEST_ERROR_CODES)[number]> extends never
  ? true
  : false = true;

/** A request error code. */
export const RequestErrorCodeSchema = z.enum(REQUEST_ERROR_CODES);

/**
 * One failure message of a benchmark and its count, e.g. `{ code: 'HTTP_ERROR', httpStatus: 404,
 * message: 'HTTP 404: The model "gpt-5" does not exist.', count: 50 }`.
 */
export const ErrorMessageCountSchema = z.object({
  code: RequestErrorCodeSchema,
  httpStatus: z.number().int().exactOptional(),
  message: z.string(),
  count: count(),
});

/** How a benchmark (or a run) ended. */
export const RunStatusSchema = z.enum(['completed', 'aborted', 'failed']);

/**
 * Why a benchmark stopped: `completed`, `max-seconds`, `max-requests`, `max-errors`,
 * `max-error-rate`, `over-saturation`, `data-exhausted`, `aborted`, or another constraint's name.
 * A free string, so third-party constraints can name themselves.
 */
export const StopReasonSchema = z.string().min(1);

/** Where a benchmark's distributions came from: exact sorting, or merged t-digest sketches. */
export const DistributionSourceSchema = z.enum(['exact', 'tdigest']);

/** A request's failure, as the report keeps it. */
export const RequestErrorSchema = z.object({
  code: RequestErrorCodeSchema,
  message: z.string(),
  httpStatus: z.number().int().optional(),
});

const tokenSource = z.enum(['server', 'tokenizer', 'data', 'parts', 'none']);
const moment = () => finite().nullable();

/**
 * One request as the report keeps it (when requests are retained). Timestamps are ms since the
 * run start; an absent moment or count is `null`, never NaN.
 */
export const RequestRecordJsonSchema = z.object({
  index: count(),
  status: z.enum(['successful', 'errored', 'incomplete']),
  scheduledAt: moment(),
  dispatchedAt: moment(),
  headersAt: moment(),
  firstTokenAt: moment(),
  firstOutputTokenAt: moment(),
  lastTokenAt: moment(),
  endedAt: moment(),
  promptTokens: moment(),
  promptTokensSource: tokenSource,
  /** The prompt length the data source intended (2.1.0 reports of older builds may lack it). */
  intendedPromptTokens: moment().optional(),
  outputTokens: moment(),
  outputTokensSource: tokenSource,
  tokenCountDiscrepancy: moment(),
  promptTokenDifference: moment().optional(),
  contentParts: count(),
  itlGapsMs: z.array(finite()),
  error: RequestErrorSchema.optional(),
  prompt: z.string().optional(),
  outputText: z.string().optional(),
  /** The turn (from 0) of a conversation this request was; absent outside conversations (2.1). */
  turnIndex: count().optional(),
});

/**
 * A benchmark's timings in ms since the run start (`startedAt`/`endedAt` are ISO-8601):
 * `duration = end − start`, `measureDuration = measureEnd − measureStart`, `warmup` and
 * `cooldown` the ms cut off before and after the measured window.
 */
export const TimingsSchema = z.object({
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  start: finite(),
  end: finite(),
  measureStart: finite(),
  measureEnd: finite(),
  duration: nonNegative(),
  measureDuration: nonNegative(),
  warmup: nonNegative(),
  cooldown: nonNegative(),
});

/** Request counts by status over the whole benchmark (warmup and cooldown included). */
export const RequestCountsSchema = z.object({
  successful: count(),
  errored: count(),
  incomplete: count(),
  total: count(),
});

/**
 * The requests of the measured window: `dispatched` in it (the population of the per-request
 * metrics) and `completed` in it (the population of the throughput metrics), by status.
 */
export const MeasuredRequestCountsSchema = z.object({
  dispatched: RequestCountsSchema,
  completed: RequestCountsSchema,
});

/**
 * Every metric of a benchmark, one distribution per status: the catalogue's metrics reported
 * under `metrics`, in its order (see docs/concepts/metrics.md).
 */
export const BenchmarkMetricsSchema = z.object(
  Object.fromEntries(
    BENCHMARK_METRIC_KEYS.map((key) => [key, StatusDistributionsSchema]),
  ) as Record<BenchmarkMetricKey, typeof StatusDistributionsSchema>,
);

const sourceCounts = z.object({
  server: count(),
  tokenizer: count(),
  data: count(),
  parts: count(),
  none: count(),
});

/**
 * Where token counts came from, and how server and tokenizer output counts disagree, over the
 * requests dispatched in the measured window (all statuses together).
 */
export const TokenCountsSchema = z.object({
  promptTokensSource: sourceCounts,
  outputTokensSource: sourceCounts,
  tokenCountDiscrepancy: DistributionSchema,
  /** Server prompt tokens minus the intended length (schema 2.1.0; absent from older reports). */
  promptTokenDifference: DistributionSchema.optional(),
});

/** How well the load generator kept up (see "Client honesty" in docs/concepts/metrics.md). */
export const ClientSchema = z.object({
  dispatchLagMs: DistributionSchema,
  eventLoopDelayMs: z.object({ p50: nonNegative(), p99: nonNegative(), max: nonNegative() }),
  targetRatePerSecond: nonNegative().optional(),
  scheduledRatePerSecond: nonNegative().optional(),
  achievedRatePerSecond: nonNegative(),
  clientBound: z.boolean(),
  clientBoundReason: z.string().optional(),
  newConnections: count().optional(),
  mockServer: z.enum(['worker-thread', 'client-thread']).optional(),
  /** The worker threads that sent the requests (`workers` > 1). */
  workers: z.object({ count: count(), requestsPerWorker: z.array(count()) }).optional(),
});

/** Per-second series over the whole benchmark, for plots (counts per bucket, not rates). */
export const TimeSeriesSchema = z.object({
  bucketMs: finite().positive(),
  startMs: finite(),
  requestsDispatched: z.array(nonNegative()),
  requestsCompleted: z.array(nonNegative()),
  requestsSuccessful: z.array(nonNegative()),
  requestsErrored: z.array(nonNegative()),
  requestsIncomplete: z.array(nonNegative()),
  promptTokens: z.array(nonNegative()),
  outputTokens: z.array(nonNegative()),
  concurrency: z.array(nonNegative()),
});

const sloOperator = z.enum(['<=', '<', '>=', '>']);

/**
 * Goodput: the requests that met every per-request SLO threshold (see docs/concepts/metrics.md).
 * `requestsPerSecond` counts good requests completed in the measured window; `fraction` is good
 * over finished (successful or errored) requests dispatched in it. Each is `null` when there is
 * nothing to measure (an empty window, no finished request).
 */
export const GoodputSchema = z.object({
  requestsPerSecond: nonNegative().nullable(),
  fraction: finite().min(0).max(1).nullable(),
  goodRequests: count(),
  finishedRequests: count(),
  thresholds: z.array(
    z.object({ metric: z.string().min(1), operator: z.enum(['<=', '<']), threshold: finite() }),
  ),
});

// What the metrics compute must fit the report's schemas (src/metrics/); a change on either
// side fails the type check here instead of being stripped from reports.
type Fits<A, B> = [A] extends [B] ? true : false;
const _metrics: Fits<BenchmarkMetrics, z.infer<typeof BenchmarkMetricsSchema>> = true;
const _counts: Fits<StatusCounts, z.infer<typeof RequestCountsSchema>> = true;
const _measured: Fits<MeasuredRequestCounts, z.infer<typeof MeasuredRequestCountsSchema>> = true;
const _client: Fits<ClientReport, z.input<typeof ClientSchema>> = true;
const _series: Fits<TimeSeries, z.infer<typeof TimeSeriesSchema>> = true;
const _goodput: Fits<GoodputReport, z.infer<typeof GoodputSchema>> = true;

/** One SLO objective's verdict: the measured value (`null`: nothing to measure, a fail). */
export const SloResultSchema = z.object({
  name: z.string().min(1),
  metric: z.string().min(1),
  statistic: z.string().min(1).exactOptional(),
  operator: sloOperator,
  threshold: finite(),
  measured: finite().nullable(),
  passed: z.boolean(),
});

/** The SLO verdicts of a benchmark; `passed` when every objective passed. */
export const SloReportSchema = z.object({
  passed: z.boolean(),
  objectives: z.array(SloResultSchema),
});

const _slo: Fits<SloReport, z.infer<typeof SloReportSchema>> = true;
const _errors: Fits<ErrorMessageCount, z.infer<typeof ErrorMessageCountSchema>> = true;

/** One benchmark: one strategy run to its stop, with every metric of METRICS.md. */
export const BenchmarkSchema = z.object({
  id: z.string().min(1),
  index: count(),
  strategy: StrategySpecSchema,
  status: RunStatusSchema,
  stopReason: StopReasonSchema,
  stopDetail: z.string().optional(),
  distributionSource: DistributionSourceSchema,
  timings: TimingsSchema,
  requestCounts: RequestCountsSchema,
  measuredRequestCounts: MeasuredRequestCountsSchema,
  errorsByCode: z.partialRecord(RequestErrorCodeSchema, count()),
  /** The most frequent failure messages, at most three per code, most frequent first (2.1). */
  errorMessages: z.array(ErrorMessageCountSchema).optional(),
  metrics: BenchmarkMetricsSchema,
  tokenCounts: TokenCountsSchema,
  goodput: GoodputSchema.optional(),
  slo: SloReportSchema.optional(),
  client: ClientSchema,
  keptUp: KeptUpSchema.optional(),
  timeSeries: TimeSeriesSchema,
  /** Whether prompts were as long as intended, when the server counted them. */
  promptExactness: PromptExactnessSchema.optional(),
  /** The server's own metrics scraped through the benchmark, when the run scraped them (2.1). */
  serverMetrics: ServerMetricsBenchmarkSchema.optional(),
  /** TTFT by conversation turn, when the benchmark sent conversations (2.1). */
  turns: z.array(TurnStatsSchema).optional(),
  /** Mergeable sketches of the per-request metrics, in a shard's report (2.1). */
  sketches: BenchmarkSketchesSchema.optional(),
  requests: z.array(RequestRecordJsonSchema).optional(),
});

/** One benchmark of a report; see {@link BenchmarkSchema}. */
export type Benchmark = z.infer<typeof BenchmarkSchema>;
/** A retained request in a report; see {@link RequestRecordJsonSchema}. */
export type RequestRecordJson = z.infer<typeof RequestRecordJsonSchema>;
/** How a benchmark or a run ended. */
export type RunStatus = z.infer<typeof RunStatusSchema>;
/** The goodput section of a benchmark; see {@link GoodputSchema}. */
export type GoodputJson = z.infer<typeof GoodputSchema>;
/** The SLO section of a benchmark; see {@link SloReportSchema}. */
export type SloReportJson = z.infer<typeof SloReportSchema>;
/** The timings of a benchmark; see {@link TimingsSchema}. */
export type BenchmarkTimings = z.infer<typeof TimingsSchema>;
