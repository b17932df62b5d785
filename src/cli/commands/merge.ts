import type { Command } from 'commander';
import {
  InferbenchError,
  OUTPUT_FORMATS,
  mergeReports,
  readReport,
  renderConsoleSummary,
  writeReportFiles,
} from '../../index.js';
import { EXIT } from '../exit-codes.js';
import { numberFlag } from '../flags.js';
import { outputsFlag } from '../report-files.js';

/** Raw option values of `inferbench merge`. */
interface MergeFlags {
  outputs: string;
  outputDir: string;
  toleranceMs?: string;
}

/** Adds the `merge` arguments and flags to a command. */
export function addMergeOptions(command: Command): Command {
  return command
    .argument('<reports...>', "the shards' benchmarks.json files, one per shard")
    .option('--output-dir <dir>', 'where the merged report is written', '.')
    .option('--outputs <list>', `formats to write: ${OUTPUT_FORMATS.join(', ')}`, 'json')
    .option(
      '--tolerance-ms <ms>',
      "warn when the shards' starts, ends or start times differ by more (default: 1000)",
    );
}

/**
 * Runs `inferbench merge <shard reports…>`: merges the shard reports of one run into one report
 * (see docs/reference/cli.md). Reports that are not the shards of one run, or files that are
 * not reports, exit with 2 and a message naming what differs.
 */
export async function runMergeCommand(paths: string[], flags: MergeFlags): Promise<number> {
  const formats = outputsFlag(flags.outputs) ?? [];
  const toleranceMs = numberFlag('--tolerance-ms', flags.toleranceMs);
  let merged;
  try {
    const reports = [];
    for (const path of paths) reports.push(await readReport(path));
    merged = mergeReports(reports, { toleranceMs });
  } catch (error) {
    if (!(error instanceof InferbenchError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  for (const warning of merged.warnings ?? []) {
    process.stderr.write(`warning: ${warning.code}: ${warning.message}\n`);
  }
  if (formats.includes('console')) process.stdout.write(renderConsoleSummary(merged));
  for (const written of await writeReportFiles(merged, formats, flags.outputDir)) {
    process.stdout.write(`report written to ${written}\n`);
  }
  return EXIT.ok;
}
