import { STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { GOODPUT_METRIC_KEYS, METRIC_CATALOGUE, type GoodputMetricKey } from './catalogue.js';
import { requestValues } from './request-values.js';
import type { SloObjective, SloOperator } from './slo-parse.js';
import { compare } from './slo.js';
import { isInWindow, windowSeconds, type MeasuredWindow } from './measured-window.js';

/** A metric a goodput threshold applies to: a per-request latency of the catalogue. */
export type GoodputMetric = GoodputMetricKey;

/** A threshold every good request must meet, e.g. its own TTFT ≤ 500 ms. */
export interface GoodputThreshold {
  metric: GoodputMetric;
  operator: Extract<SloOperator, '<=' | '<'>;
  threshold: number;
}

/** Goodput of one benchmark: the requests that met every per-request threshold. */
export interface GoodputReport {
  /** Good requests completed inside the measured window, per second of it; `null` when it is empty. */
  requestsPerSecond: number | null;
  /**
   * Good requests / finished (successful or errored) requests dispatched in the window; `null`
   * when none finished (a fraction of nothing is no value, never 0).
   */
  fraction: number | null;
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
  const metrics: readonly string[] = GOODPUT_METRIC_KEYS;
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
 * as TPOT of a one-token answer, cannot fail it). A request's own value is read as the catalogue
 * says, the same columns as the metric's distribution (a request's `itlMs` is the mean of its
 * gaps). The fraction counts requests dispatched in the window; the rate counts good requests
 * completed in it, like every throughput.
 */
export function computeGoodput(
  store: RecordStore,
  window: MeasuredWindow,
  thresholds: readonly GoodputThreshold[],
): GoodputReport {
  const dispatched = store.column('dispatchedAt');
  const ended = store.column('endedAt');
  const statuses = store.statusCodes();
  const values = thresholds.map(({ metric }) =>
    requestValues(METRIC_CATALOGUE[metric].reads, store),
  );

  let goodRequests = 0;
  let finishedRequests = 0;
  let goodCompleted = 0;
  for (let i = 0; i < store.size; i++) {
    const status = statuses[i] as number;
    if (status === STATUS_CODES.incomplete) continue;
    const inWindow = isInWindow(dispatched[i] as number, window);
    if (inWindow) finishedRequests++;
    if (status !== STATUS_CODES.successful) continue;
    const good = thresholds.every(({ operator, threshold }, t) => {
      const value = values[t]![i] as number;
      return !Number.isFinite(value) || compare(value, operator, threshold);
    });
    if (!good) continue;
    if (inWindow) goodRequests++;
    if (isInWindow(ended[i] as number, window)) goodCompleted++;
  }
  const seconds = windowSeconds(window);
  return {
    requestsPerSecond: seconds === 0 ? null : goodCompleted / seconds,
    fraction: finishedRequests === 0 ? null : goodRequests / finishedRequests,
    goodRequests,
    finishedRequests,
    thresholds: [...thresholds],
  };
}
