/**
 * inferbench: benchmark LLM inference servers that speak the OpenAI HTTP API.
 *
 * The public surface, listed name by name (docs/reference/api.md explains each group): the
 * entry function and its args, the plugin contracts and the built-ins that implement them, the
 * metric catalogue, the report (its schema, types and readers), and the outputs, which are pure
 * functions of a report. Anything not listed here is internal and may change in any release.
 *
 * @packageDocumentation
 */

// Running a benchmark.
export { runBenchmark } from './run-benchmark.js';
export {
  BenchmarkArgsSchema,
  PROFILE_TYPES,
  type BenchmarkArgs,
  type ParsedBenchmarkArgs,
} from './args/schema.js';
export { parseArgs } from './args/parse-args.js';
export { DEFAULTS } from './args/defaults.js';
export type { TransientPhaseInput } from './args/transient-phase.js';
export { InferbenchError } from './errors.js';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

// Contracts for plugins and for what a run emits.
export type {
  Backend,
  BackendInfo,
  BackendRequest,
  BackendSendOptions,
  BackendStreamPart,
  ChatMessage,
} from './spec/backend.js';
export type { Clock } from './spec/clock.js';
export type {
  BenchmarkState,
  Constraint,
  ConstraintMonitor,
  StopDecision,
  StopReason,
} from './spec/constraint.js';
export type { DataSource, DataSourceContext, RequestSample } from './spec/data-source.js';
export type { InferbenchErrorCode, RequestErrorCode } from './spec/errors.js';
export type {
  BenchmarkEndEvent,
  BenchmarkStartEvent,
  RequestEndEvent,
  RunEndEvent,
  RunEvent,
  RunEventMap,
  RunStartEvent,
  SnapshotEvent,
  WarningEvent,
} from './spec/events.js';
export type { Profile, ProfileResult } from './spec/profile.js';
export type { Progress } from './spec/progress.js';
export type {
  RequestError,
  RequestRecord,
  RequestStatus,
  TokenCountSource,
} from './spec/request-record.js';
export type { Strategy, StrategySpec, StrategyType } from './spec/strategy.js';
export type { Tokenizer } from './spec/tokenizer.js';
export type { TransientPhase } from './spec/transient-phase.js';

// Built-ins.
export { createOpenAIHttpBackend, type OpenAIHttpBackendOptions } from './backends/openai-http.js';
export type { MaxTokensField } from './backends/openai-request-body.js';
export type { OpenAIRoutes } from './backends/openai-url.js';
export { createSyntheticDataSource, type SyntheticDataSource } from './data/synthetic.js';
export {
  parseSyntheticShorthand,
  SyntheticDataSpecSchema,
  type SyntheticDataSpec,
} from './data/synthetic-spec.js';
export { createStrategy } from './strategies/create-strategy.js';
export {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './strategies/closed-loop.js';
export { createConstantStrategy } from './strategies/constant.js';
export { createPoissonStrategy } from './strategies/poisson.js';
export { strategyLabel } from './strategies/strategy-label.js';
export { createFixedProfile } from './profiles/fixed.js';
export { createSweepProfile, sweepRates, type SweepProfileOptions } from './profiles/sweep.js';
export { createCapacityProfile, type CapacityProfileOptions } from './profiles/capacity.js';
export { createMaxSecondsConstraint } from './constraints/max-seconds.js';
export { createMaxRequestsConstraint } from './constraints/max-requests.js';
export { createMaxErrorsConstraint } from './constraints/max-errors.js';
export { createMaxErrorRateConstraint } from './constraints/max-error-rate.js';
export {
  createOverSaturationConstraint,
  type OverSaturationOptions,
  type OverSaturationVerdict,
} from './constraints/over-saturation.js';
export type { LinearTrend, TrendTest } from './constraints/linear-trend.js';
export { createWordTokenizer } from './tokenizers/word-tokenizer.js';
export { loadHfTokenizer } from './tokenizers/hf-tokenizer.js';
export {
  createConsoleProgress,
  type ConsoleProgressOptions,
  type ProgressStream,
} from './progress/console-progress.js';
export {
  createEventEmitterProgress,
  type EventEmitterProgress,
} from './progress/event-emitter-progress.js';

// Metrics: the catalogue and the definitions every number follows.
export {
  METRIC_CATALOGUE,
  type BenchmarkMetricKey,
  type GoodputMetricKey,
  type MetricKey,
  type MetricKeysWhere,
  type SloMetricKey,
} from './metrics/catalogue.js';
export type {
  CountColumn,
  MetricDirection,
  MetricEntry,
  MetricEntryBase,
  MetricKind,
  MetricPlace,
  MetricUnit,
  RateValue,
  RequestValue,
  TimeColumn,
} from './metrics/catalogue-types.js';
export {
  PERCENTILE_KEYS,
  type Distribution,
  type PercentileKey,
  type Percentiles,
  type StatusDistributions,
} from './metrics/distribution-types.js';
export { computeDistribution } from './metrics/distribution.js';
export type { BenchmarkMetrics } from './metrics/benchmark-metrics.js';
export type { ClientReport, MockServerPlacement } from './metrics/client.js';
export type { MeasuredRequestCounts, StatusCounts } from './metrics/status-counts.js';
export type { TimeSeries } from './metrics/time-series.js';
export {
  parseSlo,
  sloLabel,
  type SloInput,
  type SloMetric,
  type SloObject,
  type SloObjective,
  type SloOperator,
  type SloStatistic,
} from './metrics/slo-parse.js';
export type { SloReport, SloResult } from './metrics/slo.js';
export type { GoodputMetric, GoodputReport, GoodputThreshold } from './metrics/goodput.js';

// The report.
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
} from './report/report-schema.js';
export {
  BenchmarkSchema,
  GoodputSchema,
  RequestRecordJsonSchema,
  RunStatusSchema,
  SloReportSchema,
  TimingsSchema,
  type Benchmark,
  type BenchmarkTimings,
  type GoodputJson,
  type RequestRecordJson,
  type RunStatus,
  type SloReportJson,
} from './report/benchmark-schema.js';
export { DistributionSchema } from './report/distribution-schema.js';
export { METRIC_DEFINITIONS, type ConventionTerm, type DefinedTerm } from './report/definitions.js';
export { parseReport, readReport, validateReport } from './report/validate-report.js';

// Outputs: pure functions of a report.
export { renderJson, writeJsonReport, JSON_REPORT_FILE } from './outputs/json.js';
export { renderConsoleSummary } from './outputs/console-summary.js';
export { reportSloPassed } from './outputs/slo-summary.js';
export { renderCsv, writeCsvReport, CSV_REPORT_FILE } from './outputs/csv.js';
export { renderHtml, writeHtmlReport, HTML_REPORT_FILE } from './outputs/html/render-html.js';
export {
  OUTPUT_FORMATS,
  isOutputFormat,
  writeReportFiles,
  type OutputFormat,
} from './outputs/write-outputs.js';
export {
  compareReports,
  renderComparison,
  type BenchmarkComparison,
  type CompareOptions,
  type Direction,
  type MetricComparison,
  type ReportComparison,
} from './outputs/compare.js';
