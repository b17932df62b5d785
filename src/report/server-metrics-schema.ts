import { z } from 'zod';
import { KNOWN_METRIC_NAMES, type KnownMetric } from '../server-metrics/metric-maps.js';
import type {
  ServerLatencySummary,
  ServerMetricsSummary,
  ServerMetricsWindow,
  ServerSeriesPoint,
} from '../server-metrics/summarize.js';
import type { ServerMetricsBenchmark, ServerMetricsEndpoint } from '../server-metrics/scraper.js';

const nullableNumber = z.number().nullable();

/** A point of a server-side series on the client's clock. */
export const ServerSeriesPointSchema = z.object({
  tMs: z.number(),
  value: z.number(),
}) satisfies z.ZodType<ServerSeriesPoint>;

/** A server-side latency histogram over one benchmark, in ms. */
export const ServerLatencySummarySchema = z.object({
  count: z.number().nonnegative(),
  meanMs: nullableNumber,
  p50Ms: nullableNumber,
  p90Ms: nullableNumber,
  p99Ms: nullableNumber,
}) satisfies z.ZodType<ServerLatencySummary>;

/** One benchmark's server-side figures; `null` where no endpoint reported the metric. */
export const ServerMetricsSummarySchema = z.object({
  peakRunning: nullableNumber,
  meanRunning: nullableNumber,
  peakWaiting: nullableNumber,
  meanWaiting: nullableNumber,
  kvCacheUsageP95: nullableNumber,
  kvCacheUsageMax: nullableNumber,
  gpuUtilizationMean: nullableNumber,
  gpuMemoryUsedMiBMax: nullableNumber,
  preemptions: nullableNumber,
  prefixCacheHitRate: nullableNumber,
  promptTokensPerSecond: nullableNumber,
  generationTokensPerSecond: nullableNumber,
  ttft: ServerLatencySummarySchema.nullable(),
  itl: ServerLatencySummarySchema.nullable(),
  e2e: ServerLatencySummarySchema.nullable(),
  queueTime: ServerLatencySummarySchema.nullable(),
}) satisfies z.ZodType<ServerMetricsSummary>;

const KnownMetricSchema = z.enum(KNOWN_METRIC_NAMES as [KnownMetric, ...KnownMetric[]]);

/** Series and summary of one window. */
export const ServerMetricsWindowSchema = z.object({
  scrapes: z.number().int().nonnegative(),
  series: z.partialRecord(KnownMetricSchema, z.array(ServerSeriesPointSchema)),
  summary: ServerMetricsSummarySchema,
  raw: z.record(z.string(), z.array(ServerSeriesPointSchema)).optional(),
}) satisfies z.ZodType<ServerMetricsWindow>;

/** What the scraper knows of one endpoint. */
export const ServerMetricsEndpointSchema = z.object({
  url: z.string(),
  servers: z.array(z.enum(['vllm', 'sglang', 'tgi', 'llamacpp', 'dcgm'])),
  scrapesTotal: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  available: z.boolean(),
}) satisfies z.ZodType<ServerMetricsEndpoint>;

/**
 * The `serverMetrics` fragment of a benchmark in the report: the merged view of every endpoint
 * (each metric from the first endpoint that has it) and each endpoint's own window.
 */
export const ServerMetricsBenchmarkSchema = ServerMetricsWindowSchema.extend({
  endpoints: z.array(ServerMetricsEndpointSchema.extend(ServerMetricsWindowSchema.shape)),
}) satisfies z.ZodType<ServerMetricsBenchmark>;
