import { describe, expect, it } from 'vitest';
import { PERCENTILE_KEYS, emptyDistribution } from '../../src/metrics/distribution-types.js';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { renderCsv } from '../../src/outputs/csv.js';
import { summaryTable } from '../../src/outputs/html/tables.js';
import { renderJson } from '../../src/outputs/json.js';
import { buildReport } from '../../src/report/build-report.js';
import { DistributionSchema } from '../../src/report/distribution-schema.js';
import { validateReport } from '../../src/report/validate-report.js';
import { emptyBenchmark } from '../helpers/empty-benchmark.js';
import { readCsv } from '../helpers/read-csv.js';

/** A report whose one benchmark saw no request: every distribution is empty. */
function emptyReport() {
  const startedAtEpochMs = Date.UTC(2026, 0, 1);
  return validateReport(
    buildReport({
      status: 'completed',
      stopReason: 'max-seconds',
      startedAtEpochMs,
      endedAtEpochMs: startedAtEpochMs + 1000,
      args: { model: 'm' },
      benchmarks: [emptyBenchmark(startedAtEpochMs)],
    }),
  );
}

describe('an empty distribution (METRICS.md: count 0, null everywhere)', () => {
  it('is count 0 with null statistics and percentiles in the report', () => {
    const benchmark = emptyReport().benchmarks[0]!;
    for (const distribution of [
      benchmark.metrics.ttftMs.successful,
      benchmark.metrics.concurrency.total,
      benchmark.tokenCounts.tokenCountDiscrepancy,
      benchmark.client.dispatchLagMs,
    ]) {
      expect(distribution).toEqual(emptyDistribution());
    }
    // A rate over a window with buckets but no completion is 0, a measured value.
    expect(benchmark.metrics.requestsPerSecond.successful).toMatchObject({ count: 1, mean: 0 });
  });

  it('is null in JSON, never 0 and never NaN', () => {
    const json = JSON.parse(renderJson(emptyReport()));
    const ttft = json.benchmarks[0].metrics.ttftMs.total;
    expect(ttft.count).toBe(0);
    expect(ttft.mean).toBeNull();
    expect(ttft.stdDev).toBeNull();
    for (const key of PERCENTILE_KEYS) expect(ttft.percentiles[key]).toBeNull();
  });

  it('is an empty CSV cell', () => {
    const [header, row] = readCsv(renderCsv(emptyReport()));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(header).toContain('TTFT p99 (ms)');
    expect(cell('TTFT p99 (ms)')).toBe('');
    expect(cell('Latency mean (ms)')).toBe('');
    expect(cell('Requests successful (count)')).toBe('0');
  });

  it('is – in the console and HTML summaries', () => {
    const report = emptyReport();
    const latencyRow = renderConsoleSummary(report)
      .split('\n')
      .find((line) => line.startsWith('synchronous') && !line.includes('max-seconds'))!;
    expect(latencyRow.split(/\s{2,}/).slice(1)).toEqual(Array(8).fill('–'));
    // Concurrency and the eight latency columns have no samples; the rates are a measured 0.
    expect(summaryTable(report).match(/<td class="num">–<\/td>/g)).toHaveLength(9);
    expect(summaryTable(report)).toContain('<td class="num">0.00</td>');
  });

  it('is the only place null is allowed: the schema rejects mixed distributions', () => {
    expect(DistributionSchema.safeParse(emptyDistribution()).success).toBe(true);
    expect(DistributionSchema.safeParse({ ...emptyDistribution(), mean: 0 }).success).toBe(false);
    const filled = { ...emptyDistribution(), count: 1, mean: 1, median: 1, mode: 1 };
    expect(DistributionSchema.safeParse(filled).success).toBe(false);
  });
});
