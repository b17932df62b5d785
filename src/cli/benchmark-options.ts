import { Option, type Command } from 'commander';
import { DEFAULTS } from '../index.js';
import { addUnsupportedGuidellmOptions } from './guidellm-unsupported.js';
import { collectFlag } from './server-metrics-flags.js';

/** Raw option values of `inferbench benchmark`, as commander hands them over. */
export interface BenchmarkFlags {
  warmup?: string;
  warmupPercent?: string;
  cooldown?: string;
  cooldownPercent?: string;
  rampup?: string;
  timeScale?: string;
  slo?: string;
  sweepStrategy?: string;
  capacityMinRate?: string;
  capacityMaxRate?: string;
  capacityPrecision?: string;
  capacityMaxSteps?: string;
  target?: string;
  model?: string;
  data?: string;
  profile?: string;
  rateType?: string;
  rate?: string;
  maxSeconds?: string;
  maxRequests?: string;
  maxErrors?: string;
  maxErrorRate?: string;
  maxInitialFailures?: string;
  detectSaturation?: string | boolean;
  overSaturation?: string | boolean;
  defaultOverSaturation?: string | boolean;
  maxConcurrency?: string;
  workers?: string;
  requestFormat: string;
  requestType?: string;
  stream: boolean;
  probe: boolean;
  apiKey?: string;
  tokenizer?: string;
  processor?: string;
  tokenizerRevision?: string;
  randomSeed?: string;
  requestTimeoutMs?: string;
  outputDir: string;
  outputs: string;
  outputPath?: string;
  progress: boolean;
  disableProgress?: boolean;
  disableConsoleInteractive?: boolean;
  disableConsole?: boolean;
  disableConsoleOutputs?: boolean;
  retainRequests?: boolean;
  insecure?: boolean;
  caCert?: string;
  serverMetrics?: string | string[];
  serverMetricsIntervalMs?: string;
  /** Read by the settings resolver (src/cli/config.ts) before the command runs. */
  config?: string;
  backendKwargs?: string;
  backendArgs?: string;
  backend?: string;
  backendType?: string;
  dataArgs?: string;
  dataColumnMapper?: string;
  shard?: string;
  shardCount?: string;
  startAt?: string;
}

/** Adds the `benchmark` flags to a command (used by `benchmark` and `benchmark run`). */
export function addBenchmarkOptions(command: Command): Command {
  command
    .option('--target <url>', 'OpenAI-compatible base URL, or "mock" for the built-in mock server')
    .option('--model <id>', 'model to request (default: first id of GET /v1/models)')
    .option('--data <spec>', `synthetic data spec (default: ${DEFAULTS.data})`)
    .option(
      '--profile <name>',
      `synchronous | concurrent | throughput | constant | poisson | sweep | capacity | replay (default: ${DEFAULTS.profile})`,
    )
    .option('--rate-type <name>', 'alias of --profile (GuideLLM)')
    .option(
      '--rate <n[,n...]>',
      'requests/s (constant, poisson) or streams (concurrent), a list runs one benchmark each; sweep: number of benchmarks (default 10)',
    )
    .option('--max-seconds <s>', 'stop each benchmark after this many seconds')
    .option('--max-requests <n>', 'send at most this many requests per benchmark')
    .option('--max-errors <n>', 'stop a benchmark after this many failed requests')
    .option('--max-error-rate <fraction>', 'stop when this share of the last 30 requests failed')
    .option(
      '--max-initial-failures <n>',
      `stop a benchmark whose first n finished requests all failed; 0: never (default: ${DEFAULTS.maxInitialFailures})`,
    )
    .option('--max-concurrency <n>', 'requests in flight at most')
    .option(
      '--workers <n>',
      `threads that send each benchmark's requests, each with its own connection pool (default: ${DEFAULTS.workers})`,
    )
    .option(
      '--detect-saturation [json]',
      'stop a benchmark once concurrency and TTFT keep growing; optional JSON settings, e.g. \'{"min_seconds": 30}\'',
    )
    .option('--over-saturation [json]', 'alias of --detect-saturation (GuideLLM)')
    .addOption(new Option('--default-over-saturation [json]').hideHelp())
    .option('--request-format <format>', 'chat | completions', DEFAULTS.requestFormat)
    .option(
      '--request-type <type>',
      'GuideLLM: chat_completions | text_completions (same as --request-format)',
    )
    .option('--no-stream', 'non-streaming requests (only end-to-end latency is measured)')
    .option('--no-probe', 'skip the untimed request that checks the target before the run')
    .option('--api-key <key>', 'bearer token (default: $INFERBENCH_API_KEY, then $OPENAI_API_KEY)')
    .option(
      '--tokenizer <spec>',
      'tokenizer.json (or a folder), Hub model id org/name[@revision], "server" or "word" (default: the target\'s model)',
    )
    .option('--processor <spec>', 'alias of --tokenizer (GuideLLM)')
    .option('--tokenizer-revision <rev>', 'Hub branch, tag or commit of the tokenizer')
    .option(
      '--random-seed <seed>',
      'seed for data and Poisson arrivals',
      String(DEFAULTS.randomSeed),
    )
    .option('--request-timeout-ms <ms>', 'whole-request time limit (default: none)')
    .option('--output-dir <dir>', 'where reports are written', '.')
    .option('--outputs <list>', 'report formats: json, csv, html, console (summary)', 'json')
    .option(
      '--output-path <file>',
      'GuideLLM: one report file, its format from the extension (.json, .csv, .html); a folder works like --output-dir',
    )
    .option(
      '--config <file>',
      'JSON or YAML file of flag values (flags beat INFERBENCH_* env, env beats the file)',
    )
    .option('--backend-kwargs <json>', 'GuideLLM: {"api_key","headers","extra_body","timeout" (s)}')
    .addOption(new Option('--backend-args <json>', 'alias of --backend-kwargs').hideHelp())
    .option('--backend-type <type>', 'GuideLLM: openai_http, the only backend')
    .addOption(new Option('--backend <type>', 'alias of --backend-type').hideHelp())
    .option('--data-args <json>', 'GuideLLM: JSON object merged into the --data spec')
    .option(
      '--data-column-mapper <json>',
      'GuideLLM: which columns hold what, e.g. {"text_column":"prompt"} (file and Hub data)',
    )
    .option('--disable-progress', 'alias of --no-progress (GuideLLM)')
    .addOption(new Option('--disable-console-interactive', 'alias of --no-progress').hideHelp())
    .option('--disable-console', 'GuideLLM: no progress and no summary on the console')
    .addOption(new Option('--disable-console-outputs', 'alias of --disable-console').hideHelp())
    .option('--retain-requests', 'keep every request record in the report')
    .option(
      '--warmup <v>',
      "cut off each benchmark's start: fraction (<1), seconds (>=1, 5s) or requests (20req)",
    )
    .addOption(new Option('--warmup-percent <v>', 'alias of --warmup (GuideLLM)').hideHelp())
    .option('--cooldown <v>', "cut off each benchmark's end, like --warmup")
    .addOption(new Option('--cooldown-percent <v>', 'alias of --cooldown (GuideLLM)').hideHelp())
    .option('--rampup <s>', 'seconds to ramp up concurrent, throughput and constant load')
    .option(
      '--time-scale <x>',
      `replay: factor on the trace's offsets, 2 doubles every gap (default: ${DEFAULTS.timeScale})`,
    )
    .option(
      '--slo <list>',
      'SLOs per benchmark, e.g. "ttft_ms.p99<=500,itl_ms.p95<=50,error_rate<=0.01"; exit 3 when they fail',
    )
    .option(
      '--sweep-strategy <name>',
      `constant | poisson: the rate steps of sweep and capacity (default: ${DEFAULTS.sweepStrategy})`,
    )
    .option(
      '--capacity-min-rate <r>',
      'capacity: lower bound in req/s (default: measured synchronous rate)',
    )
    .option(
      '--capacity-max-rate <r>',
      'capacity: upper bound in req/s (default: measured throughput rate)',
    )
    .option(
      '--capacity-precision <f>',
      `capacity: relative precision (default: ${DEFAULTS.capacityPrecision})`,
    )
    .option(
      '--capacity-max-steps <n>',
      `capacity: benchmarks at most (default: ${DEFAULTS.capacityMaxSteps})`,
    )
    .option('--insecure', 'do not verify the TLS certificate of an https target (unsafe)')
    .option('--ca-cert <file>', 'PEM file of CA certificates to trust for an https target')
    .option(
      '--server-metrics <url>',
      'Prometheus endpoint to scrape through the run, repeatable (e.g. a DCGM exporter); "auto": the target\'s /metrics, "none": no scraping (default: the target\'s /metrics when it serves Prometheus text)',
      collectFlag,
    )
    .option(
      '--server-metrics-interval-ms <ms>',
      `time between scrapes of each endpoint (default: ${DEFAULTS.serverMetrics.intervalMs})`,
    )
    .option('--no-progress', 'do not print live progress to stderr')
    .option(
      '--shard <index/count>',
      'offer shard INDEX of COUNT of the run (e.g. 0/4): a 1/COUNT share of the rate, streams and max requests, and every COUNT-th data sample',
    )
    .option(
      '--shard-count <n>',
      'shards of the run, the index read from JOB_COMPLETION_INDEX (set in every pod of a Kubernetes Indexed Job)',
    )
    .option(
      '--start-at <epoch-ms>',
      'wait after setup until this time (ms since 1970), the same for every shard, so they start together',
    );
  return addUnsupportedGuidellmOptions(command);
}
