import type { RecordStore } from '../core/record-store.js';
import type { Distribution } from './distribution-types.js';

/** The client-honesty section of a benchmark (see "Client honesty" in docs/concepts/metrics.md). */
export interface ClientReport {
  /** Dispatch lag of the requests dispatched in the measured window, every status. */
  dispatchLagMs: Distribution;
  /** Delay of the client's event loop during the benchmark, ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The open-loop rate asked for; absent for closed-loop strategies. */
  targetRatePerSecond?: number;
  /** The rate of the requests' own schedule (open loop). */
  scheduledRatePerSecond?: number;
  /** Dispatches per second over the dispatch span. */
  achievedRatePerSecond: number;
  /** The load generator could not keep up. */
  clientBound: boolean;
  /** Why `clientBound` is true. */
  clientBoundReason?: string;
  /**
   * Connections requests had to open while the benchmark ran, after the pool was warmed before
   * its clock started: each one's set-up (TCP, TLS) is inside some request's TTFT. Absent when
   * the backend does not say.
   */
  newConnections?: number;
  /**
   * Where the built-in mock server ran, for `target: 'mock'`: in a worker thread of its own, or
   * on the client's thread (only when its tokenizer could not be moved to a worker).
   */
  mockServer?: MockServerPlacement;
  /**
   * With `workers` > 1: the worker threads that sent the requests, and how many each sent (in
   * worker order); their event loops are in `eventLoopDelayMs` (the worst thread's).
   */
  workers?: WorkerThreads;
}

/** The worker threads that sent a benchmark's requests. */
export interface WorkerThreads {
  count: number;
  requestsPerWorker: number[];
}

/** Where the built-in mock server ran relative to the client. */
export type MockServerPlacement = 'worker-thread' | 'client-thread';

/**
 * When a benchmark's client is judged unable to keep up (`clientBound`). Dispatch lag beyond a
 * few ms means requests left later than scheduled, so the server saw less load than asked; a
 * busy event loop delays timestamps and dispatches alike; and an open-loop schedule whose
 * dispatches fall behind the schedule's own pace never delivered its target rate.
 */
export const CLIENT_BOUND_THRESHOLDS = {
  /** Dispatch lag p99 above this (ms) flags the benchmark. */
  dispatchLagP99Ms: 10,
  /** Event-loop delay p99 above this (ms) flags the benchmark. */
  eventLoopDelayP99Ms: 20,
  /** Achieved rate below this fraction of the scheduled rate flags an open-loop benchmark. */
  achievedRateFraction: 0.95,
  /** The rate check needs at least this many dispatches to say anything. */
  minDispatchesForRate: 10,
} as const;

/** What {@link assessClient} needs. */
export interface AssessClientInput {
  records: RecordStore;
  /** Dispatch lag over the measured window (the `total` distribution). */
  dispatchLagMs: Distribution;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The open-loop rate asked for, if any. */
  targetRatePerSecond?: number | undefined;
  /** Benchmark length in ms, for the rate of a benchmark with a single dispatch. */
  durationMs: number;
  /** Connections opened during the benchmark, when the backend says. */
  newConnections?: number | undefined;
  /** Where the mock server ran, when the target was the built-in mock. */
  mockServer?: MockServerPlacement | undefined;
  /** The worker threads that sent the requests, if any. */
  workers?: WorkerThreads | undefined;
}

/**
 * Rate of the events in `times` over their own span: `(n − 1) / (last − first)` per second, so a
 * schedule of `n` requests at `r` per second measures exactly `r`. With one event (or a zero
 * span) it falls back to `n / fallbackMs`; with none it is 0.
 */
export function spanRatePerSecond(times: Float64Array, fallbackMs: number): number {
  let n = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    if (!Number.isFinite(t)) continue;
    n++;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (n >= 2 && last > first) return ((n - 1) * 1000) / (last - first);
  return n > 0 && fallbackMs > 0 ? (n * 1000) / fallbackMs : 0;
}

/**
 * The client-honesty section of a benchmark: dispatch lag, event-loop delay, the achieved
 * dispatch rate, and `clientBound` with the reasons when a {@link CLIENT_BOUND_THRESHOLDS}
 * threshold is crossed. The rate check compares dispatches with the requests' own scheduled
 * times (not with the nominal target), so a Poisson schedule's natural randomness never trips it.
 */
export function assessClient(input: AssessClientInput): ClientReport {
  const limits = CLIENT_BOUND_THRESHOLDS;
  const loop = {
    p50: finiteOrZero(input.eventLoopDelayMs.p50),
    p99: finiteOrZero(input.eventLoopDelayMs.p99),
    max: finiteOrZero(input.eventLoopDelayMs.max),
  };
  const dispatched = input.records.column('dispatchedAt');
  const achieved = spanRatePerSecond(dispatched, input.durationMs);
  const target = input.targetRatePerSecond;
  const openLoop = target !== undefined && Number.isFinite(target) && target > 0;
  const scheduled = openLoop
    ? spanRatePerSecond(input.records.column('scheduledAt'), input.durationMs)
    : undefined;

  const reasons: string[] = [];
  const lagP99 = input.dispatchLagMs.percentiles.p99;
  if (lagP99 !== null && lagP99 > limits.dispatchLagP99Ms) {
    reasons.push(
      `dispatch lag p99 ${round(lagP99)} ms > ${limits.dispatchLagP99Ms} ms (requests left later than scheduled: a busy client, or a maxConcurrency cap holding them back)`,
    );
  }
  if (loop.p99 > limits.eventLoopDelayP99Ms) {
    reasons.push(`event-loop delay p99 ${round(loop.p99)} ms > ${limits.eventLoopDelayP99Ms} ms`);
  }
  const dispatches = dispatched.reduce((n, t) => (Number.isFinite(t) ? n + 1 : n), 0);
  const reference = scheduled !== undefined && scheduled > 0 ? scheduled : target;
  if (
    openLoop &&
    reference !== undefined &&
    dispatches >= limits.minDispatchesForRate &&
    achieved < limits.achievedRateFraction * reference
  ) {
    reasons.push(
      `achieved ${round(achieved)} requests/s < ${limits.achievedRateFraction * 100}% of the scheduled ${round(reference)} requests/s`,
    );
  }

  const report: ClientReport = {
    dispatchLagMs: input.dispatchLagMs,
    eventLoopDelayMs: loop,
    achievedRatePerSecond: achieved,
    clientBound: reasons.length > 0,
  };
  if (openLoop) report.targetRatePerSecond = target;
  if (scheduled !== undefined) report.scheduledRatePerSecond = scheduled;
  if (reasons.length > 0) report.clientBoundReason = reasons.join('; ');
  if (input.newConnections !== undefined) report.newConnections = input.newConnections;
  if (input.mockServer !== undefined) report.mockServer = input.mockServer;
  if (input.workers !== undefined) report.workers = input.workers;
  return report;
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
