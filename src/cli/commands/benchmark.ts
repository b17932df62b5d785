import type { Command } from 'commander';
import { renderConsoleSummary, reportSloPassed, runBenchmark } from '../../index.js';
import { benchmarkArgs, consoleOff, progressOn } from '../benchmark-args.js';
import type { BenchmarkFlags } from '../benchmark-options.js';
import { EXIT } from '../exit-codes.js';
import { rejectUnsupportedGuidellmOptions } from '../guidellm-unsupported.js';
import { checkReportFolder, planReportFiles, writeReportFilesSync } from '../report-files.js';

export { addBenchmarkOptions } from '../benchmark-options.js';

/**
 * Runs `inferbench benchmark`: checks the flags and the output folder before anything is sent,
 * runs the benchmark, prints the summary on stdout and writes the reports.
 *
 * Signals: the first SIGINT or SIGTERM ends the run early (requests in flight are cancelled)
 * and the partial report is still written; a second one only says so, since the report of what
 * finished is moments away; a third exits at once. The report files are written without an
 * await, so a signal can never land between a temporary file and its rename.
 */
export async function runBenchmarkCommand(
  flags: BenchmarkFlags,
  command: Command,
): Promise<number> {
  rejectUnsupportedGuidellmOptions(command);
  const plan = planReportFiles(flags, command);
  const controller = new AbortController();
  const args = benchmarkArgs(flags, command, controller.signal);
  // Before a single request: a folder that cannot take the report must not cost the run.
  checkReportFolder(plan);
  // With progress on, the console progress prints runBenchmark's TLS_VERIFICATION_DISABLED warning.
  if (flags.insecure === true && !progressOn(flags)) {
    process.stderr.write(
      'warning: --insecure: TLS certificates are not verified; the API key and the traffic can be intercepted\n',
    );
  }
  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (signals === 1) {
      process.stderr.write(
        '\ninterrupted: stopping and writing the partial report (twice more to quit without it)\n',
      );
      controller.abort();
    } else if (signals === 2) {
      process.stderr.write('interrupted again: finishing the partial report (once more to quit)\n');
    } else {
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runBenchmark(args);
    if (!consoleOff(flags)) process.stdout.write(renderConsoleSummary(report));
    for (const path of writeReportFilesSync(report, plan)) {
      if (!consoleOff(flags)) process.stdout.write(`report written to ${path}\n`);
    }
    if (signals > 0) return EXIT.interrupted;
    if (report.status === 'failed') {
      process.stderr.write(
        'error: no benchmark had a successful request, so nothing was measured (the failures are listed above and in the report)\n',
      );
      return EXIT.failed;
    }
    return reportSloPassed(report) === false ? EXIT.sloFailed : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
