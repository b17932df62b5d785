import type { RecordStore } from '../core/record-store.js';
import { InferbenchError } from '../errors.js';
import { BENCHMARK_METRIC_KEYS, type BenchmarkMetricKey } from './catalogue.js';
import { computeConcurrency } from './concurrency.js';
import type { StatusDistributions } from './distribution-types.js';
import { computeRates } from './rates.js';
import { computeRequestMetrics, type RequestMetrics } from './request-metrics.js';
import type { MeasuredWindow } from './measured-window.js';

/** Every metric under `benchmark.metrics`: one distribution per status each. */
export type BenchmarkMetrics = Record<BenchmarkMetricKey, StatusDistributions>;

/** A benchmark's metrics, and the per-request metrics reported elsewhere (token counts). */
export interface ComputedMetrics {
  /** `benchmark.metrics`, in catalogue order. */
  metrics: BenchmarkMetrics;
  /** Every per-request and per-gap metric, including those not under `metrics`. */
  perRequest: RequestMetrics;
}

/**
 * Computes every metric of the catalogue over a benchmark's records: per-request metrics over
 * the requests dispatched in `window`, throughput over those completed in it, concurrency over
 * it.
 */
export function computeBenchmarkMetrics(
  store: RecordStore,
  window: MeasuredWindow,
): ComputedMetrics {
  const perRequest = computeRequestMetrics(store, window);
  const computed: Partial<Record<string, StatusDistributions>> = {
    ...perRequest,
    ...computeRates(store, window),
    concurrency: computeConcurrency(store, window),
  };
  const metrics = {} as BenchmarkMetrics;
  for (const key of BENCHMARK_METRIC_KEYS) {
    const distributions = computed[key];
    // A catalogue entry of a kind computed nowhere above: a programming error, caught by tests.
    if (distributions === undefined) {
      throw new InferbenchError('ERR_INTERNAL', `metric ${key} has no computation`);
    }
    metrics[key] = distributions;
  }
  return { metrics, perRequest };
}
