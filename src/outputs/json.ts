import { join } from 'node:path';
import type { BenchmarkReport } from '../report/report-schema.js';
import { writeFileAtomic } from './write-atomic.js';

/** The file name GuideLLM users expect for the JSON report. */
export const JSON_REPORT_FILE = 'benchmarks.json';

/** Renders a report as pretty JSON. */
export function renderJson(report: BenchmarkReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes `benchmarks.json` into `directory` atomically and returns its path. */
export async function writeJsonReport(report: BenchmarkReport, directory: string): Promise<string> {
  const path = join(directory, JSON_REPORT_FILE);
  await writeFileAtomic(path, renderJson(report));
  return path;
}
