import { Agent } from 'undici';
import { redactUrl } from '../internal/secret-names.js';
import { fetchMetrics } from './fetch-metrics.js';
import type { ServerKind } from './metric-maps.js';
import { readScrape, type ScrapeSample } from './read-scrape.js';
import { summarizeWindow, type ServerMetricsWindow } from './summarize.js';

/** Defaults of {@link createServerMetricsScraper}: a scrape a second, 2 s at most each. */
export const SERVER_METRICS_DEFAULTS = { intervalMs: 1000, timeoutMs: 2000 } as const;

/** TLS settings of `https` metrics endpoints, as the run's target has them. */
export interface MetricsTlsOptions {
  /** Do not verify certificates (the run's `insecure`). */
  insecure?: boolean;
  /** CA certificates to trust, PEM (the run's `caCert` file's content). */
  ca?: string | Buffer;
}

/** undici `connect` options of {@link MetricsTlsOptions}. */
export function tlsConnectOptions(tls: MetricsTlsOptions | undefined): {
  rejectUnauthorized?: boolean;
  ca?: string | Buffer;
} {
  return {
    ...(tls?.insecure === true ? { rejectUnauthorized: false } : {}),
    ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
  };
}

/** Options of {@link createServerMetricsScraper}. */
export interface ServerMetricsScraperOptions {
  /** Prometheus endpoints to poll, e.g. the server's `/metrics` and a DCGM exporter's. */
  urls: readonly string[];
  /** The caller's clock, in ms since the run started: every sample is stamped with it. */
  now: () => number;
  /**
   * Time between scrapes of an endpoint, in ms.
   * @default 1000
   */
  intervalMs?: number;
  /**
   * Longest a scrape may take, in ms, before it counts as failed.
   * @default 2000
   */
  timeoutMs?: number;
  /**
   * Keep the samples of metrics inferbench does not know, as raw series.
   * @default false
   */
  keepRaw?: boolean;
  /** Extra request headers (e.g. an Authorization the endpoint needs); never reported. */
  headers?: Record<string, string>;
  /** TLS of `https` endpoints: skip verification, or trust these CA certificates (PEM). */
  tls?: MetricsTlsOptions;
  /**
   * Receives each warning (a failed scrape, an endpoint without metrics) with the endpoint's
   * redacted URL; never throws into the run.
   */
  onWarning?: (message: string, url: string) => void;
}

/** What the scraper knows of one endpoint. */
export interface ServerMetricsEndpoint {
  /** The endpoint, with any credentials removed. */
  url: string;
  /** Servers recognised in its metrics (`vllm`, `dcgm`, …). */
  servers: ServerKind[];
  /** Scrapes that succeeded over the whole run. */
  scrapesTotal: number;
  /** Scrapes that failed over the whole run. */
  failures: number;
  /** False once it turned out to have no Prometheus metrics; it is not polled after that. */
  available: boolean;
}

/** The server's view of one window over every endpoint, ready for a benchmark's report. */
export interface ServerMetricsBenchmark extends ServerMetricsWindow {
  /** Each endpoint's own window, in the order of `urls`. */
  endpoints: (ServerMetricsEndpoint & ServerMetricsWindow)[];
}

/** Polls Prometheus endpoints through a run; see {@link createServerMetricsScraper}. */
export interface ServerMetricsScraper {
  /** Starts polling at the interval (a first scrape at once). Calling it again does nothing. */
  start(): void;
  /** Scrapes every available endpoint now (e.g. at a benchmark's boundaries). */
  scrapeNow(): Promise<void>;
  /** Stops polling, waits for scrapes in flight and closes the connections. */
  stop(): Promise<void>;
  endpoints(): ServerMetricsEndpoint[];
  /** The samples of one endpoint (by its index in `urls`), oldest first. */
  samples(index: number): readonly ScrapeSample[];
  /** Series and summary of the window `[startMs, endMs]` of the caller's clock. */
  window(startMs: number, endMs: number): ServerMetricsBenchmark;
}

interface EndpointState extends ServerMetricsEndpoint {
  target: string;
  samples: ScrapeSample[];
  inFlight: Promise<void> | undefined;
  /** A failure streak was already reported; the next failure of it stays quiet. */
  warned: boolean;
}

/**
 * Creates a scraper of Prometheus endpoints for one run. It polls each endpoint every
 * `intervalMs` with undici (absolute ticks, so it does not drift), parses the text, reads the
 * known metrics of vLLM, SGLang, TGI, llama.cpp and the DCGM exporter (see `KNOWN_METRICS`) and
 * keeps one small sample per scrape. It never fails a run: a failed scrape is one warning per
 * streak of failures (polling goes on), and an endpoint that has no Prometheus metrics gives
 * exactly one warning and is not polled again.
 *
 * @example
 * ```ts
 * const started = performance.now();
 * const scraper = createServerMetricsScraper({
 *   urls: ['http://localhost:8000/metrics', 'http://localhost:9400/metrics'],
 *   now: () => performance.now() - started,
 *   onWarning: (message) => console.warn(message),
 * });
 * scraper.start();
 * // … run a benchmark from t0 to t1 …
 * await scraper.scrapeNow();
 * const { summary } = scraper.window(t0, t1);
 * await scraper.stop();
 * ```
 */
export function createServerMetricsScraper(
  options: ServerMetricsScraperOptions,
): ServerMetricsScraper {
  const intervalMs = options.intervalMs ?? SERVER_METRICS_DEFAULTS.intervalMs;
  const timeoutMs = options.timeoutMs ?? SERVER_METRICS_DEFAULTS.timeoutMs;
  const agent = new Agent({
    connections: 1,
    keepAliveTimeout: Math.max(intervalMs * 2, 4000),
    connect: tlsConnectOptions(options.tls),
  });
  const states: EndpointState[] = options.urls.map((target) => ({
    target,
    url: redactUrl(target),
    servers: [],
    scrapesTotal: 0,
    failures: 0,
    available: true,
    samples: [],
    inFlight: undefined,
    warned: false,
  }));
  let timer: NodeJS.Timeout | undefined;
  let startedAt: number | undefined;
  let ticks = 0;
  let stopped = false;

  function warn(message: string, url: string): void {
    try {
      options.onWarning?.(message, url);
    } catch {
      // A throwing sink must not disturb the run.
    }
  }

  async function scrape(state: EndpointState): Promise<void> {
    const atMs = options.now();
    const result = await fetchMetrics(state.target, {
      timeoutMs,
      dispatcher: agent,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
    if (result.ok) {
      const sample = readScrape(result.exposition, atMs, options.keepRaw === true);
      state.samples.push(sample);
      state.scrapesTotal++;
      state.warned = false;
      for (const server of sample.servers) {
        if (!state.servers.includes(server)) state.servers.push(server);
      }
      return;
    }
    state.failures++;
    if (result.kind === 'absent') {
      state.available = false;
      warn(
        `server metrics: ${state.url} has no Prometheus metrics (${result.reason}); not scraping it`,
        state.url,
      );
    } else if (!state.warned) {
      state.warned = true;
      warn(
        `server metrics: scraping ${state.url} failed (${result.reason}); retrying every ${intervalMs} ms`,
        state.url,
      );
    }
  }

  function scrapeAll(): Promise<void> {
    return Promise.all(
      states.map((state) => {
        if (!state.available || stopped) return undefined;
        // One scrape at a time per endpoint: a slow one makes the next tick skip it.
        state.inFlight ??= scrape(state).finally(() => {
          state.inFlight = undefined;
        });
        return state.inFlight;
      }),
    ).then(() => undefined);
  }

  function tick(): void {
    void scrapeAll();
    ticks++;
    const due = startedAt! + ticks * intervalMs;
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
    timer.unref();
  }

  return {
    start() {
      if (startedAt !== undefined || stopped) return;
      startedAt = performance.now();
      tick();
    },
    scrapeNow: () => scrapeAll(),
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await Promise.all(states.map((state) => state.inFlight));
      await agent.close();
    },
    endpoints: () =>
      states.map(({ url, servers, scrapesTotal, failures, available }) => ({
        url,
        servers: [...servers],
        scrapesTotal,
        failures,
        available,
      })),
    samples: (index) => states[index]?.samples ?? [],
    window(startMs, endMs) {
      const endpoints = states.map((state) => ({
        url: state.url,
        servers: [...state.servers],
        scrapesTotal: state.scrapesTotal,
        failures: state.failures,
        available: state.available,
        ...summarizeWindow(state.samples, startMs, endMs),
      }));
      return { ...mergeWindows(endpoints), endpoints };
    },
  };
}

/** One view of several endpoints: each metric from the first endpoint that has it. */
function mergeWindows(windows: readonly ServerMetricsWindow[]): ServerMetricsWindow {
  const merged: ServerMetricsWindow = {
    scrapes: windows.reduce((sum, window) => sum + window.scrapes, 0),
    series: {},
    summary: summarizeWindow([], 0, 0).summary,
  };
  for (const window of windows) {
    for (const [metric, points] of Object.entries(window.series)) {
      (merged.series as Record<string, unknown>)[metric] ??= points;
    }
    for (const [field, value] of Object.entries(window.summary)) {
      const summary = merged.summary as unknown as Record<string, unknown>;
      if (summary[field] === null) summary[field] = value;
    }
    if (window.raw !== undefined) merged.raw = { ...window.raw, ...merged.raw };
  }
  return merged;
}
