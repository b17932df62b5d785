import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { fitLinearTrend, testSlopeAbove, type TrendTest } from './linear-trend.js';
import type { Constraint, StopDecision } from '../spec/constraint.js';

/**
 * Options of the over-saturation detector. See docs/concepts/over-saturation.md for the method.
 */
export interface OverSaturationOptions {
  /**
   * Confidence of the one-sided bound on each slope.
   * @default 0.95
   */
  confidence?: number;
  /**
   * No decision before this many seconds into the benchmark.
   * @default 10
   */
  minSeconds?: number;
  /**
   * The trend is fitted over at most the last this many seconds (and never over the first
   * quarter of the benchmark, where the load is still building up).
   * @default 60
   */
  windowSeconds?: number;
  /**
   * Length of the intervals whose means are the fitted points. Longer than a request's latency
   * at a sustainable load keeps neighbouring points close to independent.
   * @default 1
   */
  intervalSeconds?: number;
  /**
   * Points (intervals with data) each series needs in the window before the detector decides.
   * @default 5
   */
  minIntervals?: number;
  /**
   * The growth that counts: across the window, a series must grow by more than this fraction
   * of its mean, with the stated confidence. Zero tests for any growth at all.
   * @default 0.1
   */
  minGrowth?: number;
  /** Called with every verdict, decided or not (for tests and diagnostics). */
  onEvaluate?: (verdict: OverSaturationVerdict) => void;
  /**
   * The server's own waiting-queue length, as last scraped from its metrics (`undefined` when
   * unknown). Its growth counts as a growing queue beside the client's in-flight count (see
   * docs/concepts/over-saturation.md); `runBenchmark` passes it when it scrapes the server's
   * metrics.
   */
  serverWaiting?: () => number | undefined;
}

/** One evaluation of the detector. */
export interface OverSaturationVerdict {
  /** Seconds since the benchmark's start. */
  elapsedSeconds: number;
  /** False while there is too little data to decide (too early, too few points). */
  decided: boolean;
  /** True when both concurrency and TTFT grow, with the stated confidence. */
  overSaturated: boolean;
  /** In-flight requests against time (slope in requests per second). */
  concurrency: TrendTest | undefined;
  /** TTFT in ms against the time it became known, in seconds (slope in ms per second). */
  ttft: TrendTest | undefined;
  /** The server's waiting requests against time, when its metrics were scraped. */
  serverWaiting?: TrendTest | undefined;
  /**
   * The queue the verdict used: the client's requests in flight when they grow, else the
   * server's waiting requests when they had enough points, else the client's.
   */
  queue: 'server-waiting' | 'client-in-flight';
}

/** Defaults of the over-saturation detector; see docs/concepts/over-saturation.md. */
export const OVER_SATURATION_DEFAULTS = {
  confidence: 0.95,
  minSeconds: 10,
  windowSeconds: 60,
  intervalSeconds: 1,
  minIntervals: 5,
  minGrowth: 0.1,
} as const;

/** Options with every default applied. */
type ResolvedOptions = Required<Omit<OverSaturationOptions, 'onEvaluate' | 'serverWaiting'>>;

/** The window never reaches back into this first share of the benchmark (the load's ramp). */
const SKIP_FRACTION = 0.25;

function check(field: string, value: number, ok: boolean, expected: string): number {
  if (!ok || !Number.isFinite(value)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `overSaturation.${field}: expected ${expected}, received ${describeReceived(value)}`,
      { field: `overSaturation.${field}` },
    );
  }
  return value;
}

function resolve(options: OverSaturationOptions): ResolvedOptions {
  const d = OVER_SATURATION_DEFAULTS;
  const confidence = options.confidence ?? d.confidence;
  const minSeconds = options.minSeconds ?? d.minSeconds;
  const windowSeconds = options.windowSeconds ?? d.windowSeconds;
  const intervalSeconds = options.intervalSeconds ?? d.intervalSeconds;
  const minIntervals = options.minIntervals ?? d.minIntervals;
  const minGrowth = options.minGrowth ?? d.minGrowth;
  return {
    confidence: check(
      'confidence',
      confidence,
      confidence > 0.5 && confidence < 1,
      'a number > 0.5 and < 1',
    ),
    minSeconds: check('minSeconds', minSeconds, minSeconds >= 0, 'a number >= 0'),
    windowSeconds: check('windowSeconds', windowSeconds, windowSeconds > 0, 'a number > 0'),
    intervalSeconds: check('intervalSeconds', intervalSeconds, intervalSeconds > 0, 'a number > 0'),
    minIntervals: check(
      'minIntervals',
      minIntervals,
      Number.isInteger(minIntervals) && minIntervals >= 3,
      'an integer >= 3',
    ),
    minGrowth: check('minGrowth', minGrowth, minGrowth >= 0, 'a number >= 0'),
  };
}

/** Per-interval sums and counts of one series. */
class IntervalSeries {
  readonly sums: number[] = [];
  readonly counts: number[] = [];

  add(interval: number, value: number): void {
    this.sums[interval] = (this.sums[interval] ?? 0) + value;
    this.counts[interval] = (this.counts[interval] ?? 0) + 1;
  }

  /** Interval means in `[first, end)` against interval centres in seconds. */
  points(first: number, end: number, intervalSeconds: number): { xs: number[]; ys: number[] } {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = Math.max(0, first); i < end; i++) {
      const count = this.counts[i] ?? 0;
      if (count === 0) continue;
      xs.push((i + 0.5) * intervalSeconds);
      ys.push(this.sums[i]! / count);
    }
    return { xs, ys };
  }
}

/**
 * The detector behind {@link createOverSaturationConstraint}, fed directly: concurrency samples
 * and TTFTs in, verdicts out. Times are ms since the benchmark's start.
 */
export interface OverSaturationDetector {
  /** Requests in flight at `elapsedMs`. */
  observeConcurrency(elapsedMs: number, inFlight: number): void;
  /** A TTFT that became known at `elapsedMs` (when its request finished). */
  observeTtft(elapsedMs: number, ttftMs: number): void;
  /** The server's waiting-queue length known at `elapsedMs` (from its scraped metrics). */
  observeServerWaiting(elapsedMs: number, waiting: number): void;
  /** Fits both trends over the window that ends at `elapsedMs` (closed intervals only). */
  evaluate(elapsedMs: number): OverSaturationVerdict;
}

/** Creates an {@link OverSaturationDetector}. */
export function createOverSaturationDetector(
  options: OverSaturationOptions = {},
): OverSaturationDetector {
  const o = resolve(options);
  const intervalMs = o.intervalSeconds * 1000;
  const concurrency = new IntervalSeries();
  const ttft = new IntervalSeries();
  const waiting = new IntervalSeries();

  function test(series: IntervalSeries, first: number, end: number): TrendTest | undefined {
    const { xs, ys } = series.points(first, end, o.intervalSeconds);
    if (xs.length < o.minIntervals) return undefined;
    const trend = fitLinearTrend(xs, ys);
    if (!(trend.spanX > 0)) return undefined;
    const floor = (o.minGrowth * Math.max(0, trend.meanY)) / trend.spanX;
    return testSlopeAbove(trend, o.confidence, floor);
  }

  return {
    observeConcurrency(elapsedMs, inFlight) {
      concurrency.add(Math.floor(elapsedMs / intervalMs), inFlight);
    },
    observeTtft(elapsedMs, ttftMs) {
      if (Number.isFinite(ttftMs) && Number.isFinite(elapsedMs)) {
        ttft.add(Math.floor(Math.max(0, elapsedMs) / intervalMs), ttftMs);
      }
    },
    observeServerWaiting(elapsedMs, value) {
      if (Number.isFinite(value) && Number.isFinite(elapsedMs)) {
        waiting.add(Math.floor(Math.max(0, elapsedMs) / intervalMs), value);
      }
    },
    evaluate(elapsedMs) {
      const elapsedSeconds = elapsedMs / 1000;
      const undecided: OverSaturationVerdict = {
        elapsedSeconds,
        decided: false,
        overSaturated: false,
        concurrency: undefined,
        ttft: undefined,
        queue: 'client-in-flight',
      };
      if (elapsedSeconds < o.minSeconds) return undecided;
      const windowStartMs = Math.max(elapsedMs - o.windowSeconds * 1000, elapsedMs * SKIP_FRACTION);
      const first = Math.ceil(windowStartMs / intervalMs);
      // The interval in progress is left out: its mean is still moving.
      const end = Math.floor(elapsedMs / intervalMs);
      const concurrencyTest = test(concurrency, first, end);
      const ttftTest = test(ttft, first, end);
      const waitingTest = test(waiting, first, end);
      // A backlog shows in the client's in-flight count, or in the server's own queue when its
      // metrics are scraped (a client capped by maxConcurrency holds its count flat).
      const queue =
        concurrencyTest?.exceeds === true
          ? 'client-in-flight'
          : waitingTest !== undefined
            ? 'server-waiting'
            : 'client-in-flight';
      const queueTest = queue === 'server-waiting' ? waitingTest : concurrencyTest;
      const decided = queueTest !== undefined && ttftTest !== undefined;
      return {
        elapsedSeconds,
        decided,
        overSaturated: decided && queueTest.exceeds && ttftTest.exceeds,
        concurrency: concurrencyTest,
        ttft: ttftTest,
        ...(waitingTest === undefined ? {} : { serverWaiting: waitingTest }),
        queue,
      };
    },
  };
}

function describe(verdict: OverSaturationVerdict, o: ResolvedOptions): string {
  const server = verdict.queue === 'server-waiting';
  const c = server ? verdict.serverWaiting! : verdict.concurrency!;
  const t = verdict.ttft!;
  const percent = `${(o.confidence * 100).toFixed(o.confidence * 100 < 99 ? 0 : 1)}%`;
  return (
    `over-saturated after ${verdict.elapsedSeconds.toFixed(1)} s: ` +
    `${server ? "the server's waiting requests" : 'in-flight requests'} grew ` +
    `${c.slope.toFixed(2)} ± ${c.margin.toFixed(2)} per s (${c.count} points, mean ` +
    `${c.meanY.toFixed(1)}) and TTFT ${t.slope.toFixed(1)} ± ${t.margin.toFixed(1)} ms per s ` +
    `(${t.count} points, mean ${t.meanY.toFixed(0)} ms); one-sided ${percent} lower bounds ` +
    `${c.lowerBound.toFixed(2)} and ${t.lowerBound.toFixed(1)} exceed the growth floors ` +
    `${c.floor.toFixed(2)} and ${t.floor.toFixed(1)} (${o.minGrowth * 100}% of the mean ` +
    `across the window)`
  );
}

/**
 * Stops a benchmark, with reason `over-saturation`, once it is confident that the server cannot
 * keep up with the offered load: over a sliding window, both the number of requests in flight
 * and the TTFT of finished requests grow, each with a one-sided t-test on its
 * least-squares slope at the stated confidence. In-flight requests are cancelled; a fixed list
 * of rates does not escalate past such a benchmark.
 *
 * @example
 * ```ts
 * const report = await runBenchmark({
 *   target: 'mock',
 *   profile: 'constant',
 *   rate: [5, 10, 20, 40],
 *   maxSeconds: 60,
 *   constraints: [createOverSaturationConstraint({ confidence: 0.99, minSeconds: 15 })],
 * });
 * ```
 */
export function createOverSaturationConstraint(options: OverSaturationOptions = {}): Constraint {
  const o = resolve(options);
  const intervalMs = o.intervalSeconds * 1000;
  return {
    name: 'over-saturation',
    start() {
      const detector = createOverSaturationDetector(o);
      const serverWaiting = options.serverWaiting;
      const observeServer = (elapsedMs: number): void => {
        const value = serverWaiting?.();
        if (value !== undefined) detector.observeServerWaiting(elapsedMs, value);
      };
      let evaluatedInterval = -1;
      const evaluate = (elapsedMs: number): StopDecision | undefined => {
        // Points change only when an interval closes: evaluate once per interval.
        const interval = Math.floor(elapsedMs / intervalMs);
        if (interval === evaluatedInterval) return undefined;
        evaluatedInterval = interval;
        const verdict = detector.evaluate(elapsedMs);
        options.onEvaluate?.(verdict);
        if (!verdict.overSaturated) return undefined;
        return { reason: 'over-saturation', mode: 'cancel', detail: describe(verdict, o) };
      };
      return {
        beforeDispatch(state) {
          detector.observeConcurrency(state.elapsedMs, state.inFlight);
          observeServer(state.elapsedMs);
          return evaluate(state.elapsedMs);
        },
        afterRequest(status, state, record) {
          detector.observeConcurrency(state.elapsedMs, state.inFlight);
          observeServer(state.elapsedMs);
          // A TTFT is placed at the moment it is known (the request's end), not at its dispatch:
          // in overload the requests dispatched lately have no TTFT yet, so a window by dispatch
          // time would hold almost nothing recent.
          if (status === 'successful' && record !== undefined) {
            detector.observeTtft(state.elapsedMs, record.firstTokenAt - record.dispatchedAt);
          }
          return evaluate(state.elapsedMs);
        },
      };
    },
  };
}
