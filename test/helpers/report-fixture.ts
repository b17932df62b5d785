import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { parseReport } from '../../src/report/validate-report.js';

/**
 * Path of the committed report fixture: a real 3-rate constant run against the mock server,
 * saved by schema 1.0.0 (so reading it also exercises the upgrade of older reports).
 */
export const REPORT_FIXTURE_PATH = join(import.meta.dirname, '..', 'fixtures', 'report.json');

/** A fresh, validated copy of the committed report fixture, upgraded to the current schema. */
export function loadReportFixture(): BenchmarkReport {
  return parseReport(JSON.parse(readFileSync(REPORT_FIXTURE_PATH, 'utf8')));
}
