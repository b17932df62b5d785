import { Command, CommanderError } from 'commander';
import { InferbenchError, PACKAGE_VERSION } from '../index.js';
import { addBenchmarkOptions, runBenchmarkCommand } from './commands/benchmark.js';
import { addMockServerOptions, runMockServerCommand } from './commands/mock-server.js';
import { addCompareOptions, runCompareCommand } from './commands/compare.js';
import { addMergeOptions, runMergeCommand } from './commands/merge.js';
import { addEnvOptions, runEnvCommand } from './commands/env.js';
import { addReportOptions, runReportCommand } from './commands/report.js';
import { addPreprocessDatasetOptions, runPreprocessDatasetCommand } from './commands/preprocess.js';
import { applySettings, configFor, type ResolvedSetting } from './config.js';
import { guidellmNamesFor, unusedGuidellmVariables } from './env-aliases.js';
import { EXIT } from './exit-codes.js';
import { withFlagNames } from './flags.js';

/**
 * One line naming the GuideLLM variables read as inferbench's, and one naming those ignored.
 */
function aliasNotices(settings: readonly ResolvedSetting[], env: NodeJS.ProcessEnv): string {
  const read = settings.filter((setting) => setting.alias !== undefined);
  const lines: string[] = [];
  if (read.length > 0) {
    lines.push(
      `note: GuideLLM variables read as inferbench's: ${read
        .map((setting) => `${setting.alias} as ${setting.envVar} (${setting.flag})`)
        .join(', ')}`,
    );
  }
  const known = new Set(settings.flatMap((setting) => guidellmNamesFor(setting.envVar)));
  const ignored = unusedGuidellmVariables(env, known);
  if (ignored.length > 0) {
    lines.push(`note: ignored, no inferbench equivalent: ${ignored.join(', ')}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Usage problems: the user can fix them by changing what they typed. */
const USAGE_CODES = new Set(['ERR_INVALID_ARGS', 'ERR_DATA', 'ERR_TOKENIZER', 'ERR_MERGE']);

/** After a usage error: one line, not the whole help, so the error stays on screen. */
const helpHint = (command: string): string =>
  `(run "inferbench ${command}${command === '' ? '' : ' '}--help" for every flag)`;

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof InferbenchError) {
    process.stderr.write(`error: ${withFlagNames(error.message)}\n`);
    return USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env['INFERBENCH_DEBUG'] === '1' && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  return EXIT.failed;
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('inferbench')
    .description('Benchmark LLM inference servers that speak the OpenAI HTTP API')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .showHelpAfterError(helpHint(''))
    // `benchmark` and `benchmark run` share their flags: a flag belongs to the command it follows.
    .enablePositionalOptions();

  const benchmark = addBenchmarkOptions(
    program.command('benchmark').description('run a benchmark (also: benchmark run)'),
  ).action(async (flags, command: Command) => {
    exitCode = await runBenchmarkCommand(flags, command);
  });
  benchmark.exitOverride().enablePositionalOptions().showHelpAfterError(helpHint('benchmark'));
  // INFERBENCH_<FLAG> variables and --config fill what the flags left unset (also for `run`).
  // GuideLLM's GUIDELLM__* and GUIDELLM_* variables are read as aliases, with a notice.
  benchmark.hook('preAction', async (_hooked, actionCommand) => {
    const settings = applySettings(
      actionCommand,
      process.env,
      await configFor(actionCommand, process.env),
    );
    process.stderr.write(aliasNotices(settings, process.env));
  });
  addBenchmarkOptions(benchmark.command('run').description('run a benchmark'))
    .exitOverride()
    .showHelpAfterError(helpHint('benchmark run'))
    .action(async (flags, command: Command) => {
      exitCode = await runBenchmarkCommand(flags, command);
    });

  addMockServerOptions(
    program.command('mock-server').description('start the built-in OpenAI-compatible mock server'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('mock-server'))
    .action(async (flags) => {
      exitCode = await runMockServerCommand(flags);
    });

  addReportOptions(
    program.command('report').description('re-render a saved benchmarks.json (console, csv, html)'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('report'))
    .action(async (path: string, flags) => {
      exitCode = await runReportCommand(path, flags);
    });

  addCompareOptions(
    program
      .command('compare')
      .description('compare two benchmarks.json files metric by metric, against run-to-run noise'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('compare'))
    .action(async (baseline: string, candidate: string, flags) => {
      exitCode = await runCompareCommand(baseline, candidate, flags);
    });

  addMergeOptions(
    program.command('merge').description('merge the shard reports of one run into one report'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('merge'))
    .action(async (paths: string[], flags) => {
      exitCode = await runMergeCommand(paths, flags);
    });

  addEnvOptions(
    program
      .command('env')
      .alias('config')
      .description('print every benchmark setting, its value and its source (also: config)'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('env'))
    .action(async (flags) => {
      exitCode = await runEnvCommand(flags);
    });

  const preprocess = program
    .command('preprocess')
    .description('rewrite a dataset for benchmarking (preprocess dataset)')
    .exitOverride();
  addPreprocessDatasetOptions(
    preprocess
      .command('dataset')
      .description('resize prompts to target token counts and write JSONL or Parquet'),
  )
    .exitOverride()
    .showHelpAfterError(helpHint('preprocess dataset'))
    .action(async (data: string, outputPath: string, flags) => {
      exitCode = await runPreprocessDatasetCommand(data, outputPath, flags);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    return exitCodeFor(error);
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.exit(exitCodeFor(error));
  },
);
