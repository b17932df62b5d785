import type { Command } from 'commander';
import { runBenchmark } from '../../run-benchmark.js';
import type { BenchmarkArgs } from '../../args/schema.js';
import { DEFAULTS } from '../../args/defaults.js';
import { InferbenchError, describeReceived } from '../../errors.js';
import { writeJsonReport } from '../../outputs/json.js';
import { renderConsoleSummary } from '../../outputs/console-summary.js';
import { createConsoleProgress } from '../../progress/console-progress.js';
import { EXIT } from '../exit-codes.js';
import { listFlag, numberFlag, rateFlag } from '../flags.js';

/** Raw option values as commander hands them over. */
interface BenchmarkFlags {
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
  maxConcurrency?: string;
  requestFormat?: string;
  apiKey?: string;
  tokenizer?: string;
  randomSeed?: string;
  requestTimeoutMs?: string;
  outputDir: string;
  outputs: string;
  progress: boolean;
  retainRequests?: boolean;
}

const SUPPORTED_OUTPUTS = ['json'];

/** Adds the `benchmark` flags to a command (used by `benchmark` and `benchmark run`). */
export function addBenchmarkOptions(command: Command): Command {
  return command
    .option('--target <url>', 'OpenAI-compatible base URL, or "mock" for the built-in mock server')
    .option('--model <id>', 'model to request (default: first id of GET /v1/models)')
    .option('--data <spec>', `synthetic data spec (default: ${DEFAULTS.data})`)
    .option('--profile <name>', 'synchronous | concurrent | throughput | constant | poisson')
    .option('--rate-type <name>', 'alias of --profile (GuideLLM)')
    .option(
      '--rate <n[,n...]>',
      'requests/s (constant, poisson) or streams (concurrent); a list runs one benchmark each',
    )
    .option('--max-seconds <s>', 'stop each benchmark after this many seconds')
    .option('--max-requests <n>', 'send at most this many requests per benchmark')
    .option('--max-errors <n>', 'stop a benchmark after this many failed requests')
    .option('--max-error-rate <fraction>', 'stop when this share of the last 30 requests failed')
    .option('--max-concurrency <n>', 'requests in flight at most')
    .option('--request-format <format>', 'chat | completions', DEFAULTS.requestFormat)
    .option('--api-key <key>', 'bearer token (default: $INFERBENCH_API_KEY, then $OPENAI_API_KEY)')
    .option('--tokenizer <path>', 'tokenizer.json (or a folder with one) for exact token counts')
    .option(
      '--random-seed <seed>',
      'seed for data and Poisson arrivals',
      String(DEFAULTS.randomSeed),
    )
    .option('--request-timeout-ms <ms>', 'whole-request time limit (default: none)')
    .option('--output-dir <dir>', 'where reports are written', '.')
    .option('--outputs <list>', 'report formats to write', 'json')
    .option('--retain-requests', 'keep every request record in the report')
    .option('--no-progress', 'do not print live progress to stderr');
}

function toArgs(flags: BenchmarkFlags, signal: AbortSignal): BenchmarkArgs {
  if (flags.target === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      '--target: expected a URL or "mock", received nothing',
      { field: 'target' },
    );
  }
  const profile = flags.profile ?? flags.rateType;
  const args: Record<string, unknown> = {
    target: flags.target,
    model: flags.model,
    data: flags.data,
    profile,
    rate: rateFlag(flags.rate),
    maxSeconds: numberFlag('--max-seconds', flags.maxSeconds),
    maxRequests: numberFlag('--max-requests', flags.maxRequests),
    maxErrors: numberFlag('--max-errors', flags.maxErrors),
    maxErrorRate: numberFlag('--max-error-rate', flags.maxErrorRate),
    maxConcurrency: numberFlag('--max-concurrency', flags.maxConcurrency),
    requestFormat: flags.requestFormat,
    apiKey: flags.apiKey,
    tokenizer: flags.tokenizer,
    // A numeric seed stays a number so a run's report reproduces it as typed in a JSON file.
    randomSeed:
      flags.randomSeed !== undefined && /^-?\d+$/.test(flags.randomSeed)
        ? Number(flags.randomSeed)
        : flags.randomSeed,
    requestTimeoutMs: numberFlag('--request-timeout-ms', flags.requestTimeoutMs),
    retainRequests: flags.retainRequests,
    signal,
  };
  for (const key of Object.keys(args)) if (args[key] === undefined) delete args[key];
  if (flags.progress) args['progress'] = [createConsoleProgress()];
  return args as BenchmarkArgs;
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
    if (outputs.includes('json')) {
      const path = await writeJsonReport(report, flags.outputDir);
      process.stdout.write(`report written to ${path}\n`);
    }
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
