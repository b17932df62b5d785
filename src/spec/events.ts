import type { StrategySpec } from './strategy.js';
import type { RequestStatus } from './request-record.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';

/** The run began; `plannedBenchmarks` is known for fixed profiles and absent for adaptive ones. */
export interface RunStartEvent {
  type: 'run-start';
  target: string;
  model: string;
  profile: string;
  plannedBenchmarks?: number;
}

/** One benchmark began. */
export interface BenchmarkStartEvent {
  type: 'benchmark-start';
  index: number;
  strategy: StrategySpec;
  /** The benchmark's time limit in ms, when it has one. */
  maxSeconds?: number;
  maxRequests?: number;
}

/** One request finished (emitted only to sinks that implement `onRequestEnd`). */
export interface RequestEndEvent {
  type: 'request-end';
  benchmarkIndex: number;
  status: RequestStatus;
  ttftMs: number;
  latencyMs: number;
  outputTokens: number;
}

/** Live numbers of the running benchmark, sent at most a few times a second. */
export interface SnapshotEvent {
  type: 'snapshot';
  benchmarkIndex: number;
  strategy: StrategySpec;
  elapsedMs: number;
  /** Fraction of the benchmark done in [0, 1] when a limit is known. */
  progress: number | undefined;
  /**
   * Where the benchmark stands against its measured window: in the warmup before it, inside it
   * (`running`), or in the cooldown after it. Absent means `running`.
   */
  phase?: 'warmup' | 'running' | 'cooldown';
  dispatched: number;
  inFlight: number;
  successful: number;
  errored: number;
  incomplete: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  /**
   * Live sketch estimates (DDSketch, within 0.5% of the true percentile) over the benchmark so
   * far; 0 before any sample.
   */
  ttftMsP50: number;
  ttftMsP99: number;
  itlMsP50: number;
}

/** One benchmark ended, with its final numbers. */
export interface BenchmarkEndEvent {
  type: 'benchmark-end';
  benchmark: Benchmark;
}

/** The run ended with its validated report. */
export interface RunEndEvent {
  type: 'run-end';
  report: BenchmarkReport;
}

/** Something the user should know that is not an error (e.g. the client could not keep up). */
export interface WarningEvent {
  type: 'warning';
  code: string;
  message: string;
}

/** Every event a run emits. */
export type RunEvent =
  | RunStartEvent
  | BenchmarkStartEvent
  | RequestEndEvent
  | SnapshotEvent
  | BenchmarkEndEvent
  | RunEndEvent
  | WarningEvent;

/** The event map for EventEmitter-style subscription, keyed by event type. */
export interface RunEventMap {
  'run-start': [RunStartEvent];
  'benchmark-start': [BenchmarkStartEvent];
  'request-end': [RequestEndEvent];
  snapshot: [SnapshotEvent];
  'benchmark-end': [BenchmarkEndEvent];
  'run-end': [RunEndEvent];
  warning: [WarningEvent];
}
