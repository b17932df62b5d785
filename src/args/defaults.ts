/**
 * Every default of `runBenchmark`'s args, in one place. The docs and the CLI's help read these
 * values; change a default here and nowhere else.
 */
export const DEFAULTS = {
  profile: 'synchronous',
  data: 'prompt_tokens=256,output_tokens=128',
  requestFormat: 'chat',
  stream: true,
  randomSeed: 42,
  /** Requests in flight at most for `throughput` (GuideLLM's sweep uses the same cap). */
  throughputMaxConcurrency: 512,
  /** Requests in flight at most for open-loop strategies when `maxConcurrency` is not set. */
  openLoopMaxConcurrency: 10_000,
  /** Finished requests the `maxErrorRate` window looks at. */
  errorRateWindow: 30,
  connectTimeoutMs: 10_000,
  /** 0: no whole-request limit; a long generation is never cut by accident. */
  requestTimeoutMs: 0,
  /** TLS certificates are verified unless the user opts out. */
  insecure: false,
  retainRequests: false,
  retainText: false,
  /** Benchmarks in a sweep: synchronous, throughput, then this many minus two rates. */
  sweepSize: 10,
  /** The open-loop strategy of sweep and capacity steps. */
  sweepStrategy: 'constant',
  /** Capacity search: stop when the bracket is this narrow relative to the passing rate. */
  capacityPrecision: 0.05,
  /** Capacity search: benchmarks at most, probes included. */
  capacityMaxSteps: 10,
  /** Over-saturation detection (`overSaturation: true`); see docs/concepts/over-saturation.md. */
  overSaturation: {
    confidence: 0.95,
    minSeconds: 10,
    windowSeconds: 60,
    intervalSeconds: 1,
    minIntervals: 5,
    minGrowth: 0.1,
  },
  /** Snapshots to progress sinks at most this often. */
  snapshotIntervalMs: 500,
} as const;
