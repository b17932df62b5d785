import type { Command } from 'commander';
import {
  DEFAULTS,
  InferbenchError,
  OUTPUT_FORMATS,
  createConsoleProgress,
  renderConsoleSummary,
  reportSloPassed,
  runBenchmark,
  writeReportFiles,
  type BenchmarkArgs,
  type OutputFormat,
} from '../../index.js';
import { describeReceived } from '../../internal/messages.js';
import { applyDataArgs, parseBackendKwargs } from '../guidellm-flags.js';
import { EXIT } from '../exit-codes.js';
import { listFlag, numberFlag, rateFlag } from '../flags.js';

/** Raw option values as commander hands them over. */
interface BenchmarkFlags {
  warmup?: string;
  cooldown?: string;
  rampup?: string;
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
  detectSaturation?: boolean;
  overSaturation?: boolean;
  maxConcurrency?: string;
  requestFormat?: string;
  apiKey?: string;
  tokenizer?: string;
  processor?: string;
  tokenizerRevision?: string;
  randomSeed?: string;
  requestTimeoutMs?: string;
  outputDir: string;
  outputs: string;
  progress: boolean;
  retainRequests?: boolean;
  insecure?: boolean;
  caCert?: string;
  /** Read by the settings resolver (src/cli/config.ts) before the command runs. */
  config?: string;
  backendKwargs?: string;
  dataArgs?: string;
  disableProgress?: boolean;
}

const SUPPORTED_OUTPUTS: readonly string[] = OUTPUT_FORMATS;

/** Adds the `benchmark` flags to a command (used by `benchmark` and `benchmark run`). */
export function addBenchmarkOptions(command: Command): Command {
  return command
    .option('--target <url>', 'OpenAI-compatible base URL, or "mock" for the built-in mock server')
    .option('--model <id>', 'model to request (default: first id of GET /v1/models)')
    .option('--data <spec>', `synthetic data spec (default: ${DEFAULTS.data})`)
    .option(
      '--profile <name>',
      'synchronous | concurrent | throughput | constant | poisson | sweep | capacity',
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
    .option('--max-concurrency <n>', 'requests in flight at most')
    .option(
      '--detect-saturation',
      'stop a benchmark once concurrency and TTFT keep growing (the server cannot keep up)',
    )
    .option('--over-saturation', 'alias of --detect-saturation')
    .option('--request-format <format>', 'chat | completions', DEFAULTS.requestFormat)
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
      '--config <file>',
      'JSON or YAML file of flag values (flags beat INFERBENCH_* env, env beats the file)',
    )
    .option('--backend-kwargs <json>', 'GuideLLM: {"api_key","headers","extra_body","timeout" (s)}')
    .option('--data-args <json>', 'GuideLLM: JSON object merged into the --data spec')
    .option('--disable-progress', 'alias of --no-progress (GuideLLM)')
    .option('--retain-requests', 'keep every request record in the report')
    .option(
      '--warmup <v>',
      "cut off each benchmark's start: fraction (<1), seconds (>=1, 5s) or requests (20req)",
    )
    .option('--cooldown <v>', "cut off each benchmark's end, like --warmup")
    .option('--rampup <s>', 'seconds to ramp up concurrent, throughput and constant load')
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
    .option('--no-progress', 'do not print live progress to stderr');
}

/** `--warmup 0.1` and `--warmup 5` stay numbers; `5s`, `20req`, `10%` go to the args parser. */
function phaseFlag(value: string | undefined): string | number | undefined {
  if (value === undefined) return undefined;
  return /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : value;
}

/** The `--capacity-*` flags as the `capacity` arg, or `undefined` when none is given. */
function capacityFlags(flags: BenchmarkFlags): Record<string, number> | undefined {
  const capacity: Record<string, number | undefined> = {
    minRate: numberFlag('--capacity-min-rate', flags.capacityMinRate),
    maxRate: numberFlag('--capacity-max-rate', flags.capacityMaxRate),
    precision: numberFlag('--capacity-precision', flags.capacityPrecision),
    maxSteps: numberFlag('--capacity-max-steps', flags.capacityMaxSteps),
  };
  for (const key of Object.keys(capacity)) if (capacity[key] === undefined) delete capacity[key];
  return Object.keys(capacity).length === 0 ? undefined : (capacity as Record<string, number>);
}

/** True when live progress goes to stderr (neither --no-progress nor --disable-progress). */
function progressOn(flags: BenchmarkFlags): boolean {
  return flags.progress && flags.disableProgress !== true;
}

function toArgs(flags: BenchmarkFlags, signal: AbortSignal): BenchmarkArgs {
  // Explicit flags win over the same setting inside --backend-kwargs.
  const backendKwargs = parseBackendKwargs(flags.backendKwargs);
  const target = flags.target ?? backendKwargs.target;
  if (target === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      '--target: expected a URL or "mock", received nothing',
      { field: 'target' },
    );
  }
  const profile = flags.profile ?? flags.rateType;
  const args: Record<string, unknown> = {
    ...backendKwargs,
    target,
    model: flags.model ?? backendKwargs.model,
    data:
      flags.dataArgs === undefined
        ? flags.data
        : applyDataArgs(flags.data ?? DEFAULTS.data, flags.dataArgs),
    profile,
    rate: rateFlag(flags.rate),
    maxSeconds: numberFlag('--max-seconds', flags.maxSeconds),
    maxRequests: numberFlag('--max-requests', flags.maxRequests),
    maxErrors: numberFlag('--max-errors', flags.maxErrors),
    maxErrorRate: numberFlag('--max-error-rate', flags.maxErrorRate),
    overSaturation:
      flags.detectSaturation === true || flags.overSaturation === true ? true : undefined,
    maxConcurrency: numberFlag('--max-concurrency', flags.maxConcurrency),
    requestFormat: flags.requestFormat,
    apiKey: flags.apiKey ?? backendKwargs.apiKey,
    tokenizer: flags.tokenizer ?? flags.processor,
    tokenizerRevision: flags.tokenizerRevision,
    // A numeric seed stays a number so a run's report reproduces it as typed in a JSON file.
    randomSeed:
      flags.randomSeed !== undefined && /^-?\d+$/.test(flags.randomSeed)
        ? Number(flags.randomSeed)
        : flags.randomSeed,
    requestTimeoutMs:
      numberFlag('--request-timeout-ms', flags.requestTimeoutMs) ?? backendKwargs.requestTimeoutMs,
    retainRequests: flags.retainRequests,
    warmup: phaseFlag(flags.warmup),
    cooldown: phaseFlag(flags.cooldown),
    rampup: numberFlag('--rampup', flags.rampup),
    slo: flags.slo,
    sweepStrategy: flags.sweepStrategy,
    capacity: capacityFlags(flags),
    insecure: flags.insecure,
    caCert: flags.caCert,
    signal,
  };
  for (const key of Object.keys(args)) if (args[key] === undefined) delete args[key];
  if (progressOn(flags)) {
    args['progress'] = [createConsoleProgress()];
  }
  // Built key by key from flags; runBenchmark validates it against the schema.
  return args as unknown as BenchmarkArgs;
}

/**
 * Runs `inferbench benchmark`: the benchmark, the summary on stdout, the reports on disk.
 * SIGINT or SIGTERM ends the run early and still writes the partial report; a second one exits
 * at once.
 */
export async function runBenchmarkCommand(flags: BenchmarkFlags): Promise<number> {
  const outputs = listFlag(flags.outputs) ?? ['json'];
  for (const output of outputs) {
    if (!SUPPORTED_OUTPUTS.includes(output)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `--outputs: expected a list of ${SUPPORTED_OUTPUTS.join(', ')}, received ${describeReceived(output)}`,
        { field: 'outputs' },
      );
    }
  }
  // With progress on, the console progress prints runBenchmark's TLS_VERIFICATION_DISABLED warning.
  if (flags.insecure === true && !progressOn(flags)) {
    process.stderr.write(
      'warning: --insecure: TLS certificates are not verified; the API key and the traffic can be intercepted\n',
    );
  }
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    process.stderr.write(
      '\ninterrupted: stopping and writing the partial report (again to quit at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runBenchmark(toArgs(flags, controller.signal));
    process.stdout.write(renderConsoleSummary(report));
    // The summary is always printed; `console` in --outputs is accepted for GuideLLM users.
    for (const path of await writeReportFiles(report, outputs as OutputFormat[], flags.outputDir)) {
      process.stdout.write(`report written to ${path}\n`);
    }
    if (interrupted) return EXIT.interrupted;
    return reportSloPassed(report) === false ? EXIT.sloFailed : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
