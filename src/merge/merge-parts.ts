import type { Benchmark } from '../report/benchmark-schema.js';
import type { ErrorMessageCount } from '../metrics/error-summary.js';
import { MESSAGES_PER_CODE } from '../metrics/error-summary.js';
import type { ShardBenchmark } from './merge-exact.js';

/** Field-by-field sums of count records (request counts by status, token sources). */
export function sumCounts<T extends Record<string, number>>(counts: readonly T[]): T {
  const out = {} as Record<string, number>;
  for (const record of counts) {
    for (const [key, value] of Object.entries(record)) out[key] = (out[key] ?? 0) + value;
  }
  return out as T;
}

/**
 * The shards' most frequent failure messages together: counts of the same code and message
 * summed, at most {@link MESSAGES_PER_CODE} per code, most frequent first (as a single run
 * reports them).
 */
export function mergeErrorMessages(
  lists: readonly (readonly ErrorMessageCount[])[],
): ErrorMessageCount[] {
  const byKey = new Map<string, ErrorMessageCount>();
  for (const entry of lists.flat()) {
    const key = `${entry.code}\u0000${entry.message}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen === undefined ? { ...entry } : { ...seen, count: seen.count + entry.count },
    );
  }
  const perCode = new Map<string, number>();
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .filter((entry) => {
      const n = perCode.get(entry.code) ?? 0;
      perCode.set(entry.code, n + 1);
      return n < MESSAGES_PER_CODE;
    });
}

type SeriesKey = Exclude<keyof Benchmark['timeSeries'], 'bucketMs' | 'startMs'>;
const SERIES_KEYS: readonly SeriesKey[] = [
  'requestsDispatched',
  'requestsCompleted',
  'requestsSuccessful',
  'requestsErrored',
  'requestsIncomplete',
  'promptTokens',
  'outputTokens',
  'concurrency',
];

/**
 * The shards' per-second series added bucket by bucket on the merged clock, from `startMs`:
 * each shard's bucket goes to the merged bucket nearest its start (so a series is off by at
 * most half a bucket where the shards' clocks disagree).
 */
export function mergeTimeSeries(
  shards: readonly ShardBenchmark[],
  startMs: number,
): Benchmark['timeSeries'] {
  const bucketMs = shards[0]!.benchmark.timeSeries.bucketMs;
  const shift = shards.map(({ benchmark, offsetMs }) =>
    Math.max(0, Math.round((benchmark.timeSeries.startMs + offsetMs - startMs) / bucketMs)),
  );
  const length = Math.max(
    0,
    ...shards.map((s, i) => shift[i]! + s.benchmark.timeSeries.requestsDispatched.length),
  );
  const series = { bucketMs, startMs } as Benchmark['timeSeries'];
  for (const key of SERIES_KEYS) {
    const sums = new Array<number>(length).fill(0);
    shards.forEach(({ benchmark }, i) => {
      benchmark.timeSeries[key].forEach((value, b) => {
        sums[shift[i]! + b]! += value;
      });
    });
    series[key] = sums;
  }
  return series;
}
