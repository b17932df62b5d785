/**
 * The report's Zod schemas and types, gathered in one module; the pieces live in
 * distribution-schema.ts, benchmark-schema.ts and report-schema.ts.
 * @module
 */
export {
  DistributionSchema,
  PercentilesSchema,
  StatusDistributionsSchema,
  PERCENTILE_KEYS,
  PERCENTILE_PERCENTS,
  type Distribution,
  type Percentiles,
  type StatusDistributions,
} from './distribution-schema.js';
export {
  BenchmarkMetricsSchema,
  BenchmarkSchema,
  ClientSchema,
  DistributionSourceSchema,
  GoodputSchema,
  REQUEST_ERROR_CODES,
  RequestCountsSchema,
  RequestErrorCodeSchema,
  RequestErrorSchema,
  RequestRecordJsonSchema,
  RunStatusSchema,
  SloReportSchema,
  SloResultSchema,
  StopReasonSchema,
  StrategySpecSchema,
  TimeSeriesSchema,
  TimingsSchema,
  TokenCountsSchema,
  type Benchmark,
  type BenchmarkMetrics,
  type BenchmarkTimings,
  type ClientReport,
  type GoodputJson,
  type RequestRecordJson,
  type SloReportJson,
  type RunStatus,
} from './benchmark-schema.js';
export {
  BenchmarkReportSchema,
  CapacitySchema,
  CapacityStepSchema,
  EnvironmentSchema,
  SCHEMA_VERSION,
  type BenchmarkReport,
  type Capacity,
  type CapacityStep,
  type Environment,
} from './report-schema.js';
export { METRIC_DEFINITIONS, type DefinedTerm } from './definitions.js';
export {
  PromptExactnessSchema,
  TokenizerInfoSchema,
  type PromptExactnessJson,
  type TokenizerInfo,
} from './tokenizer-schema.js';
