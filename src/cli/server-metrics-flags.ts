import { InferbenchError } from '../index.js';
import { numberFlag } from './flags.js';

/** Collects a repeatable flag's values: `--server-metrics a --server-metrics b`. */
export function collectFlag(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--server-metrics URL` (repeatable, or a comma-separated list from the environment or a
 * config file; `auto` is the target's own `/metrics`, `none` turns scraping off) and
 * `--server-metrics-interval-ms` as the `serverMetrics` arg; `undefined` when neither is given,
 * so the library's default (probe the target's `/metrics`) applies.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for `none` beside URLs or an interval.
 */
export function serverMetricsFlag(
  urls: string | string[] | undefined,
  intervalMs: string | undefined,
): false | string[] | { urls?: string[]; intervalMs: number } | undefined {
  const list = (typeof urls === 'string' ? [urls] : (urls ?? []))
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const interval = numberFlag('--server-metrics-interval-ms', intervalMs);
  if (list.includes('none')) {
    if (list.length > 1 || interval !== undefined) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `--server-metrics: "none" turns scraping off and takes no other value, received ${list.join(', ')}${interval === undefined ? '' : ` and --server-metrics-interval-ms ${interval}`}`,
        { field: '--server-metrics' },
      );
    }
    return false;
  }
  if (interval !== undefined)
    return { ...(list.length > 0 ? { urls: list } : {}), intervalMs: interval };
  return list.length > 0 ? list : undefined;
}
