import type { RequestRecord, RequestStatus } from './request-record.js';

/** Why a benchmark or run stopped. */
export type StopReason =
  | 'completed'
  | 'max-seconds'
  | 'max-requests'
  | 'max-errors'
  | 'max-error-rate'
  | 'over-saturation'
  | 'initial-failures'
  | 'data-exhausted'
  | 'aborted'
  | 'failed';

/** The running state of one benchmark, as constraints see it. Times are ms since its start. */
export interface BenchmarkState {
  elapsedMs: number;
  /** Requests handed to the backend so far. */
  dispatched: number;
  /** Requests in flight now. */
  inFlight: number;
  successful: number;
  errored: number;
  incomplete: number;
}

/**
 * A constraint's verdict. `drain` stops sending new requests and lets those in flight finish;
 * `cancel` also cancels those in flight (they are counted as incomplete).
 */
export interface StopDecision {
  reason: StopReason;
  mode: 'drain' | 'cancel';
  /** A sentence for the report, e.g. `12 of the last 30 requests failed (40%)`. */
  detail: string;
}

/** A constraint's state for one benchmark. Every hook is optional. */
export interface ConstraintMonitor {
  /** Before each dispatch: may refuse it (e.g. a request budget is spent). */
  beforeDispatch?(state: BenchmarkState): StopDecision | undefined;
  /**
   * After each finished request, with its record (timestamps are ms since the run's start,
   * while `state.elapsedMs` counts from the benchmark's start).
   */
  afterRequest?(
    status: RequestStatus,
    state: BenchmarkState,
    record: RequestRecord,
  ): StopDecision | undefined;
  /** A deadline in ms from the benchmark start at which the benchmark must stop. */
  deadline?(): { atMs: number; decision: StopDecision } | undefined;
}

/** Decides when a benchmark stops. `start` is called once per benchmark for fresh state. */
export interface Constraint {
  readonly name: string;
  start(): ConstraintMonitor;
}
