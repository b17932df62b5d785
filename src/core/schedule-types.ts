// What one benchmark's schedule takes and gives back, shared by the scheduler and the run.
import type { TransientPhase } from '../spec/transient-phase.js';
import type { Backend, BackendRequest } from '../spec/backend.js';
import type { Clock } from '../spec/clock.js';
import type { Constraint, StopDecision } from '../spec/constraint.js';
import type { RequestSample } from '../spec/data-source.js';
import type { Strategy } from '../spec/strategy.js';
import type { ServerTokenizer, Tokenizer } from '../spec/tokenizer.js';
import type { EventBus } from './event-bus.js';
import type { RecordSpillOptions, RecordStore } from './record-store.js';
import type { SampleFeeder } from './sample-feeder.js';
import type { RequestWorkers } from './workers/request-workers.js';

/**
 * How long cancelled requests may take to settle before the benchmark ends without them: they
 * count as incomplete from that moment. Tearing down thousands of connections (an unreachable
 * rate) would otherwise keep a benchmark running seconds past `maxSeconds`.
 */
export const CANCEL_GRACE_MS = 1000;

/** Everything one benchmark needs; the run supplies it. */
export interface ScheduleInput {
  index: number;
  strategy: Strategy;
  backend: Backend;
  feeder: SampleFeeder;
  constraints: readonly Constraint[];
  clock: Clock;
  /** Clock value at the run's start: every timestamp is relative to it. */
  originMs: number;
  /** The user's abort signal. */
  signal: AbortSignal | undefined;
  bus: EventBus;
  snapshotIntervalMs: number;
  /** Limits, for the progress fraction in snapshots. */
  maxSeconds: number | undefined;
  maxRequests: number | undefined;
  /** Warmup and cooldown, normalised, for the live phase in snapshots. */
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
  /**
   * Counts output tokens the server did not report (and checks a sample of those it did);
   * absent: a request without server usage counts its stream parts.
   */
  countingTokenizer?: Tokenizer | undefined;
  /**
   * The server's own tokenizer counts instead (after the benchmark, in one batch): the output
   * of each request the server reported no usage for is kept until then.
   */
  countingServer?: ServerTokenizer | undefined;
  /** Keep each request's prompt and output text in the store. */
  retainText?: boolean | undefined;
  /**
   * Move settled rows to a temporary file while the benchmark runs, so the client's memory
   * stays flat however long it runs (see `RecordSpillOptions`); they are read back before the
   * result is returned. Absent or `false`: every row stays in memory.
   */
  spill?: RecordSpillOptions | false | undefined;
  /** Reports a run warning (a spill that failed and left the rows in memory). */
  warn?: ((code: string, message: string) => void) | undefined;
  /**
   * Worker threads that send the requests (`workers` > 1): this thread keeps the schedule and
   * the records, they send and stamp; `backend` then only served the run's setup.
   */
  workers?: RequestWorkers | undefined;
  /**
   * Sees each sample as its request is dispatched (the run's sent-data digest). A
   * conversation's later turn is seen as the data decided it (its user message and budget),
   * not with its history, which holds the server's answers.
   */
  onDispatch?: ((sample: RequestSample) => void) | undefined;
}

/** What one benchmark measured. */
export interface ScheduleResult {
  startMs: number;
  endMs: number;
  stop: StopDecision;
  aborted: boolean;
  /**
   * Every request, appended as it settled, with its final token counts: the only thing a
   * benchmark keeps per request. With `spill`, rows spent the run in a temporary file and are
   * back in memory now; without, memory grew by a row (and its ITL gaps) per request.
   */
  records: RecordStore;
  /**
   * With `countingServer`: the output text of each row the server reported no usage for, to
   * count with the server's tokenizer after the benchmark.
   */
  uncountedOutputs?: Map<number, string>;
  /**
   * Connections the backend opened while the benchmark ran, after its warm-up: each one's
   * set-up time is inside some request's TTFT. Absent when the backend does not say.
   */
  newConnections?: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** With worker threads: how many, and the requests each one sent. */
  workers?: { count: number; requestsPerWorker: number[] };
}

/** The backend's request for a sample: its prompt or messages and token budgets. */
export function toRequest(sample: RequestSample): BackendRequest {
  const request: BackendRequest = { prompt: sample.prompt };
  if (sample.messages !== undefined) request.messages = sample.messages;
  if (sample.promptTokens !== undefined) request.promptTokens = sample.promptTokens;
  if (sample.outputTokens !== undefined) request.outputTokens = sample.outputTokens;
  return request;
}
