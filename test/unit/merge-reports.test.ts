import { describe, expect, it } from 'vitest';
import { InferbenchError, mergeReports, type BenchmarkReport } from '../../src/index.js';
import { PERCENTILE_KEYS } from '../../src/metrics/distribution-types.js';
import type { RequestRecord } from '../../src/spec/request-record.js';
import {
  SHARD_RUN_ARGS,
  assemble,
  fabricateShards,
  shardReport,
  storeOf,
} from '../helpers/shard-reports.js';

const COUNT = 3;
const shards = fabricateShards(COUNT, 400);
const origin = Math.min(...shards.map((s) => s.originEpochMs));

/** Every shard's records on the merged clock, numbered in dispatch order, as one process would. */
function allRecords(): RequestRecord[] {
  return shards
    .flatMap((shard) =>
      shard.records.map((record) => {
        const offset = shard.originEpochMs - origin;
        return {
          ...record,
          scheduledAt: record.scheduledAt + offset,
          dispatchedAt: record.dispatchedAt + offset,
          headersAt: record.headersAt + offset,
          firstTokenAt: record.firstTokenAt + offset,
          firstOutputTokenAt: record.firstOutputTokenAt + offset,
          lastTokenAt: record.lastTokenAt + offset,
          endedAt: record.endedAt + offset,
        };
      }),
    )
    .sort((a, b) => a.dispatchedAt - b.dispatchedAt)
    .map((record, index) => ({ ...record, index }));
}

/** One assembly over every record: what a single process would have reported. */
function singleAssembly() {
  const offsets = shards.map((s) => s.originEpochMs - origin);
  const start = Math.min(...shards.map((s, i) => s.startMs + offsets[i]!));
  const end = Math.max(...shards.map((s, i) => s.endMs + offsets[i]!));
  // Each shard capped its own in-flight requests at 10,000: together, three times that.
  return assemble(storeOf(allRecords()), start, end, origin, SHARD_RUN_ARGS.rate, {
    maxConcurrency: 30_000,
  });
}

/** JSON with keys sorted: doubles in their shortest round-trip form, so equal text is equal bits. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function expectMergeError(reports: BenchmarkReport[], pattern: RegExp): void {
  try {
    mergeReports(reports);
  } catch (error) {
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_MERGE');
    expect((error as InferbenchError).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected mergeReports to reject with ${pattern}`);
}

describe('mergeReports with every shard retaining its records', () => {
  const reports = shards.map((shard) => shardReport(shard, COUNT));

  it('equals one assembly over the union of the records, bit for bit', () => {
    const merged = mergeReports(reports);
    const single = singleAssembly();
    const [benchmark] = merged.benchmarks;
    expect(benchmark!.distributionSource).toBe('exact');
    // Deep equality compares numbers with Object.is: equal bits, key order aside (the merged
    // report went through the report schema, which orders keys its own way).
    expect(benchmark).toStrictEqual(single);
    expect(canonicalJson(benchmark)).toBe(canonicalJson(single));
    expect(merged.merge).toMatchObject({ shardCount: 3, distributionSource: 'exact' });
  });

  it('sums the request counts and the offered rate, and takes the shards in any order', () => {
    const merged = mergeReports([reports[2]!, reports[0]!, reports[1]!]);
    const [benchmark] = merged.benchmarks;
    expect(benchmark!.requestCounts.total).toBe(1200);
    expect(benchmark!.strategy).toMatchObject({ type: 'constant', ratePerSecond: 30 });
    expect(merged.args['shard']).toBeUndefined();
    expect(merged.shard).toBeUndefined();
    expect(merged.merge!.shards.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('warns when the shards began further apart than the tolerance', () => {
    expect(mergeReports(reports).warnings ?? []).not.toContainEqual(
      expect.objectContaining({ code: 'SHARD_START_SKEW' }),
    );
    // 137 ms between consecutive shards: 274 ms from first to last.
    const strict = mergeReports(reports, { toleranceMs: 100 });
    const codes = (strict.warnings ?? []).map((w) => w.code);
    expect(codes).toContain('SHARD_START_SKEW');
    expect(codes).toContain('SHARD_CLOCK_SKEW');
  });
});

describe('mergeReports from sketches', () => {
  // Shard 1 kept no records: the per-request distributions come from the t-digests.
  const reports = shards.map((shard, i) => shardReport(shard, COUNT, i !== 1));
  const exact = singleAssembly();
  const merged = mergeReports(reports);
  const [estimated] = merged.benchmarks;

  it('says the distributions are t-digest estimates', () => {
    expect(estimated!.distributionSource).toBe('tdigest');
    expect(merged.merge!.distributionSource).toBe('tdigest');
  });

  it('keeps counts, sums, means, extremes and variances exact', () => {
    for (const key of ['ttftMs', 'itlMs', 'requestLatencyMs', 'outputTokens'] as const) {
      for (const status of ['successful', 'errored', 'total'] as const) {
        const e = exact.metrics[key][status];
        const m = estimated!.metrics[key][status];
        expect(m.count, `${key}.${status}.count`).toBe(e.count);
        if (e.count === 0) continue;
        expect(m.min).toBe(e.min);
        expect(m.max).toBe(e.max);
        expect(m.sum! / e.sum!).toBeCloseTo(1, 9);
        expect(m.mean! / e.mean!).toBeCloseTo(1, 9);
        expect(m.variance! / e.variance!).toBeCloseTo(1, 6);
      }
    }
    expect(estimated!.requestCounts).toEqual(exact.requestCounts);
    expect(estimated!.measuredRequestCounts.dispatched).toEqual(
      exact.measuredRequestCounts.dispatched,
    );
    expect(estimated!.errorsByCode).toEqual(exact.errorsByCode);
  });

  // The stated error: t-digest with delta 0.01 over ~1,100 samples per metric places every
  // percentile from p05 to p99 within 1% of the distribution's range of the exact value.
  it('estimates percentiles within 1% of the range of the exact ones', () => {
    for (const key of ['ttftMs', 'itlMs', 'requestLatencyMs', 'tpotMs'] as const) {
      const e = exact.metrics[key].successful;
      const m = estimated!.metrics[key].successful;
      const range = e.max! - e.min!;
      for (const p of PERCENTILE_KEYS.filter((k) => !['p001', 'p01', 'p999'].includes(k))) {
        const error = Math.abs(m.percentiles[p]! - e.percentiles[p]!);
        expect(
          error,
          `${key} ${p}: ${m.percentiles[p]} vs ${e.percentiles[p]}`,
        ).toBeLessThanOrEqual(0.01 * range);
      }
    }
  });

  it("counts what completed in each shard's window, over the union of the windows", () => {
    // Without records, a request is counted in its own shard's window: those that completed in
    // the 274 ms by which the union is longer than a shard's window are not recounted.
    const completed = reports.reduce(
      (t, r) => t + r.benchmarks[0]!.measuredRequestCounts.completed.total,
      0,
    );
    expect(estimated!.measuredRequestCounts.completed.total).toBe(completed);
    const unionSeconds = estimated!.timings.measureDuration / 1000;
    expect(unionSeconds).toBeCloseTo(exact.timings.measureDuration / 1000, 9);
    expect(estimated!.metrics.requestsPerSecond.total.mean! * unionSeconds).toBeCloseTo(
      completed,
      6,
    );
    expect(estimated!.slo?.objectives[0]?.metric).toBe('ttftMs');
  });
});

describe('mergeReports rejects reports that are not the shards of one run', () => {
  const reports = shards.map((shard) => shardReport(shard, COUNT));

  it('names the args that differ', () => {
    const other = { ...reports[1]!, args: { ...reports[1]!.args, rate: 60, target: 'http://x' } };
    expectMergeError([reports[0]!, other, reports[2]!], /different rate, target/);
  });

  it('names a different schema version', () => {
    const other = { ...reports[2]!, schemaVersion: '2.0.0' };
    expectMergeError([reports[0]!, reports[1]!, other], /schemaVersion 2\.1\.0.*received 2\.0\.0/);
  });

  it('names a missing or repeated shard, and a different shard count', () => {
    expectMergeError([reports[0]!, reports[2]!], /missing shard 1\/3/);
    expectMergeError([reports[0]!, reports[1]!, reports[1]!], /shard 1\/3 twice/);
    const four = { ...reports[2]!, shard: { ...reports[2]!.shard!, count: 4 } };
    expectMergeError([reports[0]!, reports[1]!, four], /shard count 3.*received 4/);
  });

  it('rejects a report that is not a shard report, and an empty list', () => {
    const { shard: _shard, ...plain } = reports[0]!;
    expectMergeError([plain as BenchmarkReport, reports[1]!], /expected a shard report/);
    expectMergeError([], /at least one report/);
  });
});
