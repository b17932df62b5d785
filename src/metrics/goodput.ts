import type { RecordStore } from '../core/record-store.js';
import type { SloObjective, SloOperator } from './slo.js';
import { compare } from './slo.js';
import { isInWindow, windowSeconds, type MeasuredWindow } from './window.js';

/** Per-request metrics a goodput threshold can apply to. */
export const GOODPUT_METRICS = [
  'ttftMs',
  'ttfotMs',
  'itlMs',
  'tpotMs',
  'requestLatencyMs',
  'decodeTimeMs',
  'scheduledTtftMs',
  'scheduledLatencyMs',
] as const;

/** A metric a goodput threshold applies to. */
export type GoodputMetric = (typeof GOODPUT_METRICS)[number];

/** A threshold every good request must meet, e.g. its own TTFT ≤ 500 ms. */
export interface GoodputThreshold {
  metric: GoodputMetric;
  operator: Extract<SloOperator, '<=' | '<'>;
  threshold: number;
}

/** Goodput of one benchmark: the requests that met every per-request threshold. */
export interface GoodputReport {
  /** Good requests completed inside the measured window, per second of the window. */
  requestsPerSecond: number;
  /** Good requests / finished (successful or errored) requests dispatched in the window; 0 when none. */
  fraction: number;
  /** Good requests dispatched in the window. */
  goodRequests: number;
  /** Finished requests dispatched in the window (the fraction's denominator). */
  finishedRequests: number;
  thresholds: GoodputThreshold[];
}

/**
 * The per-request thresholds implied by SLO objectives: each upper bound on a per-request latency
 * metric applies to every request. Where several statistics bound one metric (p50 ≤ 100 and
 * p99 ≤ 500), the loosest bound is the per-request one: a request within the tail bound is
 * acceptable; the statistics themselves are judged by the SLO verdicts.
 */
export function goodputThresholds(objectives: readonly SloObjective[]): GoodputThreshold[] {
  const byMetric = new Map<GoodputMetric, GoodputThreshold>();
  const metrics: readonly string[] = GOODPUT_METRICS;
  for (const objective of objectives) {
    if (!metrics.includes(objective.metric)) continue;
    if (objective.operator !== '<=' && objective.operator !== '<') continue;
    const metric = objective.metric as GoodputMetric;
    const current = byMetric.get(metric);
    if (
      current === undefined ||
      objective.threshold > current.threshold ||
      (objective.threshold === current.threshold && objective.operator === '<=')
    ) {
      byMetric.set(metric, {
        metric,
        operator: objective.operator,
        threshold: objective.threshold,
      });
    }
  }
  return [...byMetric.values()];
}

/**
 * Goodput (DistServe's term) over a benchmark's records: a request is good when it succeeded and
 * its own value of every thresholded metric meets the threshold (a metric the request lacks, such
 * as TPOT of a one-token answer, cannot fail it). A request's `itlMs` is the mean of its gaps.
 * The fraction counts requests dispatched in the window; the rate counts good requests completed
 * in it, like every throughput.
 */
export function computeGoodput(
  store: RecordStore,
  window: MeasuredWindow,
  thresholds: readonly GoodputThreshold[],
): GoodputReport {
  const dispatched = store.column('dispatchedAt');
  const scheduled = store.column('scheduledAt');
  const firstToken = store.column('firstTokenAt');
  const firstOutput = store.column('firstOutputTokenAt');
  const lastToken = store.column('lastTokenAt');
  const ended = store.column('endedAt');
  const outputTokens = store.column('outputTokens');
  const statuses = store.statusCodes();
  const gaps = store.allItlGaps();
  const gapOffsets = store.itlOffsets();
  const gapLengths = store.itlLengths();

  const valueOf = (metric: GoodputMetric, i: number): number => {
    switch (metric) {
      case 'ttftMs':
        return (firstToken[i] as number) - (dispatched[i] as number);
      case 'ttfotMs':
        return (firstOutput[i] as number) - (dispatched[i] as number);
      case 'tpotMs': {
        const tokens = outputTokens[i] as number;
        return tokens >= 2
          ? ((lastToken[i] as number) - (firstToken[i] as number)) / (tokens - 1)
          : NaN;
      }
      case 'itlMs': {
        const length = gapLengths[i] as number;
        if (length === 0) return NaN;
        const offset = gapOffsets[i] as number;
        let sum = 0;
        for (let g = 0; g < length; g++) sum += gaps[offset + g] as number;
        return sum / length;
      }
      case 'requestLatencyMs':
        return (ended[i] as number) - (dispatched[i] as number);
      case 'decodeTimeMs':
        return (lastToken[i] as number) - (firstToken[i] as number);
      case 'scheduledTtftMs':
        return (firstToken[i] as number) - (scheduled[i] as number);
      case 'scheduledLatencyMs':
        return (ended[i] as number) - (scheduled[i] as number);
    }
  };

  let goodRequests = 0;
  let finishedRequests = 0;
  let goodCompleted = 0;
  for (let i = 0; i < store.size; i++) {
    const status = statuses[i] as number;
    // Status codes follow REQUEST_STATUSES: 0 successful, 1 errored, 2 incomplete.
    if (status === 2) continue;
    const inWindow = isInWindow(dispatched[i] as number, window);
    if (inWindow) finishedRequests++;
    if (status !== 0) continue;
    let good = true;
    for (const { metric, operator, threshold } of thresholds) {
      const value = valueOf(metric, i);
      if (Number.isFinite(value) && !compare(value, operator, threshold)) {
        good = false;
        break;
      }
    }
    if (!good) continue;
    if (inWindow) goodRequests++;
    if (isInWindow(ended[i] as number, window)) goodCompleted++;
  }
  const seconds = windowSeconds(window);
  return {
    requestsPerSecond: seconds === 0 ? 0 : goodCompleted / seconds,
    fraction: finishedRequests === 0 ? 0 : goodRequests / finishedRequests,
    goodRequests,
    finishedRequests,
    thresholds: [...thresholds],
  };
}
