import { Option, type Command } from 'commander';
import { InferbenchError } from '../index.js';

/**
 * GuideLLM `benchmark run` flags (v0.5 to v0.7) that inferbench does not take, each with the
 * nearest thing inferbench has. They are registered as hidden options so that a GuideLLM
 * command line fails with this hint instead of "unknown option". docs/guides/from-guidellm.md
 * lists every GuideLLM flag.
 */
export const GUIDELLM_UNSUPPORTED: Readonly<Record<string, string>> = {
  '--scenario':
    'a GuideLLM scenario file; inferbench reads flag values from --config FILE (JSON or YAML, flag names as keys)',
  '--processor-args':
    'no equivalent: --tokenizer takes a tokenizer.json, a folder, a Hub id or "server"',
  '--request-formatter-kwargs':
    'no equivalent: put request body fields into --backend-kwargs \'{"extra_body": {…}}\'',
  '--data-samples':
    'for synthetic data, --data "…,samples=N" pre-generates N prompts and reuses them',
  '--data-sampler': 'no equivalent: synthetic data is generated in a seeded order (--random-seed)',
  '--data-num-workers': 'no equivalent: data is prepared before each run, ahead of the schedule',
  '--dataloader-kwargs': 'no equivalent: data is prepared before each run, ahead of the schedule',
  '--sample-requests': 'no equivalent: --retain-requests keeps every request record in the report',
  '--output-sampling': 'no equivalent: --retain-requests keeps every request record in the report',
  '--max-global-error-rate':
    '--max-error-rate stops a benchmark when that share of its last 30 requests failed',
  '--per-constraints':
    'no equivalent: --max-seconds, --max-requests and --max-errors apply to every benchmark',
  '--display-scheduler-stats':
    'no equivalent: every benchmark reports dispatch lag and event-loop delay under "client"',
  '--output-extras': 'no equivalent',
  '--constraint':
    "GuideLLM 0.7's --constraint kind=…: use --max-seconds, --max-requests, --max-errors, --max-error-rate or --over-saturation",
  '--seed': "GuideLLM 0.7's --seed kind=static,value=N: use --random-seed N",
  '--label': 'no equivalent: the report echoes every arg of the run',
  '--metrics': 'no equivalent: every metric is computed; the report holds them all',
  '--override': 'no equivalent: run one inferbench benchmark per setting',
  '--output':
    "GuideLLM 0.7's --output kind=…,path=…: use --outputs json,csv,html with --output-dir, or --output-path FILE",
  '--data-request-formatter': 'use --request-type chat_completions|text_completions',
  '--data-preprocessor': 'no equivalent: pass a DataSource object to the library for custom data',
  '--data-preprocessors': 'no equivalent: pass a DataSource object to the library for custom data',
  '--data-finalizer': 'no equivalent',
  '--data-loader': 'no equivalent: data is prepared before each run, ahead of the schedule',
  '--data-type': "GuideLLM 0.1's --data-type: --data takes a synthetic spec",
};

/** Registers every flag of {@link GUIDELLM_UNSUPPORTED} on `command`, hidden from its help. */
export function addUnsupportedGuidellmOptions(command: Command): Command {
  for (const flag of Object.keys(GUIDELLM_UNSUPPORTED)) {
    command.addOption(new Option(`${flag} [value]`).hideHelp());
  }
  return command;
}

/**
 * Fails when `command` was given a GuideLLM flag inferbench does not take, naming the nearest
 * equivalent.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for the first such flag.
 */
export function rejectUnsupportedGuidellmOptions(command: Command): void {
  for (const [flag, hint] of Object.entries(GUIDELLM_UNSUPPORTED)) {
    const option = command.options.find((candidate) => candidate.long === flag);
    if (option === undefined) continue;
    if (command.getOptionValue(option.attributeName()) === undefined) continue;
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${flag}: a GuideLLM flag inferbench does not support; ${hint}`,
      { field: flag },
    );
  }
}
