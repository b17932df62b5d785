import { InferbenchError } from '../errors.js';
import type { BenchmarkReport, RunWarning } from '../report/report-schema.js';
import type { ShardInfo } from '../report/shard-schema.js';

/** A shard report with its shard, as {@link checkMergeable} hands them on, by shard index. */
export interface ShardReport {
  report: BenchmarkReport;
  shard: ShardInfo;
  /** Epoch ms of the shard run's time origin (`startedAt`). */
  originEpochMs: number;
}

function mergeError(message: string): InferbenchError {
  return new InferbenchError('ERR_MERGE', message, { field: 'reports' });
}

/** The args a run's shards share: all but `shard` itself. */
function sharedArgs(report: BenchmarkReport): Record<string, unknown> {
  const { shard: _shard, ...rest } = report.args;
  return rest;
}

/** The argument names whose values differ between `a` and `b`. */
function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}

/**
 * Checks that `reports` are the shards of one run, and orders them by shard index: the same
 * schema version, every report a shard report (`shard`) of the same count, each index exactly
 * once, the same args but `shard` (the same `startAt` included), and the same benchmarks (count
 * and strategy types).
 *
 * @throws {InferbenchError} `ERR_MERGE` naming what differs.
 */
export function checkMergeable(reports: readonly BenchmarkReport[]): ShardReport[] {
  const first = reports[0];
  if (first === undefined) throw mergeError('reports: expected at least one report, received none');
  const shards = reports.map((report, position): ShardReport => {
    if (report.shard === undefined) {
      throw mergeError(
        `reports[${position}]: expected a shard report (one with "shard", from a run with shard or --shard), received a report without one`,
      );
    }
    return { report, shard: report.shard, originEpochMs: Date.parse(report.startedAt) };
  });
  shards.forEach(({ report, shard }, position) => {
    if (report.schemaVersion !== first.schemaVersion) {
      throw mergeError(
        `reports[${position}]: expected schemaVersion ${first.schemaVersion} like reports[0], received ${report.schemaVersion}`,
      );
    }
    if (shard.count !== shards[0]!.shard.count) {
      throw mergeError(
        `reports[${position}]: expected shard count ${shards[0]!.shard.count} like reports[0], received ${shard.count} (shard ${shard.index}/${shard.count})`,
      );
    }
    const differing = differingKeys(sharedArgs(first), sharedArgs(report));
    if (differing.length > 0) {
      throw mergeError(
        `reports[${position}]: expected the args of reports[0] (the same run), received different ${differing.join(', ')}`,
      );
    }
    if (report.benchmarks.length !== first.benchmarks.length) {
      throw mergeError(
        `reports[${position}]: expected ${first.benchmarks.length} benchmarks like reports[0], received ${report.benchmarks.length}`,
      );
    }
    report.benchmarks.forEach((benchmark, b) => {
      const type = first.benchmarks[b]!.strategy.type;
      if (benchmark.strategy.type !== type) {
        throw mergeError(
          `reports[${position}].benchmarks[${b}]: expected strategy ${type} like reports[0], received ${benchmark.strategy.type}`,
        );
      }
    });
  });
  const count = shards[0]!.shard.count;
  const byIndex = new Map<number, ShardReport>();
  for (const shard of shards) {
    if (byIndex.has(shard.shard.index)) {
      throw mergeError(
        `reports: expected each shard once, received shard ${shard.shard.index}/${count} twice`,
      );
    }
    byIndex.set(shard.shard.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw mergeError(
      `reports: expected all ${count} shards of the run, missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}`,
    );
  }
  return [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index);
}

/**
 * Warnings about shards that did not run together: first benchmarks that began, or last
 * benchmarks that ended, further apart than `toleranceMs` (a shard that started late, a clock
 * that is off, a shard stopped early), and shards that began further than `toleranceMs` from
 * the `startAt` they waited for (a clock that is off).
 */
export function shardTimingWarnings(
  shards: readonly ShardReport[],
  toleranceMs: number,
): RunWarning[] {
  const warnings: RunWarning[] = [];
  const starts = shards.map(({ report }) => epochOf(report.benchmarks[0]?.timings.startedAt));
  const ends = shards.map(({ report }) => epochOf(report.benchmarks.at(-1)?.timings.endedAt));
  const spread = (values: number[]): number =>
    values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
  const startSpread = spread(starts.filter(Number.isFinite));
  if (startSpread > toleranceMs) {
    warnings.push({
      code: 'SHARD_START_SKEW',
      message: `the shards' first benchmarks began ${Math.round(startSpread)} ms apart (tolerance ${toleranceMs} ms): a shard started late or its clock is off, so the merged load was not offered together`,
    });
  }
  const endSpread = spread(ends.filter(Number.isFinite));
  if (endSpread > toleranceMs) {
    warnings.push({
      code: 'SHARD_WINDOW_MISMATCH',
      message: `the shards' last benchmarks ended ${Math.round(endSpread)} ms apart (tolerance ${toleranceMs} ms): the merged rates are over the union of their windows`,
    });
  }
  shards.forEach(({ shard }, i) => {
    const start = starts[i]!;
    if (shard.startAt !== undefined && Math.abs(start - shard.startAt) > toleranceMs) {
      warnings.push({
        code: 'SHARD_CLOCK_SKEW',
        message: `shard ${shard.index}/${shard.count} began ${Math.round(start - shard.startAt)} ms from its startAt (tolerance ${toleranceMs} ms): its clock is off or its setup ran past startAt`,
      });
    }
  });
  return warnings;
}

function epochOf(iso: string | undefined): number {
  return iso === undefined ? NaN : Date.parse(iso);
}
