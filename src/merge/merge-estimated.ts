import { InferbenchError } from '../errors.js';
import {
  BENCHMARK_METRIC_KEYS,
  METRIC_CATALOGUE,
  type RecordMetricKey,
} from '../metrics/catalogue.js';
import type { BenchmarkMetrics } from '../metrics/benchmark-metrics.js';
import type { StatusDistributions } from '../metrics/distribution-types.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import { evaluateSlo } from '../metrics/slo.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { ShardBenchmark } from './merge-exact.js';
import { sketchDistribution, sumOfSeries } from './sketch-distribution.js';
import { mergeTimeSeries, sumCounts, mergeErrorMessages } from './merge-parts.js';

const STATUSES = ['successful', 'errored', 'incomplete', 'total'] as const;

/** What the estimated merge needs beyond the shards' benchmarks. */
export interface EstimatedMergeInput {
  index: number;
  strategy: StrategySpec;
  shards: readonly ShardBenchmark[];
  slo?: readonly SloObjective[] | undefined;
  /** Epoch ms of the merged run's origin. */
  startedAtEpochMs: number;
}

/**
 * The merged benchmark when some shard kept no records (`distributionSource: 'tdigest'`):
 * request counts, error counts and token sources summed; per-request distributions merged from
 * the shards' sketches (see {@link sketchDistribution}); throughput means exact (what completed
 * in each shard's window over the union of the windows), their other statistics and
 * concurrency's estimated by {@link sumOfSeries}; SLO verdicts evaluated again on the merged
 * metrics; per-second series summed on the merged clock. Whether the server kept up and prompt
 * exactness need the records, and are left out.
 *
 * @throws {InferbenchError} `ERR_MERGE` when a shard's benchmark has no sketches.
 */
export function mergeEstimated(input: EstimatedMergeInput): Benchmark {
  const { shards } = input;
  const benchmarks = shards.map((s) => s.benchmark);
  const sketches = benchmarks.map((benchmark, i) => {
    if (benchmark.sketches === undefined) {
      throw new InferbenchError(
        'ERR_MERGE',
        `reports: shard ${i}'s benchmark ${input.index} has neither requests nor sketches: expected a shard report made with shard set (inferbench 0.1 or later), or --retain-requests`,
        { field: 'reports' },
      );
    }
    return benchmark.sketches;
  });
  const at = (s: ShardBenchmark, ms: number): number => ms + s.offsetMs;
  const startMs = Math.min(...shards.map((s) => at(s, s.benchmark.timings.start)));
  const endMs = Math.max(...shards.map((s) => at(s, s.benchmark.timings.end)));
  const measureStart = Math.min(...shards.map((s) => at(s, s.benchmark.timings.measureStart)));
  const measureEnd = Math.max(...shards.map((s) => at(s, s.benchmark.timings.measureEnd)));
  const unionSeconds = (measureEnd - measureStart) / 1000;
  // Σ meanᵢ · windowᵢ is what each shard counted (or held in flight): over the union window.
  const overUnion = (pick: (b: Benchmark) => number | null): number =>
    unionSeconds <= 0
      ? 0
      : benchmarks.reduce((t, b) => t + (pick(b) ?? 0) * (b.timings.measureDuration / 1000), 0) /
        unionSeconds;

  const fromSketches = (key: RecordMetricKey): StatusDistributions =>
    Object.fromEntries(
      STATUSES.map((status) => [
        status,
        sketchDistribution(sketches.map((s) => s.metrics[key][status])),
      ]),
    ) as unknown as StatusDistributions;
  const metrics = {} as BenchmarkMetrics;
  for (const key of BENCHMARK_METRIC_KEYS) {
    const kind = METRIC_CATALOGUE[key].kind;
    metrics[key] =
      kind === 'per-request' || kind === 'per-gap'
        ? fromSketches(key as RecordMetricKey)
        : (Object.fromEntries(
            STATUSES.map((status) => [
              status,
              sumOfSeries(
                benchmarks.map((b) => b.metrics[key][status]),
                overUnion((b) => b.metrics[key][status].mean),
              ),
            ]),
          ) as unknown as StatusDistributions);
  }
  const measuredRequestCounts = {
    dispatched: sumCounts(benchmarks.map((b) => b.measuredRequestCounts.dispatched)),
    completed: sumCounts(benchmarks.map((b) => b.measuredRequestCounts.completed)),
  };
  const errorsByCode: Benchmark['errorsByCode'] = {};
  for (const b of benchmarks) {
    for (const [code, n] of Object.entries(b.errorsByCode) as [keyof typeof errorsByCode, number][])
      errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
  }
  const sources = (pick: (b: Benchmark) => Benchmark['tokenCounts']['promptTokensSource']) =>
    sumCounts(benchmarks.map(pick));
  const goodputs = benchmarks.map((b) => b.goodput);
  const goodput = goodputs.every((g) => g !== undefined)
    ? (() => {
        const good = goodputs.reduce((t, g) => t + g.goodRequests, 0);
        const finished = goodputs.reduce((t, g) => t + g.finishedRequests, 0);
        return {
          requestsPerSecond:
            unionSeconds > 0 ? overUnion((b) => b.goodput!.requestsPerSecond) : null,
          fraction: finished > 0 ? good / finished : null,
          goodRequests: good,
          finishedRequests: finished,
          thresholds: goodputs[0]!.thresholds,
        };
      })()
    : undefined;
  const clients = benchmarks.map((b) => b.client);
  const sumOf = (pick: (c: Benchmark['client']) => number | undefined): number | undefined =>
    clients.every((c) => pick(c) !== undefined)
      ? clients.reduce((t, c) => t + pick(c)!, 0)
      : undefined;
  const bound = clients.filter((c) => c.clientBound);
  const targetRate = sumOf((c) => c.targetRatePerSecond);
  const scheduledRate = sumOf((c) => c.scheduledRatePerSecond);
  const newConnections = sumOf((c) => c.newConnections);
  const aborted = benchmarks.find((b) => b.status === 'aborted');
  const reasons = [...new Set(benchmarks.map((b) => b.stopReason))];
  const first = benchmarks[0]!;
  const iso = (ms: number): string => new Date(input.startedAtEpochMs + ms).toISOString();
  return {
    id: `benchmark-${input.index}`,
    index: input.index,
    strategy: input.strategy,
    status: aborted === undefined ? 'completed' : 'aborted',
    stopReason: aborted?.stopReason ?? reasons[0]!,
    ...(reasons.length > 1
      ? { stopDetail: `the shards stopped for different reasons: ${reasons.join(', ')}` }
      : {}),
    distributionSource: 'tdigest',
    timings: {
      startedAt: iso(startMs),
      endedAt: iso(endMs),
      start: startMs,
      end: endMs,
      measureStart,
      measureEnd,
      duration: endMs - startMs,
      measureDuration: measureEnd - measureStart,
      warmup: measureStart - startMs,
      cooldown: endMs - measureEnd,
    },
    requestCounts: sumCounts(benchmarks.map((b) => b.requestCounts)),
    measuredRequestCounts,
    errorsByCode,
    errorMessages: mergeErrorMessages(benchmarks.map((b) => b.errorMessages ?? [])),
    metrics,
    tokenCounts: {
      promptTokensSource: sources((b) => b.tokenCounts.promptTokensSource),
      outputTokensSource: sources((b) => b.tokenCounts.outputTokensSource),
      tokenCountDiscrepancy: fromSketches('tokenCountDiscrepancy').total,
      promptTokenDifference: fromSketches('promptTokenDifference').total,
    },
    ...(goodput === undefined ? {} : { goodput }),
    ...(input.slo === undefined
      ? {}
      : { slo: evaluateSlo(input.slo, { metrics, dispatched: measuredRequestCounts.dispatched }) }),
    client: {
      dispatchLagMs: metrics.dispatchLagMs.total,
      eventLoopDelayMs: {
        p50: Math.max(...clients.map((c) => c.eventLoopDelayMs.p50)),
        p99: Math.max(...clients.map((c) => c.eventLoopDelayMs.p99)),
        max: Math.max(...clients.map((c) => c.eventLoopDelayMs.max)),
      },
      ...(targetRate === undefined ? {} : { targetRatePerSecond: targetRate }),
      ...(scheduledRate === undefined ? {} : { scheduledRatePerSecond: scheduledRate }),
      achievedRatePerSecond: clients.reduce((t, c) => t + c.achievedRatePerSecond, 0),
      clientBound: bound.length > 0,
      ...(bound.length > 0
        ? { clientBoundReason: bound.map((c) => c.clientBoundReason ?? 'client-bound').join('; ') }
        : {}),
      ...(newConnections === undefined ? {} : { newConnections }),
      ...(first.client.mockServer === undefined ? {} : { mockServer: first.client.mockServer }),
    },
    timeSeries: mergeTimeSeries(shards, startMs),
  };
}
