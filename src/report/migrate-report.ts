import { PERCENTILE_KEYS } from '../metrics/distribution-types.js';
import { SCHEMA_VERSION } from './report-schema.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STATISTICS = ['mean', 'median', 'mode', 'stdDev', 'variance', 'min', 'max', 'sum'] as const;
const STATUSES = ['successful', 'errored', 'incomplete', 'total'] as const;

/** A 1.x distribution with no samples had zeros where 2.0 has `null`. */
function nullEmpty(distribution: unknown): void {
  if (!isObject(distribution) || distribution['count'] !== 0) return;
  for (const key of STATISTICS) distribution[key] = null;
  const percentiles = distribution['percentiles'];
  if (isObject(percentiles)) for (const key of PERCENTILE_KEYS) percentiles[key] = null;
}

function emptyStatusDistributions(): Json {
  const empty = (): Json => ({
    count: 0,
    ...Object.fromEntries(STATISTICS.map((key) => [key, null])),
    percentiles: Object.fromEntries(PERCENTILE_KEYS.map((key) => [key, null])),
  });
  return Object.fromEntries(STATUSES.map((status) => [status, empty()]));
}

function countOf(distributions: unknown, status: string): number {
  const distribution = isObject(distributions) ? distributions[status] : undefined;
  return isObject(distribution) && typeof distribution['count'] === 'number'
    ? distribution['count']
    : 0;
}

function meanOf(distributions: unknown, status: string): number {
  const distribution = isObject(distributions) ? distributions[status] : undefined;
  return isObject(distribution) && typeof distribution['mean'] === 'number'
    ? distribution['mean']
    : 0;
}

function withTotal(counts: { successful: number; errored: number; incomplete: number }): Json {
  return { ...counts, total: counts.successful + counts.errored + counts.incomplete };
}

function migrateBenchmark(benchmark: unknown): void {
  if (!isObject(benchmark) || !isObject(benchmark['metrics'])) return;
  const metrics = benchmark['metrics'];
  for (const distributions of Object.values(metrics)) {
    if (isObject(distributions)) for (const status of STATUSES) nullEmpty(distributions[status]);
  }
  if (isObject(benchmark['tokenCounts'])) {
    nullEmpty(benchmark['tokenCounts']['tokenCountDiscrepancy']);
  }
  if (isObject(benchmark['client'])) nullEmpty(benchmark['client']['dispatchLagMs']);
  // Not measured by 1.x: an empty distribution says so.
  metrics['lastTokenLatencyMs'] ??= emptyStatusDistributions();
  if (benchmark['measuredRequestCounts'] === undefined) {
    // Every request has a latency, so its counts are the requests dispatched in the window; a
    // rate's mean times the window's length is the requests completed in it.
    const latency = metrics['requestLatencyMs'];
    const rate = metrics['requestsPerSecond'];
    const timings = isObject(benchmark['timings']) ? benchmark['timings'] : {};
    const seconds =
      typeof timings['measureDuration'] === 'number' ? timings['measureDuration'] / 1000 : 0;
    const completed = (status: string): number => Math.round(meanOf(rate, status) * seconds);
    benchmark['measuredRequestCounts'] = {
      dispatched: withTotal({
        successful: countOf(latency, 'successful'),
        errored: countOf(latency, 'errored'),
        incomplete: countOf(latency, 'incomplete'),
      }),
      completed: withTotal({
        successful: completed('successful'),
        errored: completed('errored'),
        incomplete: completed('incomplete'),
      }),
    };
  }
}

/**
 * Upgrades a saved report of schema 1.x to the current shape (a copy; the input is not changed):
 * empty distributions get `null` statistics instead of zeros, `measuredRequestCounts` is derived
 * from the report's own distributions, and `lastTokenLatencyMs`, which 1.x did not measure, is
 * empty. Anything else is returned as it is, for validation to judge.
 */
export function migrateReport(json: unknown): unknown {
  if (!isObject(json) || typeof json['schemaVersion'] !== 'string') return json;
  if (!json['schemaVersion'].startsWith('1.')) return json;
  const copy = structuredClone(json);
  copy['schemaVersion'] = SCHEMA_VERSION;
  if (Array.isArray(copy['benchmarks'])) copy['benchmarks'].forEach(migrateBenchmark);
  return copy;
}
