import { assembleBenchmark } from '../assembly/assemble-benchmark.js';
import { RECORD_TIME_COLUMNS, RecordStore } from '../core/record-store.js';
import type { MockServerPlacement } from '../metrics/client.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import type { Benchmark, RequestRecordJson } from '../report/benchmark-schema.js';
import type { RequestRecord } from '../spec/request-record.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { TransientPhase } from '../spec/transient-phase.js';

/** One shard's benchmark, and where its time origin lies on the merged run's clock. */
export interface ShardBenchmark {
  benchmark: Benchmark;
  /** The shard run's origin minus the merged run's, in ms (≥ 0). */
  offsetMs: number;
}

/** What the exact merge needs beyond the shards' benchmarks: the run's settings. */
export interface ExactMergeInput {
  index: number;
  strategy: StrategySpec;
  shards: readonly ShardBenchmark[];
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
  slo?: readonly SloObjective[] | undefined;
  /** Epoch ms of the merged run's origin. */
  startedAtEpochMs: number;
}

const orNaN = (value: number | null | undefined): number => value ?? NaN;

/** A retained request back into a record, its moments moved onto the merged run's clock. */
function toRecord(json: RequestRecordJson, offsetMs: number): RequestRecord {
  const moments = Object.fromEntries(
    RECORD_TIME_COLUMNS.map((column) => [column, orNaN(json[column]) + offsetMs]),
  ) as Record<(typeof RECORD_TIME_COLUMNS)[number], number>;
  const record: RequestRecord = {
    index: json.index,
    status: json.status,
    ...moments,
    promptTokens: orNaN(json.promptTokens),
    promptTokensSource: json.promptTokensSource,
    outputTokens: orNaN(json.outputTokens),
    outputTokensSource: json.outputTokensSource,
    tokenCountDiscrepancy: orNaN(json.tokenCountDiscrepancy),
    intendedPromptTokens: orNaN(json.intendedPromptTokens),
    promptTokenDifference: orNaN(json.promptTokenDifference),
    contentParts: json.contentParts,
    itlGapsMs: Float64Array.from(json.itlGapsMs),
  };
  if (json.error !== undefined) {
    const { code, message, httpStatus } = json.error;
    record.error = httpStatus === undefined ? { code, message } : { code, message, httpStatus };
  }
  if (json.turnIndex !== undefined) record.turnIndex = json.turnIndex;
  if (json.prompt !== undefined) record.prompt = json.prompt;
  if (json.outputText !== undefined) record.outputText = json.outputText;
  return record;
}

/**
 * The union of the shards' retained requests as one record store on the merged run's clock,
 * renumbered in dispatch order (ties in shard order), as one process would have numbered them.
 */
export function unionOfRecords(shards: readonly ShardBenchmark[]): RecordStore {
  const records = shards.flatMap(({ benchmark, offsetMs }) =>
    (benchmark.requests ?? []).map((json) => toRecord(json, offsetMs)),
  );
  const order = records
    .map((record, position) => ({ record, position }))
    .sort((a, b) => orderKey(a.record) - orderKey(b.record) || a.position - b.position);
  const retainText = records.some((r) => r.prompt !== undefined || r.outputText !== undefined);
  const store = new RecordStore({ retainText, initialCapacity: Math.max(1, records.length) });
  order.forEach(({ record }, index) => store.append({ ...record, index }));
  return store;
}

/** Requests never dispatched sort last. */
function orderKey(record: RequestRecord): number {
  return Number.isFinite(record.dispatchedAt) ? record.dispatchedAt : Infinity;
}

/**
 * The merged benchmark when every shard retained its requests: their union assembled by the same
 * code as a single run's benchmark ({@link assembleBenchmark}), so every distribution, rate,
 * window, SLO verdict and series is exact and defined once. The benchmark spans the union of
 * the shards' benchmarks; the event-loop delay is the worst shard's.
 */
export function mergeExact(input: ExactMergeInput): Benchmark {
  const { shards } = input;
  const benchmarks = shards.map((shard) => shard.benchmark);
  const startMs = Math.min(...shards.map((s) => s.benchmark.timings.start + s.offsetMs));
  const endMs = Math.max(...shards.map((s) => s.benchmark.timings.end + s.offsetMs));
  const worst = (pick: (b: Benchmark) => number): number => Math.max(...benchmarks.map(pick));
  const connections = benchmarks.map((b) => b.client.newConnections);
  const aborted = benchmarks.find((b) => b.status === 'aborted');
  const reasons = [...new Set(benchmarks.map((b) => b.stopReason))];
  return assembleBenchmark({
    index: input.index,
    strategy: input.strategy,
    status: aborted === undefined ? 'completed' : 'aborted',
    stopReason: aborted?.stopReason ?? reasons[0]!,
    stopDetail:
      reasons.length > 1
        ? `the shards stopped for different reasons: ${reasons.join(', ')}`
        : undefined,
    startMs,
    endMs,
    records: unionOfRecords(shards),
    warmup: input.warmup,
    cooldown: input.cooldown,
    slo: input.slo,
    eventLoopDelayMs: {
      p50: worst((b) => b.client.eventLoopDelayMs.p50),
      p99: worst((b) => b.client.eventLoopDelayMs.p99),
      max: worst((b) => b.client.eventLoopDelayMs.max),
    },
    newConnections: connections.every((c) => c !== undefined)
      ? connections.reduce<number>((total, c) => total + (c ?? 0), 0)
      : undefined,
    mockServer: benchmarks[0]!.client.mockServer as MockServerPlacement | undefined,
    retainRequests: true,
    startedAtEpochMs: input.startedAtEpochMs,
  });
}
