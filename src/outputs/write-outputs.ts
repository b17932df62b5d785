import type { BenchmarkReport } from '../report/report-schema.js';
import { writeCsvReport } from './csv.js';
import { writeHtmlReport } from './html/render-html.js';
import { writeJsonReport } from './json.js';

/** The report formats `--outputs` accepts. `console` prints the summary tables. */
export const OUTPUT_FORMATS = ['json', 'csv', 'html', 'console'] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** True when `name` is one of {@link OUTPUT_FORMATS}. */
export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}

/**
 * Writes the file formats among `formats` (json, csv, html) into `directory`, each atomically,
 * and returns the paths written in the order asked. `console` writes no file.
 */
export async function writeReportFiles(
  report: BenchmarkReport,
  formats: readonly OutputFormat[],
  directory: string,
): Promise<string[]> {
  const paths: string[] = [];
  for (const format of formats) {
    if (format === 'json') paths.push(await writeJsonReport(report, directory));
    else if (format === 'csv') paths.push(await writeCsvReport(report, directory));
    else if (format === 'html') paths.push(await writeHtmlReport(report, directory));
  }
  return paths;
}
