import { REQUEST_STATUSES, STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { sweepConcurrency } from './concurrency.js';
import type { MeasuredWindow } from './measured-window.js';

/** Length of a time-series bucket in ms. */
export const TIME_SERIES_BUCKET_MS = 1000;

/**
 * Per-second series of one benchmark, for plots. Bucket `b` covers
 * `[startMs + b·1000, startMs + (b+1)·1000)`; the last bucket may be shorter and also takes
 * events at the span's very end. Counts are per bucket, not rates.
 */
export interface TimeSeries {
  /** Bucket length in ms (1000). */
  bucketMs: number;
  /** Start of the first bucket, in ms since run start. */
  startMs: number;
  /** Requests dispatched in each bucket. */
  requestsDispatched: number[];
  /** Requests that ended in each bucket, whatever their status. */
  requestsCompleted: number[];
  /** Successful requests that ended in each bucket. */
  requestsSuccessful: number[];
  /** Errored requests that ended in each bucket. */
  requestsErrored: number[];
  /** Incomplete (cancelled) requests that ended in each bucket. */
  requestsIncomplete: number[];
  /** Prompt tokens of the requests that ended in each bucket. */
  promptTokens: number[];
  /** Output tokens of the requests that ended in each bucket. */
  outputTokens: number[];
  /** Time-averaged number of requests in flight during each bucket. */
  concurrency: number[];
}

/**
 * Buckets the requests of `store` into one-second buckets over `span` (a whole benchmark, so a
 * plot can shade the warmup and cooldown that the timings name).
 */
export function computeTimeSeries(store: RecordStore, span: MeasuredWindow): TimeSeries {
  const spanMs = span.endMs - span.startMs;
  const buckets =
    Number.isFinite(spanMs) && spanMs > 0 ? Math.ceil(spanMs / TIME_SERIES_BUCKET_MS) : 0;
  const make = () => new Float64Array(buckets);
  const dispatchedSeries = make();
  const byStatus = REQUEST_STATUSES.map(make);
  const promptSeries = make();
  const outputSeries = make();
  const inFlightMs = make();
  const bucketOf = (t: number): number =>
    t >= span.startMs && t <= span.endMs
      ? Math.min(buckets - 1, Math.floor((t - span.startMs) / TIME_SERIES_BUCKET_MS))
      : -1;

  if (buckets > 0) {
    const dispatched = store.column('dispatchedAt');
    const ended = store.column('endedAt');
    const statuses = store.statusCodes();
    const prompt = store.column('promptTokens');
    const output = store.column('outputTokens');
    for (let i = 0; i < ended.length; i++) {
      const d = bucketOf(dispatched[i] as number);
      if (d >= 0) dispatchedSeries[d]!++;
      const e = bucketOf(ended[i] as number);
      if (e < 0) continue;
      byStatus[statuses[i] as number]![e]!++;
      promptSeries[e]! += finiteOrZero(prompt[i] as number);
      outputSeries[e]! += finiteOrZero(output[i] as number);
    }
    sweepConcurrency(dispatched, ended, span, undefined, (from, to, level) => {
      // A stretch can span several buckets; give each bucket its share.
      for (let b = bucketOf(from); b >= 0 && b < buckets; b++) {
        const bucketStart = span.startMs + b * TIME_SERIES_BUCKET_MS;
        const overlap =
          Math.min(to, bucketStart + TIME_SERIES_BUCKET_MS) - Math.max(from, bucketStart);
        if (overlap <= 0) break;
        inFlightMs[b]! += overlap * level;
      }
    });
  }
  const concurrency = Array.from(inFlightMs, (levelMs, b) => {
    const bucketStart = span.startMs + b * TIME_SERIES_BUCKET_MS;
    const length = Math.min(TIME_SERIES_BUCKET_MS, span.endMs - bucketStart);
    return length > 0 ? levelMs / length : 0;
  });
  const completed = Array.from(dispatchedSeries, (_, b) =>
    byStatus.reduce((sum, series) => sum + (series[b] as number), 0),
  );
  return {
    bucketMs: TIME_SERIES_BUCKET_MS,
    startMs: Number.isFinite(span.startMs) ? span.startMs : 0,
    requestsDispatched: Array.from(dispatchedSeries),
    requestsCompleted: completed,
    requestsSuccessful: Array.from(byStatus[STATUS_CODES.successful]!),
    requestsErrored: Array.from(byStatus[STATUS_CODES.errored]!),
    requestsIncomplete: Array.from(byStatus[STATUS_CODES.incomplete]!),
    promptTokens: Array.from(promptSeries),
    outputTokens: Array.from(outputSeries),
    concurrency,
  };
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
