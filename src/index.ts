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
export type { CapacityArgs, OverSaturationArgs, ProfileType } from './args/benchmark-args.js';
export type { ServerMetricsArgs, ServerMetricsInput } from './args/server-metrics-args.js';
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
export type {
  ConversationTurn,
  DataSource,
  DataSourceContext,
  RequestSample,
} from './spec/data-source.js';
export type { InferbenchErrorCode, RequestErrorCode } from './spec/errors.js';
export type {
  BenchmarkEndEvent,
  BenchmarkStartEvent,
  DownloadProgressEvent,
  RequestEndEvent,
  RunEndEvent,
  RunEvent,
  RunEventMap,
  RunStartEvent,
  RunTokenizer,
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
export type {
  ServerChatMessage,
  ServerTokenizer,
  ServerTokenizerDialect,
  ServerTokens,
  Tokenizer,
} from './spec/tokenizer.js';
export type { TransientPhase } from './spec/transient-phase.js';

// Built-ins.
export { createOpenAIHttpBackend, type OpenAIHttpBackendOptions } from './backends/openai-http.js';
export type { MaxTokensField } from './backends/openai-request-body.js';
export type { OpenAIRoutes } from './protocols/openai/target-url.js';
export { createSyntheticDataSource, type SyntheticDataSource } from './data/synthetic.js';
export {
  parseSyntheticShorthand,
  SyntheticDataSpecSchema,
  type SyntheticDataSpec,
} from './data/synthetic-spec.js';
export {
  createFileDataSource,
  type FileDataSource,
  type FileDataSourceStats,
} from './data/file-source.js';
export { FileDataSpecSchema, type FileDataSpec } from './data/file-spec.js';
export {
  createHubDataSource,
  type HubDataSource,
  type HubDataSourceOptions,
} from './data/hub-source.js';
export { HubDataSpecSchema, type HubDataSpec } from './data/hub-spec.js';
export type { ResolvedHubDataset } from './data/hub-dataset.js';
export type { DataProvenance, DataSourceWithProvenance } from './data/data-provenance.js';
export {
  preprocessDataset,
  type PreprocessDatasetOptions,
  type PreprocessSummary,
  type ShortPromptStrategy,
} from './preprocess/preprocess-dataset.js';
export type { PreprocessOutputFormat } from './preprocess/output-writer.js';
export type { FileFormat } from './data/files/file-format.js';
export {
  COLUMN_MAPPER_KEYS,
  parseColumnMapper,
  type ColumnMapper,
  type ColumnMapperKey,
} from './data/column-mapper.js';
export type { ColumnMapping } from './data/column-mapping.js';
export {
  createTraceDataSource,
  TRACE_BLOCK_TOKENS,
  type TraceDataSource,
  type TraceDataSpec,
} from './data/trace-source.js';
export type { TraceEntry } from './data/trace-rows.js';
export { createStrategy } from './strategies/create-strategy.js';
export {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './strategies/closed-loop.js';
export { createConstantStrategy } from './strategies/constant.js';
export { createPoissonStrategy } from './strategies/poisson.js';
export { createReplayStrategy } from './strategies/replay.js';
export { strategyLabel } from './strategies/strategy-label.js';
export { createFixedProfile } from './profiles/fixed.js';
export { createSweepProfile, sweepRates, type SweepProfileOptions } from './profiles/sweep.js';
export { createCapacityProfile, type CapacityProfileOptions } from './profiles/capacity.js';
export { createMaxSecondsConstraint } from './constraints/max-seconds.js';
export { createMaxRequestsConstraint } from './constraints/max-requests.js';
export { createMaxErrorsConstraint } from './constraints/max-errors.js';
export { createMaxErrorRateConstraint } from './constraints/max-error-rate.js';
export { createInitialFailuresConstraint } from './constraints/initial-failures.js';
export {
  createOverSaturationConstraint,
  type OverSaturationOptions,
  type OverSaturationVerdict,
} from './constraints/over-saturation.js';
export type { LinearTrend, TrendTest } from './constraints/linear-trend.js';
export { createWordTokenizer } from './tokenizers/word-tokenizer.js';
export { loadHfTokenizer } from './tokenizers/hf-tokenizer.js';
export { loadHubTokenizer, type HubTokenizer } from './tokenizers/hub-tokenizer.js';
export {
  resolveTokenizer,
  type ResolvedTokenizer,
  type TokenizerResolutionInput,
  type TokenizerServerTarget,
  type TokenizerWarning,
} from './tokenizers/resolve-tokenizer.js';
export type { TokenizerInfo, TokenizerSource } from './tokenizers/tokenizer-info.js';
export {
  probeServerTokenizer,
  type ServerTokenizerProbe,
  type ServerTokenizerProbeOptions,
} from './tokenizers/probe-server-tokenizer.js';
export type { ServerHttpOptions } from './tokenizers/server-http.js';
export {
  createHubClient,
  type HubClient,
  type HubClientOptions,
  type HubDownloadProgress,
  type HubFile,
  type HubFileRequest,
} from './hub/hub-client.js';
export { HubError, type HubErrorReason } from './hub/errors.js';
export { resolveHubSettings, type HubEnv, type HubSettings } from './hub/settings.js';
export type { HubRepoType } from './hub/repo.js';
export type { HubTreeEntry } from './hub/tree.js';
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
export type { ClientReport, MockServerPlacement, WorkerThreads } from './metrics/client.js';
export type { ErrorMessageCount } from './metrics/error-summary.js';
export type { KeptUpReport } from './metrics/kept-up.js';
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
export {
  assessPromptExactness,
  describePromptExactness,
  type PromptExactness,
  type PromptExactnessOptions,
} from './metrics/prompt-exactness.js';

// The report.
export {
  BenchmarkReportSchema,
  CapacitySchema,
  CapacityStepSchema,
  EnvironmentSchema,
  RunWarningSchema,
  SCHEMA_VERSION,
  type BenchmarkReport,
  type Capacity,
  type CapacityStep,
  type Environment,
  type RunWarning,
} from './report/report-schema.js';
export {
  BenchmarkSchema,
  ErrorMessageCountSchema,
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
export { DataReportSchema, type DataReport } from './report/data-schema.js';
export {
  PromptExactnessSchema,
  TokenizerInfoSchema,
  type PromptExactnessJson,
} from './report/tokenizer-schema.js';
export { KeptUpSchema } from './report/kept-up-schema.js';
export { TurnStatsSchema } from './report/turns-schema.js';
export type { TurnStats } from './metrics/turns.js';
export { METRIC_DEFINITIONS, type ConventionTerm, type DefinedTerm } from './report/definitions.js';
export { parseReport, readReport, validateReport } from './report/validate-report.js';

// Shards: one run offered by several processes or pods, merged into one report.
export {
  MERGE_TOLERANCE_MS,
  mergeReports,
  type MergeReportsOptions,
} from './merge/merge-reports.js';
export { parseShardText, ShardSpecSchema, type ShardSpec } from './shards/shard-spec.js';
export {
  BenchmarkSketchesSchema,
  SketchSchema,
  StatusSketchesSchema,
  type BenchmarkSketches,
  type Sketch,
  type StatusSketches,
} from './report/sketch-schema.js';
export {
  MergeInfoSchema,
  MergedShardSchema,
  ShardInfoSchema,
  type MergeInfo,
  type ShardInfo,
} from './report/shard-schema.js';

// Server metrics: scraping Prometheus `/metrics` through a run and summarising it per
// benchmark (runBenchmark does it with `serverMetrics`; these are its parts).
export {
  parsePrometheusText,
  type PrometheusExposition,
  type PrometheusMetricFamily,
  type PrometheusMetricType,
  type PrometheusSample,
} from './server-metrics/prometheus-text.js';
export {
  KNOWN_METRICS,
  KNOWN_METRIC_NAMES,
  detectServerKinds,
  type KnownMetric,
  type KnownMetricDefinition,
  type KnownMetricKind,
  type MetricSource,
  type ServerKind,
} from './server-metrics/metric-maps.js';
export {
  readScrape,
  type HistogramState,
  type ScrapeSample,
} from './server-metrics/read-scrape.js';
export {
  histogramQuantile,
  summarizeWindow,
  type ServerLatencySummary,
  type ServerMetricsSummary,
  type ServerMetricsWindow,
  type ServerSeriesPoint,
} from './server-metrics/summarize.js';
export { fetchMetrics, type MetricsFetchResult } from './server-metrics/fetch-metrics.js';
export {
  createServerMetricsScraper,
  SERVER_METRICS_DEFAULTS,
  type MetricsTlsOptions,
  type ServerMetricsBenchmark,
  type ServerMetricsEndpoint,
  type ServerMetricsScraper,
  type ServerMetricsScraperOptions,
} from './server-metrics/scraper.js';
export { defaultMetricsUrl, probeServerMetrics } from './server-metrics/probe.js';
export {
  SERVER_SUMMARY_FIELDS,
  SERVER_LATENCIES,
  formatServerField,
  type ServerSummaryField,
} from './server-metrics/summary-fields.js';
export {
  ServerLatencySummarySchema,
  ServerMetricsBenchmarkSchema,
  ServerMetricsEndpointSchema,
  ServerMetricsSummarySchema,
  ServerMetricsWindowSchema,
  ServerSeriesPointSchema,
} from './report/server-metrics-schema.js';

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
