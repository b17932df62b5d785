import { REQUEST_STATUSES, type RecordStore } from '../core/record-store.js';
import type { Distribution, StatusDistributions } from '../report/distribution-schema.js';
import { computeWeightedDistribution, emptyDistribution } from './distribution.js';
import type { MeasuredWindow } from './window.js';

/** The time each in-flight level was held inside a window, from {@link sweepConcurrency}. */
export interface ConcurrencySweep {
  /** `levelMs[k]`: ms during which exactly `k` requests were in flight. */
  levelMs: Float64Array;
  /** Requests in flight for a positive time inside the window. */
  requests: number;
}

/**
 * Sweeps the intervals `[starts[i], ends[i]]` clipped to `window`: sorts the start and end
 * events and walks them in time order, adding each stretch between two events to the level held
 * during it. Intervals with an absent (NaN) end or start, or none inside the window, are skipped.
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
    if (!(to > from)) continue;
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
    const nextClose = sortedCloses[c] as number;
    // Closing first on ties keeps the level from counting a request that has already ended.
    const isOpen = nextOpen < nextClose;
    const next = isOpen ? nextOpen : nextClose;
    if (next > at) {
      levelMs[level]! += next - at;
      if (level > 0) onSegment?.(at, next, level);
      at = next;
    }
    if (isOpen) {
      level++;
      o++;
    } else {
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
 * request-seconds spent in flight inside it.
 */
export function computeConcurrency(
  store: RecordStore,
  window: MeasuredWindow,
): StatusDistributions {
  const starts = store.column('dispatchedAt');
  const ends = store.column('endedAt');
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
    successful: forStatus(REQUEST_STATUSES.indexOf('successful')),
    errored: forStatus(REQUEST_STATUSES.indexOf('errored')),
    incomplete: forStatus(REQUEST_STATUSES.indexOf('incomplete')),
    total: forStatus(undefined),
  };
}

function concurrencyDistribution(sweep: ConcurrencySweep): Distribution {
  let heldMs = 0;
  for (const ms of sweep.levelMs) heldMs += ms;
  if (heldMs <= 0) return emptyDistribution();
  const levels = sweep.levelMs.map((_, k) => k);
  const seconds = sweep.levelMs.map((ms) => ms / 1000);
  return { ...computeWeightedDistribution(levels, seconds), count: sweep.requests };
}
