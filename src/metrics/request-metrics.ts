import type { RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE, RECORD_METRIC_KEYS, type RecordMetricKey } from './catalogue.js';
import type { StatusDistributions } from './distribution-types.js';
import { requestValues } from './request-values.js';
import { splitByStatus, splitPooledByStatus } from './status-split.js';
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
  const statuses = store.statusCodes();
  const metrics = {} as RequestMetrics;
  for (const key of RECORD_METRIC_KEYS) {
    const entry = METRIC_CATALOGUE[key];
    metrics[key] =
      entry.kind === 'per-gap'
        ? splitPooledByStatus(
            store.allItlGaps(),
            store.itlOffsets(),
            store.itlLengths(),
            statuses,
            mask,
          )
        : splitByStatus(requestValues(entry.reads, store), statuses, mask);
  }
  return metrics;
}
