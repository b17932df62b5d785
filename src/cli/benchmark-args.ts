import type { Command } from 'commander';
import { DEFAULTS, InferbenchError, createConsoleProgress, type BenchmarkArgs } from '../index.js';
import { describeReceived } from '../internal/messages.js';
import type { BenchmarkFlags } from './benchmark-options.js';
import { numberFlag, rateFlag } from './flags.js';
import { applyDataArgs, parseBackendKwargs, parseOverSaturationFlag } from './guidellm-flags.js';
import { serverMetricsFlag } from './server-metrics-flags.js';
import { shardFromFlags, startAtFromFlag } from './shard-flags.js';

/** GuideLLM's `--request-type` values and the `requestFormat` each means. */
const REQUEST_TYPES: Readonly<Record<string, 'chat' | 'completions'>> = {
  chat_completions: 'chat',
  text_completions: 'completions',
};

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

/** One value from a flag and its alias; both given and different is a usage error. */
function oneOf(
  [flag, value]: [string, string | undefined],
  [alias, aliasValue]: [string, string | undefined],
): string | undefined {
  if (value !== undefined && aliasValue !== undefined && value !== aliasValue) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${alias}: ${describeReceived(aliasValue)} disagrees with ${flag} ${describeReceived(value)}; ${alias} is another name for ${flag}: give one of them`,
      { field: alias },
    );
  }
  return value ?? aliasValue;
}

/** True when the user set the option (flag, environment or config file), not its default. */
function givenByUser(command: Command, key: string): boolean {
  const source = command.getOptionValueSource(key);
  return source !== undefined && source !== 'default';
}

/** `--request-format`, or GuideLLM's `--request-type` in its terms. */
function requestFormatOf(flags: BenchmarkFlags, command: Command): string {
  if (flags.requestType === undefined) return flags.requestFormat;
  const format = REQUEST_TYPES[flags.requestType];
  if (format === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--request-type: expected chat_completions or text_completions, received ${describeReceived(flags.requestType)} (inferbench benchmarks text generation only)`,
      { field: '--request-type' },
    );
  }
  if (givenByUser(command, 'requestFormat') && flags.requestFormat !== format) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--request-type: ${flags.requestType} disagrees with --request-format ${flags.requestFormat}; give one of them`,
      { field: '--request-type' },
    );
  }
  return format;
}

/** GuideLLM's `--backend-type`: `openai_http` is the only backend there is. */
function checkBackendType(flags: BenchmarkFlags): void {
  const type = oneOf(['--backend-type', flags.backendType], ['--backend', flags.backend]);
  if (type !== undefined && type !== 'openai_http') {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--backend-type: expected openai_http (the OpenAI-compatible HTTP backend, the only one), received ${describeReceived(type)}`,
      { field: '--backend-type' },
    );
  }
}

/** True when live progress goes to stderr. */
export function progressOn(flags: BenchmarkFlags): boolean {
  return (
    flags.progress &&
    flags.disableProgress !== true &&
    flags.disableConsoleInteractive !== true &&
    !consoleOff(flags)
  );
}

/** True when nothing but errors goes to the console (GuideLLM's `--disable-console`). */
export function consoleOff(flags: BenchmarkFlags): boolean {
  return flags.disableConsole === true || flags.disableConsoleOutputs === true;
}

/**
 * The `runBenchmark` args of a `benchmark` command line: each flag in the library's terms,
 * GuideLLM's names and JSON flags translated, explicit flags winning over `--backend-kwargs`.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for a value no arg can take, or a flag and its
 *   GuideLLM alias that disagree.
 */
export function benchmarkArgs(
  flags: BenchmarkFlags,
  command: Command,
  signal: AbortSignal,
): BenchmarkArgs {
  checkBackendType(flags);
  const backendKwargs = parseBackendKwargs(
    oneOf(['--backend-kwargs', flags.backendKwargs], ['--backend-args', flags.backendArgs]),
  );
  const target = flags.target ?? backendKwargs.target;
  if (target === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      '--target: expected a URL or "mock", received nothing',
      { field: 'target' },
    );
  }
  const saturationFlag =
    flags.detectSaturation !== undefined
      ? '--detect-saturation'
      : flags.overSaturation !== undefined
        ? '--over-saturation'
        : '--default-over-saturation';
  const args: Record<string, unknown> = {
    ...backendKwargs,
    target,
    model: flags.model ?? backendKwargs.model,
    data:
      flags.dataArgs === undefined
        ? flags.data
        : applyDataArgs(flags.data ?? DEFAULTS.data, flags.dataArgs),
    dataColumnMapper: flags.dataColumnMapper,
    profile: oneOf(['--profile', flags.profile], ['--rate-type', flags.rateType]),
    rate: rateFlag(flags.rate),
    maxSeconds: numberFlag('--max-seconds', flags.maxSeconds),
    maxRequests: numberFlag('--max-requests', flags.maxRequests),
    maxErrors: numberFlag('--max-errors', flags.maxErrors),
    maxErrorRate: numberFlag('--max-error-rate', flags.maxErrorRate),
    maxInitialFailures: numberFlag('--max-initial-failures', flags.maxInitialFailures),
    overSaturation: parseOverSaturationFlag(
      saturationFlag,
      flags.detectSaturation ?? flags.overSaturation ?? flags.defaultOverSaturation,
    ),
    maxConcurrency: numberFlag('--max-concurrency', flags.maxConcurrency),
    workers: numberFlag('--workers', flags.workers),
    requestFormat: requestFormatOf(flags, command),
    // The defaults (stream, probe) come from the library's own.
    stream: flags.stream ? undefined : false,
    probe: flags.probe ? undefined : false,
    apiKey: flags.apiKey ?? backendKwargs.apiKey,
    tokenizer: oneOf(['--tokenizer', flags.tokenizer], ['--processor', flags.processor]),
    tokenizerRevision: flags.tokenizerRevision,
    // A numeric seed stays a number so a run's report reproduces it as typed in a JSON file.
    randomSeed:
      flags.randomSeed !== undefined && /^-?\d+$/.test(flags.randomSeed)
        ? Number(flags.randomSeed)
        : flags.randomSeed,
    requestTimeoutMs:
      numberFlag('--request-timeout-ms', flags.requestTimeoutMs) ?? backendKwargs.requestTimeoutMs,
    retainRequests: flags.retainRequests,
    warmup: phaseFlag(oneOf(['--warmup', flags.warmup], ['--warmup-percent', flags.warmupPercent])),
    cooldown: phaseFlag(
      oneOf(['--cooldown', flags.cooldown], ['--cooldown-percent', flags.cooldownPercent]),
    ),
    rampup: numberFlag('--rampup', flags.rampup),
    timeScale: numberFlag('--time-scale', flags.timeScale),
    slo: flags.slo,
    sweepStrategy: flags.sweepStrategy,
    capacity: capacityFlags(flags),
    insecure: flags.insecure,
    caCertFile: flags.caCert,
    serverMetrics: serverMetricsFlag(flags.serverMetrics, flags.serverMetricsIntervalMs),
    shard: shardFromFlags(flags.shard, flags.shardCount, process.env),
    startAt: startAtFromFlag(flags.startAt),
    signal,
  };
  for (const key of Object.keys(args)) if (args[key] === undefined) delete args[key];
  // GuideLLM's replay takes its time scale as the rate: `--rate-type replay --rate 2`.
  if (args['profile'] === 'replay' && typeof args['rate'] === 'number' && !('timeScale' in args)) {
    args['timeScale'] = args['rate'];
    delete args['rate'];
  }
  if (progressOn(flags)) args['progress'] = [createConsoleProgress()];
  // Built key by key from flags; runBenchmark validates it against the schema.
  return args as unknown as BenchmarkArgs;
}
