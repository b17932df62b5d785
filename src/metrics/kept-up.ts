import { STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { createOverSaturationDetector } from '../constraints/over-saturation.js';
import { isInWindow, windowSeconds, type MeasuredWindow } from './measured-window.js';

/**
 * Whether the server kept up with an open-loop benchmark's offered rate (see "Did the server
 * keep up" in docs/concepts/metrics.md): it completed the offered rate, within a tolerance, over
 * the measured window, and the number of requests in flight did not keep growing.
 */
export interface KeptUpReport {
  /**
   * Both checks passed; `null` when the measured window is under twice the median request
   * latency, too short to tell (nothing had time to complete).
   */
  keptUp: boolean | null;
  /**
   * Requests the schedule offered in the measured window less its last median latency `L`, per
   * second: the strategy's rate, less any rampup.
   */
  offeredRatePerSecond: number;
  /**
   * Successful requests completed in the measured window less its first `L`, per second: when
   * the server keeps up, what was offered `L` earlier.
   */
  completedRatePerSecond: number;
  /**
   * The completion rate must reach `offered × (1 − tolerance)`, less an allowance for arrival
   * noise: one request for constant arrivals, two standard deviations (`2√n`) for Poisson.
   */
  tolerance: number;
  /** The completion rate the benchmark had to reach. */
  requiredRatePerSecond: number;
  /**
   * The trend of requests in flight over the measured window (its ramp left out), tested as the
   * over-saturation detector tests it; `null` when the window held too few points to tell.
   */
  concurrencyTrend: {
    /** Least-squares slope, requests per second. */
    slopePerSecond: number;
    /** One-sided 95% lower confidence bound of the slope. */
    lowerBound: number;
    /** The growth that counts: 10% of the mean concurrency across the window. */
    floor: number;
    points: number;
    /** `lowerBound > floor`: the queue kept growing. */
    growing: boolean;
  } | null;
  /** Why it did not keep up, when it did not. */
  reason?: string;
}

/** The completion rate may fall this far short of the offered rate (plus arrival noise). */
export const KEPT_UP_TOLERANCE = 0.05;

/** The concurrency trend is fitted over about this many intervals of the window. */
const TREND_POINTS = 12;

/** What {@link assessKeptUp} needs. */
export interface AssessKeptUpInput {
  records: RecordStore;
  window: MeasuredWindow;
  /** Poisson arrivals vary: the allowance grows with √n. */
  arrivals: 'constant' | 'poisson';
  /** The median latency of successful requests, ms: the ramp the trend leaves out. */
  latencyP50Ms: number | null;
}

/**
 * Judges whether the server kept up with an open-loop benchmark (constant or Poisson rate):
 * the successful requests it completed in the measured window against the requests the schedule
 * offered in it. A benchmark offered more than the server can serve completes less than it was
 * offered, and its queue grows for as long as it runs; one that only just fits does neither. A
 * short window hides the second symptom, so both are checked.
 */
export function assessKeptUp(input: AssessKeptUpInput): KeptUpReport {
  const { records, window } = input;
  const seconds = windowSeconds(window);
  const latencyMs = Math.max(0, input.latencyP50Ms ?? 0);
  // A request takes about a median latency: those offered in the window's first `W − L` should
  // have completed in its last `W − L`, when the server keeps up.
  const spanMs = seconds * 1000 - latencyMs;
  const offeredWindow = { startMs: window.startMs, endMs: window.endMs - latencyMs };
  const completedWindow = { startMs: window.startMs + latencyMs, endMs: window.endMs };
  const scheduled = records.column('scheduledAt');
  const ended = records.column('endedAt');
  const statuses = records.statusCodes();
  let completed = 0;
  let offered = 0;
  for (let i = 0; i < records.size; i++) {
    // What the schedule offered, whether or not the client managed to send it on time.
    if (isInWindow(scheduled[i] as number, offeredWindow)) offered++;
    if (
      statuses[i] === STATUS_CODES.successful &&
      isInWindow(ended[i] as number, completedWindow)
    ) {
      completed++;
    }
  }
  const tooShort = seconds === 0 || spanMs < latencyMs;
  const spanSeconds = Math.max(spanMs, 0) / 1000;
  const allowance = input.arrivals === 'poisson' ? 2 * Math.sqrt(offered) : 1;
  const requiredCount = Math.max(0, offered * (1 - KEPT_UP_TOLERANCE) - allowance);
  const perSecond = (count: number): number => (spanSeconds === 0 ? 0 : count / spanSeconds);
  const trend = tooShort ? null : concurrencyTrend(records, window, latencyMs);
  const reasons: string[] = [];
  if (tooShort) {
    reasons.push(
      seconds === 0
        ? 'the measured window is empty'
        : `the measured window (${round(seconds)} s) is under twice the median request latency (${round(latencyMs / 1000)} s): too short to tell`,
    );
  } else if (completed < requiredCount) {
    reasons.push(
      `completed ${round(perSecond(completed))} requests/s of the ${round(perSecond(offered))} offered (at least ${round(perSecond(requiredCount))} needed)`,
    );
  }
  if (trend?.growing === true) {
    reasons.push(
      `requests in flight grew by ${round(trend.slopePerSecond)} per s (95% lower bound ${round(trend.lowerBound)} > ${round(trend.floor)})`,
    );
  }
  const report: KeptUpReport = {
    keptUp: tooShort ? null : reasons.length === 0,
    offeredRatePerSecond: perSecond(offered),
    completedRatePerSecond: perSecond(completed),
    tolerance: KEPT_UP_TOLERANCE,
    requiredRatePerSecond: perSecond(requiredCount),
    concurrencyTrend: trend,
  };
  if (reasons.length > 0) report.reason = reasons.join('; ');
  return report;
}

/**
 * The trend of requests in flight across the window, sampled at every dispatch and completion
 * (as the over-saturation detector samples it during a run), leaving out the ramp: the first
 * median latency of the window, and the detector's own first quarter.
 */
function concurrencyTrend(
  records: RecordStore,
  window: MeasuredWindow,
  latencyP50Ms: number,
): KeptUpReport['concurrencyTrend'] {
  const lengthMs = window.endMs - window.startMs;
  if (!(lengthMs > 0)) return null;
  const dispatched = records.column('dispatchedAt');
  const ended = records.column('endedAt');
  const events: [number, number][] = [];
  for (let i = 0; i < records.size; i++) {
    const start = dispatched[i] as number;
    if (!Number.isFinite(start)) continue;
    events.push([start, 1]);
    const end = ended[i] as number;
    if (Number.isFinite(end)) events.push([end, -1]);
  }
  // Ends before dispatches at one instant: a slot freed and reused is no growth.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rampMs = Math.min(lengthMs / 2, latencyP50Ms);
  const originMs = window.startMs + rampMs;
  const spanMs = window.endMs - originMs;
  const detector = createOverSaturationDetector({
    minSeconds: 0,
    windowSeconds: spanMs / 1000 + 1,
    intervalSeconds: Math.max(0.05, spanMs / 1000 / TREND_POINTS),
    minIntervals: 5,
  });
  let inFlight = 0;
  for (const [time, change] of events) {
    inFlight += change;
    if (time >= originMs && time <= window.endMs) {
      detector.observeConcurrency(time - originMs, inFlight);
    }
  }
  // Evaluated just past the window's end, so that its last interval counts as closed.
  const test = detector.evaluate(spanMs + 1e-6).concurrency;
  if (test === undefined) return null;
  return {
    slopePerSecond: test.slope,
    lowerBound: test.lowerBound,
    floor: test.floor,
    points: test.count,
    growing: test.exceeds,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
