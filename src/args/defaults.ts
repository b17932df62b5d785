import { OVER_SATURATION_DEFAULTS } from '../constraints/over-saturation.js';
import { CAPACITY_DEFAULTS } from '../profiles/capacity.js';
import { SWEEP_DEFAULTS } from '../profiles/sweep.js';
import { SERVER_METRICS_DEFAULTS } from '../server-metrics/scraper.js';
import { STRATEGY_DEFAULTS } from '../strategies/create-strategy.js';

/**
 * Every default of `runBenchmark`'s args, in one place. The docs and the CLI's help read these
 * values. A built-in's own defaults live beside its factory and are gathered here; the run's
 * settings are set here.
 */
export const DEFAULTS = {
  profile: 'sweep',
  data: 'prompt_tokens=256,output_tokens=128',
  requestFormat: 'chat',
  stream: true,
  randomSeed: 42,
  /** Requests in flight at most for `throughput` (GuideLLM's sweep uses the same cap). */
  throughputMaxConcurrency: STRATEGY_DEFAULTS.throughputMaxConcurrency,
  /** Requests in flight at most for open-loop strategies when `maxConcurrency` is not set. */
  openLoopMaxConcurrency: STRATEGY_DEFAULTS.openLoopMaxConcurrency,
  /** A benchmark whose first this many finished requests all failed stops (0: never). */
  maxInitialFailures: 20,
  /** One untimed request checks the target before the first benchmark. */
  probe: true,
  /** Finished requests the `maxErrorRate` window looks at. */
  errorRateWindow: 30,
  connectTimeoutMs: 10_000,
  /** 0: no whole-request limit; a long generation is never cut by accident. */
  requestTimeoutMs: 0,
  /** TLS certificates are verified unless the user opts out. */
  insecure: false,
  retainRequests: false,
  /** Threads that send one benchmark's requests: 1 sends them from the calling thread. */
  workers: 1,
  retainText: false,
  /** Benchmarks in a sweep: synchronous, throughput, then this many minus two rates. */
  sweepSize: SWEEP_DEFAULTS.size,
  /** The open-loop strategy of sweep and capacity steps. */
  sweepStrategy: SWEEP_DEFAULTS.strategy,
  /** Capacity search: stop when the bracket is this narrow relative to the passing rate. */
  capacityPrecision: CAPACITY_DEFAULTS.precision,
  /** Capacity search: benchmarks at most, probes included. */
  capacityMaxSteps: CAPACITY_DEFAULTS.maxSteps,
  /** Over-saturation detection (`overSaturation: true`); see docs/concepts/over-saturation.md. */
  overSaturation: OVER_SATURATION_DEFAULTS,
  /** Scraping of the server's Prometheus metrics (`serverMetrics`): interval and timeout, ms. */
  serverMetrics: SERVER_METRICS_DEFAULTS,
  /** Profile `replay`: the trace's offsets as recorded. */
  timeScale: 1,
  /** Snapshots to progress sinks at most this often. */
  snapshotIntervalMs: 500,
} as const;
