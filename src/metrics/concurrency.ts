import { STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE } from './catalogue.js';
import {
  emptyDistribution,
  type Distribution,
  type StatusDistributions,
} from './distribution-types.js';
import { computeWeightedDistribution } from './distribution.js';
import type { MeasuredWindow } from './measured-window.js';

/**
 * Events closer together than this (1 ns) happen at one instant. Times computed from one
 * schedule (`start + i / rate`, `start + duration`) differ by float rounding where they are
 * meant to coincide; without merging, a request ending a rounding error after the next one
 * starts would add a level that was never held (GuideLLM's constant-rate vector: 110 and 112
 * around a true 111).
 */
export const CONCURRENCY_EPSILON_MS = 1e-6;

/** The time each in-flight level was held inside a window, from {@link sweepConcurrency}. */
export interface ConcurrencySweep {
  /** `levelMs[k]`: ms during which exactly `k` requests were in flight. */
  levelMs: Float64Array;
  /** Requests in flight for a positive time inside the window. */
  requests: number;
}

/**
 * Sweeps the intervals `[starts[i], ends[i]]` clipped to `window`: sorts the start and end
 * events and walks them in time order, adding each stretch between two instants to the level
 * held during it. Events within {@link CONCURRENCY_EPSILON_MS} of the first event of a group are
 * one instant, where only their net change counts (an end and a start at one instant keep the
 * level). Intervals with an absent (NaN) end or start, or not longer than the epsilon inside the
 * window, are skipped.
 *
 * @param include - optional per-interval mask; only intervals with 1 take part
 * @param onSegment - optional callback for every stretch `[fromMs, toMs)` at a level above 0
 */
export function sweepConcurrency(
  starts: Float64Array,
  ends: Float64Array,
  window: MeasuredWindow,
  include?: Uint8Array,
  onSegment?: (fromMs: number, toMs: number, level: number) => void,
): ConcurrencySweep {
  const opens: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    if (include !== undefined && include[i] !== 1) continue;
    const from = Math.max(starts[i] as number, window.startMs);
    const to = Math.min(ends[i] as number, window.endMs);
    // NaN fails the comparison, so absent moments drop out here.
    if (!(to - from > CONCURRENCY_EPSILON_MS)) continue;
    opens.push(from);
    closes.push(to);
  }
  const sortedOpens = Float64Array.from(opens).sort();
  const sortedCloses = Float64Array.from(closes).sort();
  const levelMs = new Float64Array(opens.length + 1);
  let level = 0;
  let at = window.startMs;
  let o = 0;
  let c = 0;
  while (o < sortedOpens.length || c < sortedCloses.length) {
    const nextOpen = o < sortedOpens.length ? (sortedOpens[o] as number) : Infinity;
    const nextClose = c < sortedCloses.length ? (sortedCloses[c] as number) : Infinity;
    const instant = Math.min(nextOpen, nextClose);
    if (instant > at) {
      levelMs[level]! += instant - at;
      if (level > 0) onSegment?.(at, instant, level);
      at = instant;
    }
    // Every event of this instant; only their net change is a level that was held.
    const last = instant + CONCURRENCY_EPSILON_MS;
    while (o < sortedOpens.length && (sortedOpens[o] as number) <= last) {
      level++;
      o++;
    }
    while (c < sortedCloses.length && (sortedCloses[c] as number) <= last) {
      level--;
      c++;
    }
  }
  if (window.endMs > at) levelMs[0]! += window.endMs - at;
  return { levelMs, requests: opens.length };
}

/**
 * Time-weighted distribution of in-flight requests over `window`, per status: `successful`
 * counts the in-flight requests that went on to succeed (likewise `errored`, `incomplete`), and
 * `total` all of them. A request is in flight over `[dispatchedAt, endedAt]`.
 *
 * Percentiles are weighted by time without interpolation (see
 * {@link computeWeightedDistribution}); `mean` is the time-averaged in-flight count, `mode` the
 * level held longest, `count` the number of requests in flight inside the window and `sum` the
 * request-seconds spent in flight inside it. With no request in flight inside the window the
 * distribution is empty (`count: 0`, statistics `null`).
 */
export function computeConcurrency(
  store: RecordStore,
  window: MeasuredWindow,
): StatusDistributions {
  const { from, to } = METRIC_CATALOGUE.concurrency.reads;
  const starts = store.column(from);
  const ends = store.column(to);
  const statuses = store.statusCodes();
  const forStatus = (code: number | undefined): Distribution => {
    let include: Uint8Array | undefined;
    if (code !== undefined) {
      include = new Uint8Array(statuses.length);
      for (let i = 0; i < statuses.length; i++) if (statuses[i] === code) include[i] = 1;
    }
    return concurrencyDistribution(sweepConcurrency(starts, ends, window, include));
  };
  return {
    successful: forStatus(STATUS_CODES.successful),
    errored: forStatus(STATUS_CODES.errored),
    incomplete: forStatus(STATUS_CODES.incomplete),
    total: forStatus(undefined),
  };
}

function concurrencyDistribution(sweep: ConcurrencySweep): Distribution {
  if (sweep.requests === 0) return emptyDistribution();
  const levels = sweep.levelMs.map((_, k) => k);
  const seconds = sweep.levelMs.map((ms) => ms / 1000);
  return { ...computeWeightedDistribution(levels, seconds), count: sweep.requests };
}
