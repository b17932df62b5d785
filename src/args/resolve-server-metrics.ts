import { readCaCert } from '../internal/ca-cert.js';
import { redactUrl } from '../internal/secret-names.js';
import { defaultMetricsUrl, probeServerMetrics } from '../server-metrics/probe.js';
import { startServerMetricsRun, type ServerMetricsRun } from '../server-metrics/run-collector.js';
import type { ParsedBenchmarkArgs } from './schema.js';
import { AUTO_SERVER_METRICS, planServerMetrics } from './server-metrics-args.js';

/** The warning code of an endpoint that could not be scraped (once per endpoint and run). */
export const SERVER_METRICS_UNAVAILABLE = 'SERVER_METRICS_UNAVAILABLE';

/** What {@link resolveServerMetrics} needs besides the args. */
export interface ServerMetricsContext {
  /** The URL the run targets (the mock server's for `mock`). */
  target: string;
  warn: (code: string, message: string) => void;
}

function metricsUrlOf(target: string): string | undefined {
  try {
    return defaultMetricsUrl(target);
  } catch {
    return undefined;
  }
}

/** The endpoints found, ready to be scraped from the run's origin on. */
export interface ResolvedServerMetrics {
  urls: string[];
  /** Starts polling on the run's clock (`now`: ms since the run's origin). */
  start(now: () => number): ServerMetricsRun;
}

/**
 * Finds the endpoints `args.serverMetrics` asks for, or resolves to `undefined` when there is
 * nothing to scrape. `auto` (the default) probes the target's `<origin>/metrics`
 * and scrapes it only when it answers with Prometheus text; when the user asked for server
 * metrics and it does not, that is one `SERVER_METRICS_UNAVAILABLE` warning. Given URLs are
 * scraped as they are; one that fails warns once. The target's `insecure` and `caCert` hold
 * for every endpoint. Never throws: metrics never stop a run (a bad `caCert` failed before).
 */
export async function resolveServerMetrics(
  args: ParsedBenchmarkArgs,
  context: ServerMetricsContext,
): Promise<ResolvedServerMetrics | undefined> {
  const plan = planServerMetrics(args.serverMetrics);
  if (plan === undefined) return undefined;
  // The target's TLS settings hold for its metrics too (and for every endpoint given).
  const tls = {
    ...(args.insecure ? { insecure: true } : {}),
    ...(args.caCert === undefined ? {} : { ca: readCaCert(args.caCert) }),
  };
  const urls: string[] = [];
  for (const url of plan.urls) {
    if (url !== AUTO_SERVER_METRICS) {
      urls.push(url);
      continue;
    }
    const found = await probeServerMetrics(context.target, { timeoutMs: plan.timeoutMs, tls });
    if (found !== undefined) urls.push(found);
    else if (plan.explicit) {
      const where = metricsUrlOf(context.target);
      context.warn(
        SERVER_METRICS_UNAVAILABLE,
        `server metrics: ${where === undefined ? 'the target' : redactUrl(where)} did not answer with Prometheus text; the report has no server-side metrics from the target`,
      );
    }
  }
  if (urls.length === 0) return undefined;
  const unique = [...new Set(urls)];
  return {
    urls: unique,
    start: (now) =>
      startServerMetricsRun({
        urls: unique,
        now,
        intervalMs: plan.intervalMs,
        timeoutMs: plan.timeoutMs,
        keepRaw: plan.keepRaw,
        tls,
        onUnavailable: (message) => context.warn(SERVER_METRICS_UNAVAILABLE, message),
      }),
  };
}
