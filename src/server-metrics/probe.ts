import { Agent } from 'undici';
import { fetchMetrics } from './fetch-metrics.js';
import { tlsConnectOptions, type MetricsTlsOptions } from './scraper.js';

/** `<origin>/metrics` of a target URL, where inference servers serve their Prometheus metrics. */
export function defaultMetricsUrl(target: string): string {
  return new URL('/metrics', new URL(target).origin).toString();
}

/**
 * Finds the target's own metrics: GETs `<target origin>/metrics` (with `tls` for an `https`
 * target whose certificate needs it) and resolves with that URL when it answers with Prometheus
 * text, else with `undefined` (quietly: a target without
 * metrics is normal, and then nothing is scraped by default).
 *
 * @example
 * ```ts
 * const url = await probeServerMetrics('http://localhost:8000/v1'); // 'http://localhost:8000/metrics'
 * ```
 */
export async function probeServerMetrics(
  target: string,
  options: { timeoutMs?: number; headers?: Record<string, string>; tls?: MetricsTlsOptions } = {},
): Promise<string | undefined> {
  let url: string;
  try {
    url = defaultMetricsUrl(target);
  } catch {
    return undefined;
  }
  const agent =
    options.tls === undefined ? undefined : new Agent({ connect: tlsConnectOptions(options.tls) });
  try {
    const result = await fetchMetrics(url, {
      timeoutMs: options.timeoutMs ?? 2000,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(agent === undefined ? {} : { dispatcher: agent }),
    });
    return result.ok && result.exposition.families.length > 0 ? url : undefined;
  } finally {
    await agent?.close();
  }
}
