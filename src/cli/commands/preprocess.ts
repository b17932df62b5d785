import type { Command } from 'commander';
import { preprocessDataset, type PreprocessSummary } from '../../index.js';
import { applyDataArgs } from '../guidellm-flags.js';
import { EXIT } from '../exit-codes.js';

/** Raw option values of `inferbench preprocess dataset`. */
interface PreprocessFlags {
  config: string;
  tokenizer?: string;
  processor?: string;
  tokenizerRevision?: string;
  dataArgs?: string;
  dataColumnMapper?: string;
  shortPromptStrategy?: string;
  padChar?: string;
  concatDelimiter?: string;
  format?: string;
  randomSeed?: string;
}

/** Adds the `preprocess dataset` arguments and flags to a command. */
export function addPreprocessDatasetOptions(command: Command): Command {
  return command
    .argument('<data>', 'a data file or a Hugging Face dataset id (as --data of benchmark)')
    .argument('<output-path>', 'where to write: .jsonl or .parquet')
    .requiredOption(
      '--config <spec>',
      'target lengths: prompt_tokens=256[,prompt_tokens_stdev=…,_min,_max][,output_tokens=128…] or D(256,128)',
    )
    .option('--tokenizer <id>', 'tokenizer.json path or folder, or a Hub model id')
    .option('--processor <id>', 'GuideLLM: alias of --tokenizer')
    .option('--tokenizer-revision <rev>', 'Hub revision of a Hub tokenizer')
    .option('--data-args <json>', 'GuideLLM: JSON object merged into DATA (split, config, …)')
    .option('--data-column-mapper <json>', 'GuideLLM: which columns hold what')
    .option(
      '--short-prompt-strategy <strategy>',
      'prompts shorter than their target: drop (GuideLLM: ignore), pad, concatenate, error',
      'drop',
    )
    .option('--pad-char <text>', 'text repeated to pad short prompts', ' .')
    .option('--concat-delimiter <text>', 'put between concatenated rows', '\n')
    .option('--format <format>', 'jsonl or parquet (default: from OUTPUT_PATH)')
    .option('--random-seed <seed>', 'seed of the length draws', '42');
}

/** One line saying what was written and what was left out. */
export function describeSummary(data: string, summary: PreprocessSummary): string {
  const parts = [
    `kept ${summary.written} of ${summary.read} rows`,
    `dropped ${summary.droppedShort} shorter than their target`,
    `truncated ${summary.truncated}`,
    `padded ${summary.padded}`,
    `concatenated ${summary.concatenated} into earlier prompts`,
    `skipped ${summary.skippedRows} unreadable or without a prompt`,
  ];
  if (summary.inexact > 0) parts.push(`${summary.inexact} off their target by a token or more`);
  return `preprocessed ${data} into ${summary.outputPath} (${summary.format}): ${parts.join(', ')}\n`;
}

/**
 * Runs `inferbench preprocess dataset DATA OUTPUT_PATH`; bad input throws an InferbenchError,
 * which the CLI prints without a stack trace and exits 2 for.
 */
export async function runPreprocessDatasetCommand(
  data: string,
  outputPath: string,
  flags: PreprocessFlags,
): Promise<number> {
  const tokenizer = flags.tokenizer ?? flags.processor;
  const summary = await preprocessDataset({
    data: applyDataArgs(data, flags.dataArgs),
    outputPath,
    config: flags.config,
    tokenizer: tokenizer ?? '',
    tokenizerRevision: flags.tokenizerRevision,
    columnMapper: flags.dataColumnMapper,
    shortPrompts: flags.shortPromptStrategy as 'drop',
    padText: flags.padChar,
    concatDelimiter: flags.concatDelimiter,
    format: flags.format as 'jsonl' | undefined,
    seed: /^-?\d+$/.test(flags.randomSeed ?? '') ? Number(flags.randomSeed) : flags.randomSeed,
  });
  process.stdout.write(describeSummary(data, summary));
  return EXIT.ok;
}
