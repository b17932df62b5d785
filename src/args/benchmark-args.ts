import type { OverSaturationOptions } from '../constraints/over-saturation.js';
import type { FileDataSpec } from '../data/file-spec.js';
import type { HubDataSpec } from '../data/hub-spec.js';
import type { SyntheticDataSpec } from '../data/synthetic-spec.js';
import type { SloInput } from '../metrics/slo-parse.js';
import type { Backend } from '../spec/backend.js';
import type { Clock } from '../spec/clock.js';
import type { Constraint } from '../spec/constraint.js';
import type { DataSource } from '../spec/data-source.js';
import type { Profile } from '../spec/profile.js';
import type { Progress } from '../spec/progress.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import type { ServerMetricsArgs } from './server-metrics-args.js';
import type { ShardSpec } from '../shards/shard-spec.js';
import type { TransientPhaseInput } from './transient-phase.js';

/** A built-in profile name (see {@link PROFILE_TYPES}). */
export type ProfileType =
  | 'synchronous'
  | 'concurrent'
  | 'throughput'
  | 'constant'
  | 'poisson'
  | 'sweep'
  | 'capacity'
  | 'replay';

/** The bounds and stopping rule of a capacity search (`profile: 'capacity'`). */
export interface CapacityArgs {
  /** Lowest rate searched, in requests per second; absent: measured by a synchronous benchmark. */
  minRate?: number | undefined;
  /** Highest rate searched, in requests per second; absent: measured by a throughput benchmark. */
  maxRate?: number | undefined;
  /**
   * The search stops when its bracket is this narrow relative to the passing rate, in (0, 1).
   * @default 0.05
   */
  precision?: number | undefined;
  /**
   * Benchmarks at most, the synchronous and throughput probes included, 1 to 100.
   * @default 10
   */
  maxSteps?: number | undefined;
}

/** The over-saturation detector's settings as args accept them; each is optional. */
export interface OverSaturationArgs {
  /** {@inheritDoc OverSaturationOptions.confidence} */
  confidence?: OverSaturationOptions['confidence'] | undefined;
  /** {@inheritDoc OverSaturationOptions.minSeconds} */
  minSeconds?: OverSaturationOptions['minSeconds'] | undefined;
  /** {@inheritDoc OverSaturationOptions.windowSeconds} */
  windowSeconds?: OverSaturationOptions['windowSeconds'] | undefined;
  /** {@inheritDoc OverSaturationOptions.intervalSeconds} */
  intervalSeconds?: OverSaturationOptions['intervalSeconds'] | undefined;
  /** {@inheritDoc OverSaturationOptions.minIntervals} */
  minIntervals?: OverSaturationOptions['minIntervals'] | undefined;
  /** {@inheritDoc OverSaturationOptions.minGrowth} */
  minGrowth?: OverSaturationOptions['minGrowth'] | undefined;
}

/**
 * `runBenchmark`'s input, as a user writes it. Everything but `target` is optional; plain data
 * everywhere a JSON or YAML config could hold it, with plugin instances (a {@link Backend}, a
 * {@link DataSource}, a {@link Profile}, a {@link Tokenizer}, {@link Constraint}s,
 * {@link Progress} sinks) accepted in place of the specs. Validated at run time by
 * {@link BenchmarkArgsSchema}, whose input type this interface equals (a type test holds them
 * together).
 *
 * @example
 * ```ts
 * const args: BenchmarkArgs = {
 *   target: 'http://localhost:8000',
 *   data: { type: 'synthetic', promptTokens: 256, outputTokens: 128 },
 *   profile: 'constant',
 *   rate: [2, 4, 8],
 *   maxSeconds: 30,
 *   slo: { ttftMs: { p99: 500 } },
 * };
 * ```
 *
 * @sortStrategy source-order
 * @group Start here
 */
export interface BenchmarkArgs {
  /**
   * Base URL of an OpenAI-compatible server (`http://host:8000`, with or without `/v1`), or
   * `mock` for the built-in mock server, started for the run off the client's thread.
   * @group Target and transport
   */
  target: string;
  /**
   * The model to request; when absent, the first id `GET /v1/models` lists.
   * @group Target and transport
   */
  model?: string | undefined;
  /**
   * A custom {@link Backend} in place of the built-in OpenAI HTTP backend.
   * @group Target and transport
   */
  backend?: Backend | undefined;
  /**
   * The OpenAI route to call: `/v1/chat/completions` (`chat`) or `/v1/completions`.
   * @default 'chat'
   * @group Target and transport
   */
  requestFormat?: 'chat' | 'completions' | undefined;
  /**
   * Ask for a streamed response (needed for TTFT and inter-token latency).
   * @default true
   * @group Target and transport
   */
  stream?: boolean | undefined;
  /**
   * Bearer token sent to the target; when absent, `INFERBENCH_API_KEY`, then `OPENAI_API_KEY`.
   * Never written to a report, a file or a log.
   * @group Target and transport
   */
  apiKey?: string | undefined;
  /**
   * Extra HTTP headers on every request; secret-looking ones are redacted in the report.
   * @group Target and transport
   */
  headers?: Record<string, string> | undefined;
  /**
   * Extra fields merged into every request body (e.g. `{ temperature: 0 }`).
   * @group Target and transport
   */
  extraBody?: Record<string, unknown> | undefined;
  /**
   * Milliseconds allowed to open a connection.
   * @default 10000
   * @group Target and transport
   */
  connectTimeoutMs?: number | undefined;
  /**
   * Milliseconds allowed for a whole request; 0 sets no limit.
   * @default 0
   * @group Target and transport
   */
  requestTimeoutMs?: number | undefined;
  /**
   * Skip TLS certificate verification of an https target (emits a warning).
   * @default false
   * @group Target and transport
   */
  insecure?: boolean | undefined;
  /**
   * Send one untimed request before the first benchmark, so that a target rejecting every
   * request fails the run at once with the server's own message.
   * @default true
   * @group Target and transport
   */
  probe?: boolean | undefined;
  /**
   * A PEM file of CA certificates to trust for an https target (`--ca-cert`).
   * @group Target and transport
   */
  caCertFile?: string | undefined;
  /**
   * The former name of {@link BenchmarkArgs.caCertFile}, still accepted with a
   * `DEPRECATED_ARG` warning; giving both with different files is an error.
   * @deprecated Use `caCertFile`.
   * @group Target and transport
   */
  caCert?: string | undefined;
  /**
   * The server's Prometheus metrics, scraped through each benchmark on the run's clock and
   * summarised per benchmark (`benchmark.serverMetrics`; see docs/guides/server-metrics.md).
   * Absent: the target's `<origin>/metrics` when a probe finds Prometheus text there, nothing
   * otherwise. `true`: the same, with a `SERVER_METRICS_UNAVAILABLE` warning when it is not
   * there. A URL, a list of URLs (`auto` stands for the target's own), or
   * {@link ServerMetricsArgs} with the interval. `false` or `'none'`: no scraping. A scrape
   * that fails is a warning, never a failed run.
   * @group Target and transport
   */
  serverMetrics?: boolean | string | string[] | ServerMetricsArgs | undefined;

  /**
   * What to send: a shorthand string (`prompt_tokens=256,output_tokens=128`, also with
   * `kind=synthetic_text`, or the same as JSON), a scenario (`D(100,100)`), the path of a data
   * file (JSON, JSONL, CSV, TSV, TXT, Parquet, gzip or not; see docs/guides/data.md), a Hugging
   * Face dataset id with data args (`openai/gsm8k,split=test,config=main`), a
   * {@link SyntheticDataSpec}, {@link FileDataSpec} or {@link HubDataSpec} object, or a
   * {@link DataSource}.
   * @default 'prompt_tokens=256,output_tokens=128'
   * @group Data
   */
  data?: string | SyntheticDataSpec | FileDataSpec | HubDataSpec | DataSource | undefined;
  /**
   * GuideLLM's `--data-column-mapper`: which columns of file or Hub data hold the prompt,
   * messages, prefix and token counts (`{ text_column: 'question' }`, or the same as JSON); it
   * wins over a mapper inside `data`. A column that does not exist fails, listing those found.
   * @group Data
   */
  dataColumnMapper?: string | Record<string, unknown> | undefined;
  /**
   * Counts and slices tokens: a `tokenizer.json` path (or a folder holding one), a Hugging Face
   * model id (`org/name`, `org/name@revision`), `server` (the target's own `/tokenize`), `word`,
   * or a {@link Tokenizer}; when absent, the target's model from the Hugging Face cache or Hub,
   * else the server's tokenizer, else words with a loud warning (see docs/guides/tokenizers.md).
   * @group Data
   */
  tokenizer?: string | Tokenizer | undefined;
  /**
   * Hub revision (branch, tag or commit) of a Hub `tokenizer`, or of the target's model.
   * @group Data
   */
  tokenizerRevision?: string | undefined;

  /**
   * The sequence of benchmarks: a built-in profile name or a {@link Profile}.
   * @default 'synchronous'
   * @group Profile and rate
   */
  profile?: ProfileType | Profile | undefined;
  /**
   * Requests per second (`constant`, `poisson`), streams in flight (`concurrent`), the
   * concurrency cap (`throughput`) or the number of benchmarks (`sweep`); a list runs one
   * benchmark per value.
   * @group Profile and rate
   */
  rate?: number | number[] | undefined;
  /**
   * The open-loop strategy of the sweep and capacity steps.
   * @default 'constant'
   * @group Profile and rate
   */
  sweepStrategy?: 'constant' | 'poisson' | undefined;
  /**
   * Bounds and stopping rule of the capacity search (profile `capacity` only).
   * @group Profile and rate
   */
  capacity?: CapacityArgs | undefined;
  /**
   * Seconds over which concurrent, throughput and constant benchmarks ramp up their load.
   * @group Profile and rate
   */
  rampup?: number | undefined;
  /**
   * Profile `replay`: the factor on the trace's recorded offsets; `2` doubles every gap (half
   * the rate), `0.5` halves it.
   * @default 1
   * @group Profile and rate
   */
  timeScale?: number | undefined;
  /**
   * Requests in flight at most in open-loop (`constant`, `poisson`, sweep and capacity steps)
   * and `throughput` benchmarks; by default 10000 open-loop and 512 for `throughput`.
   * @group Profile and rate
   */
  maxConcurrency?: number | undefined;
  /**
   * Worker threads that send each benchmark's requests, each with its own HTTP pool, when one
   * core cannot generate the load. The calling thread keeps the one schedule (when each request
   * is due, which worker sends it), the records, the live statistics and the constraints, so
   * the report is one run's. Only the built-in OpenAI HTTP backend runs in workers: a `backend`
   * or `clock` object cannot cross threads, and `workers` > 1 with either is rejected.
   * @default 1
   * @group Profile and rate
   */
  workers?: number | undefined;
  /**
   * Seed of every random choice: Poisson arrivals, synthetic prompts, and the pacing of
   * `target: 'mock'` when it is a number.
   * @default 42
   * @group Profile and rate
   */
  randomSeed?: number | string | undefined;
  /**
   * The clock the scheduler reads, for tests; the default is `performance.now()`.
   * @group Profile and rate
   */
  clock?: Clock | undefined;
  /**
   * Offer shard `index` of `count` of the run: this process offers `1/count` of the rate (a
   * whole share of the streams, of `maxRequests` and of `maxConcurrency`), sends the data
   * samples at positions `index`, `index + count`, … of the run's sequence, and puts sketches of
   * its distributions in its report so that {@link mergeReports} can merge the shards. Profiles
   * `sweep` and `capacity` cannot be sharded (see docs/guides/kubernetes.md).
   * @group Profile and rate
   */
  shard?: ShardSpec | undefined;
  /**
   * Epoch ms (as `Date.now()`) the first benchmark waits for, after setup; every shard of a run
   * gets the same, so they start together. Already past: the run starts at once and warns
   * `SHARD_START_LATE`.
   * @group Profile and rate
   */
  startAt?: number | undefined;

  /**
   * Each benchmark stops after this many seconds. A run over synthetic data, which never runs
   * out, needs `maxSeconds` or `maxRequests`: `runBenchmark` rejects with `ERR_INVALID_ARGS`
   * (field `maxSeconds`) before any request when both are absent.
   * @group Constraints
   */
  maxSeconds?: number | undefined;
  /**
   * Each benchmark stops after this many requests.
   * @group Constraints
   */
  maxRequests?: number | undefined;
  /**
   * Each benchmark stops after this many failed requests.
   * @group Constraints
   */
  maxErrors?: number | undefined;
  /**
   * Each benchmark stops when the share of failed requests among the last `errorRateWindow`
   * exceeds this, in (0, 1].
   * @group Constraints
   */
  maxErrorRate?: number | undefined;
  /**
   * Finished requests `maxErrorRate` looks at.
   * @default 30
   * @group Constraints
   */
  errorRateWindow?: number | undefined;
  /**
   * Stop a benchmark whose first this many finished requests all failed (a target rejecting
   * every request); 0 turns the guard off.
   * @default 20
   * @group Constraints
   */
  maxInitialFailures?: number | undefined;
  /**
   * Stop a benchmark once concurrency and TTFT keep growing (the server cannot keep up):
   * `true` for the defaults, or the detector's settings.
   * @group Constraints
   */
  overSaturation?: boolean | OverSaturationArgs | undefined;
  /**
   * Further stop rules, as {@link Constraint} objects.
   * @group Constraints
   */
  constraints?: Constraint[] | undefined;
  /**
   * Cut off the start of each benchmark from its metrics: a fraction (< 1), seconds (>= 1),
   * `{ fraction }`, `{ seconds }`, `{ requests }`, or a string such as `10%`, `5s`, `20req`.
   * @group Constraints
   */
  warmup?: TransientPhaseInput | undefined;
  /**
   * Cut off the end of each benchmark from its metrics, in the forms `warmup` takes.
   * @group Constraints
   */
  cooldown?: TransientPhaseInput | undefined;
  /**
   * Aborting it ends the run: `runBenchmark` resolves with a partial report, `status: 'aborted'`.
   * @group Constraints
   */
  signal?: AbortSignal | undefined;

  /**
   * Objectives checked per benchmark: `'ttft_ms.p99<=500,error_rate<=0.01'` or
   * `{ ttftMs: { p99: 500 }, errorRate: 0.01 }`. Each benchmark reports a verdict and goodput;
   * profile `capacity` searches for the highest rate at which they all hold.
   * @group SLOs
   */
  slo?: SloInput | undefined;

  /**
   * Sinks fed by the run's events (progress bars, JSONL logs, UIs).
   * @group Outputs
   */
  progress?: Progress | Progress[] | undefined;
  /**
   * Keep every request's record in the report.
   * @default false
   * @group Outputs
   */
  retainRequests?: boolean | undefined;
  /**
   * Keep prompt and output text in the retained records.
   * @default false
   * @group Outputs
   */
  retainText?: boolean | undefined;
}
