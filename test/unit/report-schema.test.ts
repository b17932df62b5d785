import { describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { emptyDistribution } from '../../src/metrics/distribution-types.js';
import { buildReport } from '../../src/report/build-report.js';
import { validateReport } from '../../src/report/validate-report.js';
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
});
