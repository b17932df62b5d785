import {
  createServerMetricsScraper,
  type MetricsTlsOptions,
  type ServerMetricsBenchmark,
} from './scraper.js';

/** A benchmark's server-side windows, once its closing scrape is in. */
export interface ServerMetricsSource {
  /**
   * Series and summary of `[startMs, endMs]` on the run's clock. A window that reaches the
   * benchmark's end also takes the scrape made just after it, so its counters and histograms
   * include the benchmark's last requests.
   */
  window(startMs: number, endMs: number): ServerMetricsBenchmark;
}

/** The scraping of one run, around its benchmarks; see {@link startServerMetricsRun}. */
export interface ServerMetricsRun {
  /** Scrapes every endpoint now: the baseline of the benchmark about to start. */
  beforeBenchmark(): Promise<void>;
  /** Scrapes every endpoint now, the benchmark having ended at `endMs` (run clock). */
  afterBenchmark(endMs: number): Promise<ServerMetricsSource>;
  /**
   * The server's waiting-queue length at the latest scrape, when an endpoint reports one and
   * that scrape is recent (at most three intervals old); else `undefined`.
   */
  latestWaiting(): number | undefined;
  /** Stops polling and closes the connections. */
  stop(): Promise<void>;
}

/** Options of {@link startServerMetricsRun}. */
export interface ServerMetricsRunOptions {
  urls: readonly string[];
  /** The run's clock: ms since the run's origin, the records' time axis. */
  now: () => number;
  intervalMs: number;
  timeoutMs: number;
  keepRaw: boolean;
  /** TLS of `https` endpoints (the run's `insecure` and `caCert`). */
  tls?: MetricsTlsOptions | undefined;
  /** Called at most once per endpoint, the first time it fails or turns out to have no metrics. */
  onUnavailable: (message: string) => void;
}

/**
 * Starts scraping the run's Prometheus endpoints on the run's clock, polling at the interval
 * through every benchmark and between them. Each endpoint warns at most once per run, however
 * often it fails: the report's `endpoints[].failures` counts the rest.
 */
export function startServerMetricsRun(options: ServerMetricsRunOptions): ServerMetricsRun {
  const warned = new Set<string>();
  const scraper = createServerMetricsScraper({
    urls: options.urls,
    now: options.now,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    keepRaw: options.keepRaw,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    onWarning(message, url) {
      if (warned.has(url)) return;
      warned.add(url);
      options.onUnavailable(message);
    },
  });
  scraper.start();
  return {
    beforeBenchmark: () => scraper.scrapeNow(),
    async afterBenchmark(endMs) {
      await scraper.scrapeNow();
      const closedAtMs = Math.max(endMs, options.now());
      return {
        window: (startMs, windowEndMs) =>
          scraper.window(startMs, windowEndMs >= endMs ? closedAtMs : windowEndMs),
      };
    },
    latestWaiting() {
      const now = options.now();
      for (let index = 0; index < options.urls.length; index++) {
        // Only the last sample is read: this runs at every dispatch.
        const latest = scraper.samples(index).at(-1);
        if (latest?.values.waiting === undefined) continue;
        return now - latest.atMs <= 3 * options.intervalMs ? latest.values.waiting : undefined;
      }
      return undefined;
    },
    stop: () => scraper.stop(),
  };
}
