import { REQUEST_STATUSES, STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { RECORD_METRIC_KEYS, type RecordMetricKey } from '../metrics/catalogue.js';
import { windowMask, type MeasuredWindow } from '../metrics/measured-window.js';
import { requestMetricSamples } from '../metrics/request-metrics.js';
import type { BenchmarkSketches, StatusSketches } from '../report/sketch-schema.js';
import { SKETCH_DELTA, sketchSamples } from './sketch.js';

/**
 * Sketches of every per-request and per-gap metric of a benchmark, over exactly the samples its
 * exact distributions summarise (the requests dispatched in the measured window, by status):
 * what a shard's report carries so that shards merge without their records.
 */
export function sketchRequestMetrics(
  store: RecordStore,
  window: MeasuredWindow,
): BenchmarkSketches {
  const mask = windowMask(store.column('dispatchedAt'), window);
  const metrics = {} as Record<RecordMetricKey, StatusSketches>;
  for (const key of RECORD_METRIC_KEYS) {
    const groups = requestMetricSamples(store, key, mask);
    metrics[key] = {
      successful: sketchSamples(groups[STATUS_CODES.successful]!),
      errored: sketchSamples(groups[STATUS_CODES.errored]!),
      incomplete: sketchSamples(groups[STATUS_CODES.incomplete]!),
      total: sketchSamples(groups[REQUEST_STATUSES.length]!),
    };
  }
  return { kind: 'tdigest', delta: SKETCH_DELTA, metrics };
}
