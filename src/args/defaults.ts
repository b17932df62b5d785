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
  retainRequests: false,
  retainText: false,
  /** Snapshots to progress sinks at most this often. */
  snapshotIntervalMs: 500,
} as const;
