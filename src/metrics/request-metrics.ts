import type { RecordNumberColumn, RecordStore } from '../core/record-store.js';
import type { StatusDistributions } from '../report/distribution-schema.js';
import { splitByStatus, splitPooledByStatus } from './status-split.js';
import { type MeasuredWindow, windowMask } from './window.js';

/** The per-request metrics of METRICS.md, in report order. */
export const REQUEST_METRIC_NAMES = [
  'ttftMs',
  'ttfotMs',
  'itlMs',
  'tpotMs',
  'requestLatencyMs',
  'decodeTimeMs',
  'scheduledTtftMs',
  'scheduledLatencyMs',
  'dispatchLagMs',
  'promptTokens',
  'outputTokens',
] as const;

/** The name of a per-request metric. */
export type RequestMetricName = (typeof REQUEST_METRIC_NAMES)[number];

/** One distribution per status for each per-request metric, plus the token count discrepancy. */
export type RequestMetrics = Record<RequestMetricName, StatusDistributions> & {
  tokenCountDiscrepancy: StatusDistributions;
};

/**
 * Per-request metric distributions of the requests dispatched inside `window`, split by status.
 * A request adds a sample to a metric only where the metric exists for it (e.g. no TTFT for a
 * request that failed before its first token; TPOT only with at least two output tokens); every
 * ITL gap of a request is one sample of `itlMs`.
 */
export function computeRequestMetrics(store: RecordStore, window: MeasuredWindow): RequestMetrics {
  const dispatched = store.column('dispatchedAt');
  const mask = windowMask(dispatched, window);
  const statuses = store.statusCodes();
  const col = (name: RecordNumberColumn): Float64Array => store.column(name);
  const split = (values: Float64Array): StatusDistributions =>
    splitByStatus(values, statuses, mask);

  return {
    ttftMs: split(difference(col('firstTokenAt'), dispatched)),
    ttfotMs: split(difference(col('firstOutputTokenAt'), dispatched)),
    itlMs: splitPooledByStatus(
      store.allItlGaps(),
      store.itlOffsets(),
      store.itlLengths(),
      statuses,
      mask,
    ),
    tpotMs: split(timePerOutputToken(col('firstTokenAt'), col('lastTokenAt'), col('outputTokens'))),
    requestLatencyMs: split(difference(col('endedAt'), dispatched)),
    decodeTimeMs: split(difference(col('lastTokenAt'), col('firstTokenAt'))),
    scheduledTtftMs: split(difference(col('firstTokenAt'), col('scheduledAt'))),
    scheduledLatencyMs: split(difference(col('endedAt'), col('scheduledAt'))),
    dispatchLagMs: split(difference(dispatched, col('scheduledAt'))),
    promptTokens: split(col('promptTokens')),
    outputTokens: split(col('outputTokens')),
    tokenCountDiscrepancy: split(col('tokenCountDiscrepancy')),
  };
}

/** `later − earlier` per row; NaN (absent) where either moment is absent. */
function difference(later: Float64Array, earlier: Float64Array): Float64Array {
  const out = new Float64Array(later.length);
  for (let i = 0; i < later.length; i++) out[i] = (later[i] as number) - (earlier[i] as number);
  return out;
}

/** `(lastTokenAt − firstTokenAt) / (outputTokens − 1)`, only for `outputTokens ≥ 2`. */
function timePerOutputToken(
  first: Float64Array,
  last: Float64Array,
  outputTokens: Float64Array,
): Float64Array {
  const out = new Float64Array(first.length);
  for (let i = 0; i < first.length; i++) {
    const tokens = outputTokens[i] as number;
    out[i] = tokens >= 2 ? ((last[i] as number) - (first[i] as number)) / (tokens - 1) : NaN;
  }
  return out;
}
