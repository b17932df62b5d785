import type { Command } from 'commander';
import { InferbenchError, compareReports, readReport, renderComparison } from '../../index.js';
import { EXIT } from '../exit-codes.js';
import { numberFlag } from '../flags.js';

/** Raw option values of `inferbench compare`. */
interface CompareFlags {
  z: string;
  minChange: string;
  json?: boolean;
  failOnChange?: boolean;
}

/** Adds the `compare` flags to a command. */
export function addCompareOptions(command: Command): Command {
  return command
    .argument('<baseline>', 'the reference benchmarks.json')
    .argument('<candidate>', 'the benchmarks.json to compare with it')
    .option('--z <n>', 'standard errors a change must exceed to count as beyond noise', '3')
    .option('--min-change <percent>', 'smallest change in percent that counts', '5')
    .option('--json', 'print the comparison as JSON')
    .option('--fail-on-change', 'exit with 1 when any metric changed beyond noise');
}

/**
 * Runs `inferbench compare <baseline> <candidate>`: per matched benchmark and metric, the
 * change in percent and whether it exceeds run-to-run noise (see docs/reference/cli.md).
 */
export async function runCompareCommand(
  baselinePath: string,
  candidatePath: string,
  flags: CompareFlags,
): Promise<number> {
  const zThreshold = numberFlag('--z', flags.z)!;
  const minChangePercent = numberFlag('--min-change', flags.minChange)!;
  let reports;
  try {
    reports = [await readReport(baselinePath), await readReport(candidatePath)] as const;
  } catch (error) {
    if (!(error instanceof InferbenchError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  const comparison = compareReports(reports[0], reports[1], { zThreshold, minChangePercent });
  process.stdout.write(
    flags.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : renderComparison(comparison),
  );
  return flags.failOnChange === true && comparison.significantChanges > 0 ? EXIT.failed : EXIT.ok;
}
