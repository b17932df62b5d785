import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchmarkReportSchema, type BenchmarkReport } from '../../src/report/schema.js';

/** Path of the committed report fixture: a real 3-rate constant run against the mock server. */
export const REPORT_FIXTURE_PATH = join(import.meta.dirname, '..', 'fixtures', 'report.json');

/** A fresh, validated copy of the committed report fixture. */
export function loadReportFixture(): BenchmarkReport {
  return BenchmarkReportSchema.parse(JSON.parse(readFileSync(REPORT_FIXTURE_PATH, 'utf8')));
}
