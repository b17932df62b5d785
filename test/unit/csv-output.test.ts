import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/read-csv.js';
import { renderCsv } from '../../src/outputs/csv.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

describe('renderCsv', () => {
  const report = loadReportFixture();

  it('writes one header row with units and one row per benchmark, all the same width', () => {
    const rows = readCsv(renderCsv(report));
    expect(rows).toHaveLength(1 + report.benchmarks.length);
    const [header, ...body] = rows;
    expect(new Set(header).size).toBe(header!.length);
    for (const row of body) expect(row).toHaveLength(header!.length);
    expect(header).toContain('TTFT p99 (ms)');
    expect(header).toContain('Requests throughput mean (req/s)');
    expect(header).toContain('Duration (s)');
    // Every metric column names its unit.
    for (const name of header!.slice(12)) {
      if (/TTFT|ITL|latency|throughput/.test(name)) expect(name).toMatch(/\(.+\)$/);
    }
  });

  it('puts each benchmark’s numbers in the right columns', () => {
    const [header, ...body] = readCsv(renderCsv(report));
    const column = (name: string): number => header!.indexOf(name);
    report.benchmarks.forEach((benchmark, i) => {
      const row = body[i]!;
      expect(row[column('Benchmark')]).toBe(
        `constant@${benchmark.strategy.type === 'constant' ? benchmark.strategy.ratePerSecond : 0}/s`,
      );
      expect(Number(row[column('TTFT p99 (ms)')])).toBe(
        benchmark.metrics.ttftMs.successful.percentiles.p99,
      );
      expect(Number(row[column('Requests successful (count)')])).toBe(
        benchmark.requestCounts.successful,
      );
      expect(Number(row[column('Duration (s)')])).toBeCloseTo(benchmark.timings.duration / 1000, 9);
      // Absent values are empty cells, not "undefined" or "null".
      expect(row[column('Streams')]).toBe('');
      expect(row[column('Client bound')]).toMatch(/^(true|false)$/);
    });
  });

  it('quotes cells with commas, quotes and newlines', () => {
    const tricky = loadReportFixture();
    tricky.args['model'] = 'a,"b"\nc';
    const rows = readCsv(renderCsv(tricky));
    const modelColumn = rows[0]!.indexOf('Model');
    expect(rows[1]![modelColumn]).toBe('a,"b"\nc');
  });

  it('is a pure function: the same report renders to the same bytes', () => {
    expect(renderCsv(loadReportFixture())).toBe(renderCsv(report));
    // JSON round trip (what `inferbench report` does) keeps every byte.
    expect(renderCsv(JSON.parse(JSON.stringify(report)) as typeof report)).toBe(renderCsv(report));
  });
});
