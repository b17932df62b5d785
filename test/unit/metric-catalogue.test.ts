import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_METRIC_KEYS,
  GOODPUT_METRIC_KEYS,
  METRIC_CATALOGUE,
  METRIC_KEYS,
  RATE_METRIC_KEYS,
  RECORD_METRIC_KEYS,
  SLO_METRIC_KEYS,
  snakeCaseOf,
} from '../../src/metrics/catalogue.js';
import { parseSlo } from '../../src/metrics/slo-parse.js';
import { renderCsv } from '../../src/outputs/csv.js';
import { SUMMARY_COLUMNS } from '../../src/outputs/summary-columns.js';
import { BenchmarkMetricsSchema } from '../../src/report/benchmark-schema.js';
import { METRIC_DEFINITIONS } from '../../src/report/definitions.js';
import { loadReportFixture } from '../helpers/report-fixture.js';
import { readCsv } from '../helpers/read-csv.js';

describe('the metric catalogue', () => {
  it('gives the report schema its metric keys, in catalogue order', () => {
    expect(Object.keys(BenchmarkMetricsSchema.shape)).toEqual([...BENCHMARK_METRIC_KEYS]);
    expect(BENCHMARK_METRIC_KEYS).toContain('lastTokenLatencyMs');
    // Reported elsewhere: the discrepancy under tokenCounts, the error rate only as an SLO.
    expect(BENCHMARK_METRIC_KEYS).not.toContain('tokenCountDiscrepancy');
    expect(BENCHMARK_METRIC_KEYS).not.toContain('errorRate');
  });

  it('defines every metric in the report, and says what count and total mean', () => {
    for (const key of METRIC_KEYS) {
      expect(METRIC_DEFINITIONS[key]).toBe(METRIC_CATALOGUE[key].definition);
      expect(METRIC_CATALOGUE[key].definition).toMatch(/\(.+\)\.$/); // ends with its unit
    }
    expect(METRIC_DEFINITIONS.count).toMatch(/buckets.*requests in flight/);
    expect(METRIC_DEFINITIONS.total).toMatch(/incomplete ones included/);
  });

  it('names the SLO metrics, in either spelling, with a default operator from the direction', () => {
    for (const key of SLO_METRIC_KEYS) {
      const entry = METRIC_CATALOGUE[key];
      const statistic = entry.kind === 'ratio' || entry.kind === 'rate' ? '' : '.p99';
      for (const name of [key, snakeCaseOf(key)]) {
        const { objectives, errors } = parseSlo(`${name}${statistic}<=1`);
        expect(errors).toEqual([]);
        expect(objectives[0]?.metric).toBe(key);
      }
      const [objective] = parseSlo({ [key]: entry.kind === 'ratio' ? 1 : { mean: 1 } }).objectives;
      expect(objective?.operator).toBe(entry.better === 'higher' ? '>=' : '<=');
    }
    for (const notAnSlo of ['promptTokens', 'concurrency', 'tokenCountDiscrepancy']) {
      expect(parseSlo(`${snakeCaseOf(notAnSlo)}.p99<=1`).errors[0]).toMatch(/unknown SLO metric/);
    }
  });

  it('lets goodput threshold only per-request latencies', () => {
    for (const key of GOODPUT_METRIC_KEYS) {
      const entry = METRIC_CATALOGUE[key];
      expect(['per-request', 'per-gap']).toContain(entry.kind);
      expect(entry.better).toBe('lower');
      expect(entry.slo).toBe(true);
    }
    expect(GOODPUT_METRIC_KEYS).toContain('lastTokenLatencyMs');
    expect(GOODPUT_METRIC_KEYS).not.toContain('dispatchLagMs');
  });

  it('says what every per-request metric and rate reads', () => {
    for (const key of RECORD_METRIC_KEYS) expect(METRIC_CATALOGUE[key]).toHaveProperty('reads');
    expect(METRIC_CATALOGUE.lastTokenLatencyMs.reads).toEqual({
      kind: 'span',
      from: 'dispatchedAt',
      to: 'lastTokenAt',
    });
    expect(METRIC_CATALOGUE.requestLatencyMs.reads).toEqual({
      kind: 'span',
      from: 'dispatchedAt',
      to: 'endedAt',
    });
    expect(RATE_METRIC_KEYS.map((key) => METRIC_CATALOGUE[key].reads.kind)).toEqual([
      'requests',
      'tokens',
      'tokens',
      'tokens',
    ]);
  });

  it('labels the CSV columns and the summary with the catalogue’s labels and units', () => {
    const [header] = readCsv(renderCsv(loadReportFixture()));
    for (const key of BENCHMARK_METRIC_KEYS) {
      const { label, unit, kind } = METRIC_CATALOGUE[key];
      const column =
        kind === 'rate' ? `${label} throughput mean (${unit})` : `${label} max (${unit})`;
      expect(header).toContain(column);
    }
    const headers = SUMMARY_COLUMNS.map((column) => column.header);
    expect(headers).toContain(`${METRIC_CATALOGUE.ttftMs.label} p99`);
    expect(headers).toContain(METRIC_CATALOGUE.requestsPerSecond.short);
  });
});
