import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { emptyDistribution } from '../../src/metrics/distribution-types.js';
import { buildReport } from '../../src/report/build-report.js';
import { parseReport, validateReport } from '../../src/report/validate-report.js';
import { REPORT_FIXTURE_PATH } from '../helpers/report-fixture.js';
import { BenchmarkReportSchema, SCHEMA_VERSION } from '../../src/report/report-schema.js';
import { DistributionSchema } from '../../src/report/distribution-schema.js';
import { StrategySpecSchema } from '../../src/report/benchmark-schema.js';

function minimalReport() {
  return buildReport({
    status: 'completed',
    stopReason: 'completed',
    startedAtEpochMs: Date.UTC(2026, 0, 1),
    endedAtEpochMs: Date.UTC(2026, 0, 1, 0, 1),
    args: {},
    benchmarks: [],
  });
}

describe('report schema', () => {
  it('accepts a plain distribution and rejects NaN and ±Infinity', () => {
    expect(DistributionSchema.safeParse(emptyDistribution()).success).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(DistributionSchema.safeParse({ ...emptyDistribution(), mean: bad }).success).toBe(
        false,
      );
      const percentiles = { ...emptyDistribution().percentiles, p99: bad };
      expect(DistributionSchema.safeParse({ ...emptyDistribution(), percentiles }).success).toBe(
        false,
      );
    }
  });

  it('fills schemaVersion, environment and definitions', () => {
    const report = minimalReport();
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    expect(report.environment.cpuCount).toBeGreaterThan(0);
    expect(report.environment.node).toBe(process.version);
    expect(Object.keys(report.definitions)).toEqual(
      expect.arrayContaining(['ttftMs', 'concurrency']),
    );
    expect(BenchmarkReportSchema.safeParse(report).success).toBe(true);
  });

  it('validateReport names the first bad path', () => {
    const report = {
      ...minimalReport(),
      capacity: { maxRatePerSecond: NaN, bracket: [1, 2], steps: [] },
    };
    try {
      validateReport(report);
      expect.unreachable('validateReport accepted NaN');
    } catch (error) {
      expect(error).toBeInstanceOf(InferbenchError);
      expect((error as InferbenchError).code).toBe('ERR_INVALID_REPORT');
      expect((error as InferbenchError).message).toMatch(/^capacity\.maxRatePerSecond: /);
    }
    expect(() => validateReport({ ...minimalReport(), status: 'done' })).toThrow(/^status: /);
  });

  it('checks strategy specs by type', () => {
    expect(StrategySpecSchema.safeParse({ type: 'constant', ratePerSecond: 5 }).success).toBe(true);
    expect(StrategySpecSchema.safeParse({ type: 'concurrent', streams: 0 }).success).toBe(false);
    expect(StrategySpecSchema.safeParse({ type: 'warp' }).success).toBe(false);
  });

  it('says what it received: the value of a wrong tag, and how many more problems there are', () => {
    const report = JSON.parse(readFileSync(REPORT_FIXTURE_PATH, 'utf8')) as {
      benchmarks: { strategy: unknown }[];
    };
    report.benchmarks[0]!.strategy = { type: 'warp', ratePerSecond: 5 };
    expect(() => parseReport(report)).toThrow(
      'benchmarks[0].strategy.type: expected one of "synchronous", "concurrent", "throughput", "constant", "poisson", "replay", received "warp"',
    );
    // A report broken everywhere lists ten problems and counts the rest.
    const broken = JSON.parse(readFileSync(REPORT_FIXTURE_PATH, 'utf8')) as Record<string, unknown>;
    broken['schemaVersion'] = '2.0.0';
    const message = (() => {
      try {
        validateReport(broken);
      } catch (error) {
        return (error as InferbenchError).message;
      }
      return '';
    })();
    expect(message.split('; ').length).toBe(11);
    expect(message).toMatch(/; and \d+ more problem\(s\)$/);
  });
});

describe('reading a report saved by schema 1.x', () => {
  it('upgrades it: null for empty distributions, derived window counts, no last-token latency', () => {
    const saved = JSON.parse(readFileSync(REPORT_FIXTURE_PATH, 'utf8'));
    expect(saved.schemaVersion).toBe('1.0.0');
    // The 1.x shape fails today's schema as it is.
    expect(BenchmarkReportSchema.safeParse(saved).success).toBe(false);
    const report = parseReport(saved);
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    for (const [index, benchmark] of report.benchmarks.entries()) {
      const old = saved.benchmarks[index];
      // What 1.x measured is kept as it was.
      expect(benchmark.metrics.ttftMs.successful).toEqual(old.metrics.ttftMs.successful);
      expect(benchmark.metrics.lastTokenLatencyMs.total.count).toBe(0);
      expect(benchmark.metrics.lastTokenLatencyMs.total.mean).toBeNull();
      // 1.x wrote zeros for an empty distribution; they are null now.
      expect(old.metrics.ttftMs.errored).toMatchObject({ count: 0, mean: 0 });
      expect(benchmark.metrics.ttftMs.errored).toEqual(emptyDistribution());
      const latency = old.metrics.requestLatencyMs;
      expect(benchmark.measuredRequestCounts.dispatched).toEqual({
        successful: latency.successful.count,
        errored: latency.errored.count,
        incomplete: latency.incomplete.count,
        total: latency.total.count,
      });
    }
    // The saved file itself is left as it was.
    expect(saved.schemaVersion).toBe('1.0.0');
  });

  it('rejects what is not a report, naming the path', () => {
    expect(() => parseReport({ schemaVersion: '1.0.0', benchmarks: 3 })).toThrow(/benchmarks/);
  });
});
