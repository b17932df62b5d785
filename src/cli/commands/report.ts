import type { Command } from 'commander';
import {
  InferbenchError,
  OUTPUT_FORMATS,
  readReport,
  renderConsoleSummary,
  writeReportFiles,
} from '../../index.js';
import { EXIT } from '../exit-codes.js';
import { outputsFlag } from '../report-files.js';

/** Raw option values of `inferbench report`. */
interface ReportFlags {
  outputs: string;
  outputDir: string;
}

/** Adds the `report` flags to a command. */
export function addReportOptions(command: Command): Command {
  return command
    .argument('<report>', 'a benchmarks.json written by inferbench')
    .option('--outputs <list>', `formats to render: ${OUTPUT_FORMATS.join(', ')}`, 'console')
    .option('--output-dir <dir>', 'where files are written', '.');
}

/**
 * Runs `inferbench report <benchmarks.json>`: validates a saved report and renders it again
 * (console summary, CSV, HTML, JSON). A file that is not a valid report exits with 2.
 */
export async function runReportCommand(path: string, flags: ReportFlags): Promise<number> {
  const formats = outputsFlag(flags.outputs) ?? [];
  let report;
  try {
    report = await readReport(path);
  } catch (error) {
    if (!(error instanceof InferbenchError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (formats.includes('console')) process.stdout.write(renderConsoleSummary(report));
  for (const written of await writeReportFiles(report, formats, flags.outputDir)) {
    process.stdout.write(`report written to ${written}\n`);
  }
  return EXIT.ok;
}
