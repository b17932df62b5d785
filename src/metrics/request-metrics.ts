import type { RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE, RECORD_METRIC_KEYS, type RecordMetricKey } from './catalogue.js';
import type { StatusDistributions } from './distribution-types.js';
import { requestValues } from './request-values.js';
import { groupByStatus, groupPooledByStatus, toStatusDistributions } from './status-split.js';
import { type MeasuredWindow, windowMask } from './measured-window.js';

/** One distribution per status for each metric computed from the requests' records. */
export type RequestMetrics = Record<RecordMetricKey, StatusDistributions>;

/**
 * The distributions of every per-request and per-gap metric of the catalogue, over the
 * requests dispatched inside `window`, split by status. A request adds a sample to a metric
 * only where the metric exists for it (no TTFT for a request that failed before its first
 * token; TPOT only with at least two output tokens); every gap of a request is one sample of a
 * per-gap metric.
 */
export function computeRequestMetrics(store: RecordStore, window: MeasuredWindow): RequestMetrics {
  const mask = windowMask(store.column('dispatchedAt'), window);
  const metrics = {} as RequestMetrics;
  for (const key of RECORD_METRIC_KEYS) {
    metrics[key] = toStatusDistributions(requestMetricSamples(store, key, mask));
  }
  return metrics;
}

/**
 * The samples of one per-request or per-gap metric, grouped by status as
 * {@link groupByStatus} does, over the rows whose `mask` entry is 1: what
 * {@link computeRequestMetrics} summarises, and what a shard sketches.
 */
export function requestMetricSamples(
  store: RecordStore,
  key: RecordMetricKey,
  mask: Uint8Array,
): Float64Array[] {
  const entry = METRIC_CATALOGUE[key];
  const statuses = store.statusCodes();
  return entry.kind === 'per-gap'
    ? groupPooledByStatus(
        store.allItlGaps(),
        store.itlOffsets(),
        store.itlLengths(),
        statuses,
        mask,
      )
    : groupByStatus(requestValues(entry.reads, store), statuses, mask);
}
