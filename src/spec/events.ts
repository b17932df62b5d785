import type { StrategySpec } from './strategy.js';
import type { RequestStatus } from './request-record.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';

/** Which tokenizer a run uses and where it came from. */
export interface RunTokenizer {
  /**
   * `word`: the built-in word tokenizer; `file`: a local `tokenizer.json`; `cache` / `hub`: a
   * Hugging Face model's, from the local cache or downloaded; `server`: the target's own
   * `/tokenize`; `custom`: a Tokenizer object passed in.
   */
  source: 'file' | 'cache' | 'hub' | 'server' | 'word' | 'custom';
  /** The file path, model id or name. */
  id: string;
  /** The Hub revision, for `cache` and `hub`. */
  revision?: string;
}

/**
 * The run began, checked and resolved: the target's base URL (secrets removed), the model, the
 * data source and tokenizer. `plannedBenchmarks` is known for fixed profiles and the sweep.
 */
export interface RunStartEvent {
  type: 'run-start';
  target: string;
  model: string;
  profile: string;
  plannedBenchmarks?: number;
  /** The data source in one line, e.g. `synthetic prompt_tokens=256,output_tokens=128`. */
  data: string;
  tokenizer: RunTokenizer;
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
   * Live sketch estimates (DDSketch, within 0.5% of the true percentile) over the benchmark's
   * successful requests so far; `null` before any sample.
   */
  ttftMsP50: number | null;
  ttftMsP99: number | null;
  itlMsP50: number | null;
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

/** A Hugging Face Hub download in progress (a tokenizer's files), before the run starts. */
export interface DownloadProgressEvent {
  type: 'download-progress';
  /** The repository id, e.g. `Qwen/Qwen3-0.6B`. */
  repo: string;
  /** The file in the repository. */
  path: string;
  receivedBytes: number;
  totalBytes: number;
  done: boolean;
}

/** Every event a run emits. */
export type RunEvent =
  | RunStartEvent
  | BenchmarkStartEvent
  | RequestEndEvent
  | SnapshotEvent
  | BenchmarkEndEvent
  | RunEndEvent
  | WarningEvent
  | DownloadProgressEvent;

/** The event map for EventEmitter-style subscription, keyed by event type. */
export interface RunEventMap {
  'run-start': [RunStartEvent];
  'benchmark-start': [BenchmarkStartEvent];
  'request-end': [RequestEndEvent];
  snapshot: [SnapshotEvent];
  'benchmark-end': [BenchmarkEndEvent];
  'run-end': [RunEndEvent];
  warning: [WarningEvent];
  'download-progress': [DownloadProgressEvent];
}
