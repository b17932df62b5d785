import { TransientPhaseSchema, normalizeTransientPhase } from '../args/transient-phase.js';
import { InferbenchError } from '../errors.js';
import { parseSlo } from '../metrics/slo-parse.js';
import { buildReport } from '../report/build-report.js';
import type { BenchmarkReport, RunWarning } from '../report/report-schema.js';
import { validateReport } from '../report/validate-report.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';
import { checkMergeable, shardTimingWarnings, type ShardReport } from './merge-checks.js';
import { mergeEstimated } from './merge-estimated.js';
import { mergeExact, type ShardBenchmark } from './merge-exact.js';
import { mergeStrategies } from './merge-strategy.js';

/** Options of {@link mergeReports}. */
export interface MergeReportsOptions {
  /**
   * How far apart (ms) the shards' first benchmarks may begin, their last benchmarks end, and a
   * shard begin from its `startAt`, before the merged report warns (`SHARD_START_SKEW`,
   * `SHARD_WINDOW_MISMATCH`, `SHARD_CLOCK_SKEW`).
   * @default 1000
   */
  toleranceMs?: number | undefined;
}

/** The default of {@link MergeReportsOptions.toleranceMs}. */
export const MERGE_TOLERANCE_MS = 1000;

/**
 * Merges the shard reports of one sharded run (see `shard` in {@link BenchmarkArgs}) into the
 * report one process offering the whole load would have written. When every shard retained its
 * requests, each merged benchmark is assembled from their union by the code that assembles a
 * single run's, so every distribution is exact (`distributionSource: 'exact'`); otherwise the
 * per-request distributions are estimated from the shards' t-digest sketches
 * (`distributionSource: 'tdigest'`). Rates are over the union of the shards' measured windows,
 * on one clock: each shard's times are moved by the gap between its `startedAt` and the
 * earliest. The merged report warns when the shards did not run together (see
 * {@link MergeReportsOptions.toleranceMs}), carries every shard's warnings once, and says what
 * it was merged from (`merge`).
 *
 * @throws {InferbenchError} `ERR_MERGE` when the reports are not the shards of one run: not
 *   shard reports, different schema versions, shard counts, args or benchmarks, a shard twice
 *   or missing, naming what differs.
 *
 * @example
 * ```ts
 * const merged = mergeReports([shard0, shard1, shard2]);
 * merged.benchmarks[0]?.requestCounts.total; // the sum of the shards'
 * ```
 *
 * @group Start here
 */
export function mergeReports(
  reports: readonly BenchmarkReport[],
  options: MergeReportsOptions = {},
): BenchmarkReport {
  const toleranceMs = options.toleranceMs ?? MERGE_TOLERANCE_MS;
  if (!Number.isFinite(toleranceMs) || toleranceMs < 0) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `toleranceMs: expected a number >= 0, received ${toleranceMs}`,
      { field: 'toleranceMs' },
    );
  }
  const shards = checkMergeable(reports);
  const first = shards[0]!.report;
  const originEpochMs = Math.min(...shards.map((s) => s.originEpochMs));
  const args = first.args;
  const slo = args['slo'] === undefined ? undefined : parseSlo(args['slo']).objectives;
  const phase = (value: unknown) => {
    const parsed = TransientPhaseSchema.safeParse(value);
    return parsed.success ? normalizeTransientPhase(parsed.data) : undefined;
  };
  const exact = shards.every((s) => s.report.benchmarks.every((b) => b.requests !== undefined));
  const benchmarks = first.benchmarks.map((_, index) => {
    const parts: ShardBenchmark[] = shards.map((s) => ({
      benchmark: s.report.benchmarks[index]!,
      offsetMs: s.originEpochMs - originEpochMs,
    }));
    const strategy = mergeStrategies(
      parts.map((p) => p.benchmark.strategy),
      args['randomSeed'],
    );
    return exact
      ? mergeExact({
          index,
          strategy,
          shards: parts,
          warmup: phase(args['warmup']),
          cooldown: phase(args['cooldown']),
          slo,
          startedAtEpochMs: originEpochMs,
        })
      : mergeEstimated({ index, strategy, shards: parts, slo, startedAtEpochMs: originEpochMs });
  });
  const { shard: _shard, ...mergedArgs } = args;
  return validateReport(
    buildReport({
      status: mergedStatus(shards),
      stopReason:
        shards.find((s) => s.report.status === 'aborted')?.report.stopReason ?? first.stopReason,
      startedAtEpochMs: originEpochMs,
      endedAtEpochMs: Math.max(...shards.map((s) => Date.parse(s.report.endedAt))),
      args: mergedArgs,
      benchmarks,
      // The report's own schema output, which buildReport takes as its input type.
      tokenizer: first.tokenizer as TokenizerInfo | undefined,
      warnings: [...shardTimingWarnings(shards, toleranceMs), ...shardWarnings(shards)],
      merge: {
        shardCount: shards.length,
        distributionSource: exact ? 'exact' : 'tdigest',
        shards: shards.map(({ shard, report }) => ({
          index: shard.index,
          startedAt: report.startedAt,
          endedAt: report.endedAt,
          requests: report.benchmarks.reduce((t, b) => t + b.requestCounts.total, 0),
        })),
      },
    }),
  );
}

/** `failed` or `aborted` when any shard was; otherwise `completed`. */
function mergedStatus(shards: readonly ShardReport[]): BenchmarkReport['status'] {
  const statuses = shards.map((s) => s.report.status);
  if (statuses.includes('aborted')) return 'aborted';
  if (statuses.includes('failed')) return 'failed';
  return 'completed';
}

/** Every shard's warnings, each (code and message) once, prefixed by the shards that gave it. */
function shardWarnings(shards: readonly ShardReport[]): RunWarning[] {
  const byKey = new Map<string, { warning: RunWarning; shards: number[] }>();
  for (const { report, shard } of shards) {
    for (const warning of report.warnings ?? []) {
      const key = `${warning.code}\u0000${warning.message}`;
      const seen = byKey.get(key) ?? { warning, shards: [] };
      seen.shards.push(shard.index);
      byKey.set(key, seen);
    }
  }
  return [...byKey.values()].map(({ warning, shards: indexes }) => ({
    code: warning.code,
    message:
      indexes.length === shards.length
        ? warning.message
        : `shard ${indexes.join(', ')}: ${warning.message}`,
  }));
}
