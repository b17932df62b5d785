import { REQUEST_STATUSES, STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE, RATE_METRIC_KEYS, type RateMetricKey } from './catalogue.js';
import { emptyDistribution, type StatusDistributions } from './distribution-types.js';
import { computeDistribution } from './distribution.js';
import { type MeasuredWindow, isInWindow, windowSeconds } from './measured-window.js';

/** One distribution per status for each throughput metric. */
export type RateMetrics = Record<RateMetricKey, StatusDistributions>;

/** How the measured window is cut into rate buckets. */
export interface RateBuckets {
  /** Number of buckets. */
  count: number;
  /** Length of each bucket in ms. */
  lengthMs: number;
}

/**
 * Cuts a window into `max(1, round(length / 1 s))` equal buckets of about one second each
 * (between 0.67 s and 2 s long; shorter only when the window itself is). Equal buckets that
 * cover the window exactly keep the mean of the bucket rates equal to the window's rate, which a
 * trailing partial bucket would break. An empty window has no buckets.
 */
export function rateBuckets(window: MeasuredWindow): RateBuckets {
  const seconds = windowSeconds(window);
  if (seconds === 0) return { count: 0, lengthMs: 0 };
  const count = Math.max(1, Math.round(seconds));
  return { count, lengthMs: (seconds * 1000) / count };
}

/**
 * Throughput over `window`, per status, for every rate metric of the catalogue. A request counts
 * when it completed (`endedAt`) inside the window, under its own status:
 * `requestsPerSecond.errored` counts errored completions, `outputTokensPerSecond.incomplete` the
 * tokens received by cancelled requests, and `total` everything, incomplete requests included.
 * Each distribution's `mean` is exactly the count (or token sum) divided by the window's length
 * in seconds; its other fields describe the per-bucket rates (see {@link rateBuckets}), with
 * `count` the number of buckets. Absent token counts add 0 tokens.
 */
export function computeRates(store: RecordStore, window: MeasuredWindow): RateMetrics {
  const buckets = rateBuckets(window);
  const ended = store.column('endedAt');
  const statuses = store.statusCodes();
  const groups = REQUEST_STATUSES.length + 1;
  // What each row adds to each metric, as the catalogue says.
  const amounts = RATE_METRIC_KEYS.map((key) => rowAmounts(METRIC_CATALOGUE[key].reads, store));
  // sums[metric][group][bucket]; group REQUEST_STATUSES.length is the union of all statuses.
  const sums = RATE_METRIC_KEYS.map(() =>
    Array.from({ length: groups }, () => new Float64Array(buckets.count)),
  );
  if (buckets.count > 0) {
    for (let i = 0; i < ended.length; i++) {
      const t = ended[i] as number;
      if (!isInWindow(t, window)) continue;
      const bucket = Math.min(
        buckets.count - 1,
        Math.floor((t - window.startMs) / buckets.lengthMs),
      );
      const status = statuses[i] as number;
      amounts.forEach((amount, m) => {
        const value = amount === undefined ? 1 : (amount[i] as number);
        sums[m]![status]![bucket]! += value;
        sums[m]![groups - 1]![bucket]! += value;
      });
    }
  }
  const seconds = windowSeconds(window);
  const bucketSeconds = buckets.lengthMs / 1000;
  const distributionOf = (perBucket: Float64Array) => {
    if (perBucket.length === 0) return emptyDistribution();
    const rates = perBucket.map((value) => value / bucketSeconds);
    let total = 0;
    for (const value of perBucket) total += value;
    // The bucket mean equals this up to rounding; the contract's definition wins the last bit.
    return { ...computeDistribution(rates), mean: total / seconds };
  };
  const result = {} as RateMetrics;
  RATE_METRIC_KEYS.forEach((key, m) => {
    const byGroup = sums[m]!;
    result[key] = {
      successful: distributionOf(byGroup[STATUS_CODES.successful]!),
      errored: distributionOf(byGroup[STATUS_CODES.errored]!),
      incomplete: distributionOf(byGroup[STATUS_CODES.incomplete]!),
      total: distributionOf(byGroup[groups - 1]!),
    };
  });
  return result;
}

/** Per row, what a completion adds to a rate: `undefined` for one request each. */
function rowAmounts(
  reads: (typeof METRIC_CATALOGUE)[RateMetricKey]['reads'],
  store: RecordStore,
): Float64Array | undefined {
  if (reads.kind === 'requests') return undefined;
  const out = new Float64Array(store.size);
  for (const column of reads.columns) {
    const values = store.column(column);
    for (let i = 0; i < out.length; i++) out[i]! += orZero(values[i] as number);
  }
  return out;
}

function orZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
