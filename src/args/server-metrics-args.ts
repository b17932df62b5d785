import { z } from 'zod';
import { SERVER_METRICS_DEFAULTS } from '../server-metrics/scraper.js';

/**
 * The settings of `serverMetrics` in object form: which Prometheus endpoints to scrape through
 * the run, and how often.
 */
export interface ServerMetricsArgs {
  /**
   * Endpoints to scrape: URLs such as a DCGM exporter's `http://gpu-node:9400/metrics`, and
   * `auto` for the target's own `<origin>/metrics`. Absent: `['auto']`.
   */
  urls?: string[] | undefined;
  /**
   * Milliseconds between two scrapes of an endpoint.
   * @default 1000
   */
  intervalMs?: number | undefined;
  /**
   * Milliseconds a scrape may take before it counts as failed.
   * @default 2000
   */
  timeoutMs?: number | undefined;
  /**
   * Keep the series of metrics inferbench does not know, by `name{labels}`, in the report.
   * @default false
   */
  keepRaw?: boolean | undefined;
}

/** `serverMetrics` as a user may write it; see {@link BenchmarkArgs.serverMetrics}. */
export type ServerMetricsInput = boolean | string | string[] | ServerMetricsArgs;

/** The word for the target's own `<origin>/metrics` in a list of endpoints. */
export const AUTO_SERVER_METRICS = 'auto';
/** The word that turns scraping off (`--server-metrics none`). */
export const NO_SERVER_METRICS = 'none';

const endpoint = z.string().refine(
  (value) => {
    if (value === AUTO_SERVER_METRICS) return true;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  {
    error: (issue) =>
      `expected an http(s) URL of a Prometheus endpoint or "auto", received ${JSON.stringify(issue.input)}`,
  },
);

/** The schema of `serverMetrics` (see {@link BenchmarkArgs.serverMetrics}). */
export const ServerMetricsArgSchema: z.ZodType<ServerMetricsInput, ServerMetricsInput> = z.union([
  z.boolean(),
  z.literal(NO_SERVER_METRICS),
  endpoint,
  z.array(endpoint).min(1),
  z.strictObject({
    urls: z.array(endpoint).min(1).optional(),
    intervalMs: z.number().min(50).finite().optional(),
    timeoutMs: z.number().gt(0).finite().optional(),
    keepRaw: z.boolean().optional(),
  }),
]);

/** `serverMetrics` in one shape: what to scrape and whether the user asked for it. */
export interface ServerMetricsPlan {
  /** Endpoints to scrape; `auto` stands for the target's `<origin>/metrics`, once probed. */
  urls: string[];
  intervalMs: number;
  timeoutMs: number;
  keepRaw: boolean;
  /**
   * The user asked for server metrics: a target without them is a warning. Otherwise (the
   * default) the target's `/metrics` is scraped only when a probe finds Prometheus text there.
   */
  explicit: boolean;
}

/** Reads `serverMetrics` into a {@link ServerMetricsPlan}; `undefined` when scraping is off. */
export function planServerMetrics(
  input: ServerMetricsInput | undefined,
): ServerMetricsPlan | undefined {
  if (input === false || input === NO_SERVER_METRICS) return undefined;
  const settings: ServerMetricsArgs =
    input === undefined || input === true
      ? {}
      : typeof input === 'string'
        ? { urls: [input] }
        : Array.isArray(input)
          ? { urls: input }
          : input;
  return {
    urls: [...new Set(settings.urls ?? [AUTO_SERVER_METRICS])],
    intervalMs: settings.intervalMs ?? SERVER_METRICS_DEFAULTS.intervalMs,
    timeoutMs: settings.timeoutMs ?? SERVER_METRICS_DEFAULTS.timeoutMs,
    keepRaw: settings.keepRaw ?? false,
    explicit: input !== undefined,
  };
}
