import { readFile } from 'node:fs/promises';
import { formatIssues } from '../internal/zod-issues.js';
import { InferbenchError } from '../errors.js';
import { BenchmarkReportSchema, type BenchmarkReport } from '../report/schema.js';

/**
 * Reads and validates a saved `benchmarks.json`.
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT` naming the file and what is wrong with it.
 */
export async function loadReportFile(path: string): Promise<BenchmarkReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InferbenchError(
      'ERR_INVALID_REPORT',
      `${path}: cannot read the report (${(error as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InferbenchError(
      'ERR_INVALID_REPORT',
      `${path}: expected an inferbench benchmarks.json, received invalid JSON (${(error as Error).message})`,
    );
  }
  const result = BenchmarkReportSchema.safeParse(json);
  if (!result.success) {
    throw new InferbenchError(
      'ERR_INVALID_REPORT',
      `${path}: not a valid inferbench report: ${formatIssues(result.error.issues)}`,
    );
  }
  return result.data;
}
