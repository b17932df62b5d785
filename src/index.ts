/**
 * inferbench: benchmark LLM inference servers that speak the OpenAI HTTP API.
 *
 * @packageDocumentation
 */
export { runBenchmark, type RunBenchmarkHooks } from './run-benchmark.js';
export {
  BenchmarkArgsSchema,
  PROFILE_TYPES,
  type BenchmarkArgs,
  type ParsedBenchmarkArgs,
} from './args/schema.js';
export { parseArgs } from './args/parse-args.js';
export { DEFAULTS } from './args/defaults.js';
export { InferbenchError } from './errors.js';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

// Contracts for plugins.
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
export type * from './spec/events.js';
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
export {
  createFileDataSource,
  type FileDataSource,
  type FileDataSourceStats,
} from './data/file-source.js';
export { FileDataSpecSchema, type FileDataSpec } from './data/file-spec.js';
export type { FileFormat } from './data/files/file-format.js';
export {
  COLUMN_MAPPER_KEYS,
  parseColumnMapper,
  type ColumnMapper,
  type ColumnMapperKey,
} from './data/column-mapper.js';
export type { ColumnMapping } from './data/column-mapping.js';
export { createStrategy } from './strategies/create-strategy.js';
export {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './strategies/closed-loop.js';
export { createConstantStrategy } from './strategies/constant.js';
export { closedLoopStartOffsetMs, constantRateOffsetMs } from './strategies/rampup.js';
export {
  RecordStore,
  RECORD_NUMBER_COLUMNS,
  REQUEST_STATUSES,
  TOKEN_COUNT_SOURCES,
  type RecordStoreOptions,
  type RecordNumberColumn,
} from './core/record-store.js';
export { createPoissonStrategy } from './strategies/poisson.js';
export { createFixedProfile } from './profiles/fixed.js';
export { createSweepProfile, sweepRates, type SweepProfileOptions } from './profiles/sweep.js';
export { createCapacityProfile, type CapacityProfileOptions } from './profiles/capacity.js';
export {
  createCapacitySearch,
  type CapacityOutcome,
  type CapacitySearch,
  type CapacitySearchOptions,
  type CapacitySearchResult,
} from './profiles/capacity-search.js';
export {
  evaluateSlo,
  parseSlo,
  reportSloPassed,
  sloLabel,
  SLO_LATENCY_METRICS,
  SLO_RATE_METRICS,
  type SloInput,
  type SloMetric,
  type SloObject,
  type SloStatistic,
  type SloObjective,
  type SloOperator,
  type SloReport,
  type SloResult,
} from './metrics/slo.js';
export {
  computeGoodput,
  goodputThresholds,
  GOODPUT_METRICS,
  type GoodputMetric,
  type GoodputReport,
  type GoodputThreshold,
} from './metrics/goodput.js';
export { computeMeasuredWindow, type MeasuredWindowInput } from './metrics/measured-window.js';
export type { MeasuredWindow } from './metrics/window.js';
export type { TransientPhase, TransientPhaseInput } from './args/transient-phase.js';
export { createMaxSecondsConstraint } from './constraints/max-seconds.js';
export { createMaxRequestsConstraint } from './constraints/max-requests.js';
export { createMaxErrorsConstraint } from './constraints/max-errors.js';
export { createMaxErrorRateConstraint } from './constraints/max-error-rate.js';
export {
  createOverSaturationConstraint,
  createOverSaturationDetector,
  type OverSaturationDetector,
  type OverSaturationOptions,
  type OverSaturationVerdict,
} from './constraints/over-saturation.js';
export type { LinearTrend, TrendTest } from './metrics/linear-trend.js';
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
export { EventBus } from './core/event-bus.js';

// Report.
export * from './report/schema.js';
export { validateReport } from './report/build-report.js';
export { computeDistribution } from './metrics/distribution.js';
export { METRIC_DEFINITIONS } from './report/definitions.js';

// Outputs: pure functions of a report.
export { renderJson, writeJsonReport, JSON_REPORT_FILE } from './outputs/json.js';
export { renderConsoleSummary } from './outputs/console-summary.js';
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
