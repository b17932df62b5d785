import { InferbenchError } from '../errors.js';
import { readJsonFile } from '../internal/json-file.js';
import { formatIssues, pathOf } from '../internal/zod-issues.js';
import { migrateReport } from './migrate-report.js';
import { BenchmarkReportSchema, type BenchmarkReport } from './report-schema.js';

/**
 * Checks `report` against {@link BenchmarkReportSchema} (which rejects NaN and ±Infinity
 * anywhere) and returns the parsed report, as `runBenchmark` does before it resolves.
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT`: each issue as `path: expected …, received …`,
 *   the first issue's path as `field`.
 *
 * @example
 * ```ts
 * const report = validateReport(JSON.parse(text));
 * ```
 */
export function validateReport(report: unknown): BenchmarkReport {
  const result = BenchmarkReportSchema.safeParse(report, { reportInput: true });
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first === undefined ? 'report' : pathOf(first, '', 'report');
  throw new InferbenchError('ERR_INVALID_REPORT', formatIssues(result.error.issues, '', 'report'), {
    field,
    cause: result.error,
  });
}

/**
 * Reads a saved report back: a report of this schema version as it is, an older one upgraded
 * first (see docs/concepts/report-schema.md for what changed), then validated.
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT` as {@link validateReport} does.
 */
export function parseReport(json: unknown): BenchmarkReport {
  return validateReport(migrateReport(json));
}

/**
 * Reads and validates a saved `benchmarks.json` (see {@link parseReport}).
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT` naming the file and what is wrong with it.
 *
 * @example
 * ```ts
 * const report = await readReport('out/benchmarks.json');
 * console.log(report.benchmarks[0]?.metrics.ttftMs.successful.percentiles.p99);
 * ```
 */
export async function readReport(path: string): Promise<BenchmarkReport> {
  const json = await readJsonFile(
    path,
    (problem) =>
      new InferbenchError(
        'ERR_INVALID_REPORT',
        problem.kind === 'unreadable'
          ? `${path}: cannot read the report (${problem.message})`
          : `${path}: expected an inferbench benchmarks.json, received invalid JSON (${problem.message})`,
        { cause: problem.cause },
      ),
  );
  try {
    return parseReport(json);
  } catch (error) {
    if (!(error instanceof InferbenchError)) throw error;
    throw new InferbenchError(
      'ERR_INVALID_REPORT',
      `${path}: not a valid inferbench report: ${error.message}`,
      { field: error.field ?? 'report', cause: error },
    );
  }
}
