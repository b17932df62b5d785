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
export type { Profile } from './spec/profile.js';
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
export { createStrategy } from './strategies/create-strategy.js';
export {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './strategies/closed-loop.js';
export { createConstantStrategy } from './strategies/constant.js';
export { createPoissonStrategy } from './strategies/poisson.js';
export { createFixedProfile } from './profiles/fixed.js';
export { createMaxSecondsConstraint } from './constraints/max-seconds.js';
export { createMaxRequestsConstraint } from './constraints/max-requests.js';
export { createMaxErrorsConstraint } from './constraints/max-errors.js';
export { createMaxErrorRateConstraint } from './constraints/max-error-rate.js';
export { createWordTokenizer } from './tokenizers/word-tokenizer.js';
export { loadHfTokenizer } from './tokenizers/hf-tokenizer.js';
export {
  createConsoleProgress,
  type ConsoleProgressOptions,
  type ProgressStream,
} from './progress/console-progress.js';
export { EventBus } from './core/event-bus.js';

// Report.
export * from './report/schema.js';
export { validateReport } from './report/build-report.js';
export { computeDistribution } from './metrics/distribution.js';
export { METRIC_DEFINITIONS } from './report/definitions.js';

// Outputs: pure functions of a report.
export { renderJson, writeJsonReport, JSON_REPORT_FILE } from './outputs/json.js';
export { renderConsoleSummary } from './outputs/console-summary.js';
