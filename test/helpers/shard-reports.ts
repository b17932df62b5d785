import seedrandom from 'seedrandom';
import { assembleBenchmark } from '../../src/assembly/assemble-benchmark.js';
import { RecordStore } from '../../src/core/record-store.js';
import { parseSlo } from '../../src/metrics/slo-parse.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';
import { buildReport } from '../../src/report/build-report.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { validateReport } from '../../src/report/validate-report.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

/** The run every fabricated shard belongs to. */
export const SHARD_RUN_ARGS = {
  target: 'http://127.0.0.1:8000',
  profile: 'constant',
  rate: 30,
  maxSeconds: 10,
  randomSeed: 42,
  slo: 'ttft_ms.p99<=150',
  startAt: 1_800_000_000_000,
};
export const SLO_OBJECTIVES = parseSlo(SHARD_RUN_ARGS.slo).objectives;

/** One fabricated shard: its records on its own clock, and its origin on the epoch clock. */
export interface FabricatedShard {
  index: number;
  originEpochMs: number;
  records: RequestRecord[];
  startMs: number;
  endMs: number;
}

/**
 * `count` shards of a 10-second constant-rate run, `perShard` requests each, from a seed: TTFT
 * log-normal around 60 ms, 8 to 24 output tokens with jittered gaps, 1 in 20 failing with an
 * HTTP 500 and the last in flight cancelled. Shard `i`'s clock starts `i · 137` ms after
 * shard 0's, so merging has to move times onto one clock.
 */
export function fabricateShards(
  count: number,
  perShard: number,
  seed = 'shards',
): FabricatedShard[] {
  const random = seedrandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const records: RequestRecord[] = [];
    for (let i = 0; i < perShard; i++) {
      const dispatchedAt = 5 + (i * 10_000) / perShard + random() * 3;
      const ttft = Math.exp(Math.log(60) + 0.4 * (random() * 2 - 1) + 0.3 * (random() - 0.5));
      const tokens = 8 + Math.floor(random() * 17);
      const gaps = Float64Array.from({ length: tokens - 1 }, () => 4 + random() * 8);
      const decode = gaps.reduce((t, g) => t + g, 0);
      const failed = random() < 0.05;
      const cancelled = i === perShard - 1;
      const status = failed ? 'errored' : cancelled ? 'incomplete' : 'successful';
      const first = dispatchedAt + ttft;
      records.push({
        index: i,
        status,
        scheduledAt: dispatchedAt - random(),
        dispatchedAt,
        headersAt: dispatchedAt + ttft / 2,
        firstTokenAt: failed ? NaN : first,
        firstOutputTokenAt: failed ? NaN : first,
        lastTokenAt: failed ? NaN : first + decode,
        endedAt: failed ? dispatchedAt + ttft / 2 : first + decode + 1,
        promptTokens: 32,
        promptTokensSource: 'server',
        outputTokens: failed ? NaN : tokens,
        outputTokensSource: failed ? 'none' : 'server',
        tokenCountDiscrepancy: NaN,
        promptTokenDifference: 0,
        contentParts: failed ? 0 : tokens,
        itlGapsMs: failed ? new Float64Array() : gaps,
        ...(failed ? { error: { code: 'HTTP_ERROR', message: 'HTTP 500', httpStatus: 500 } } : {}),
      } as RequestRecord);
    }
    return {
      index,
      originEpochMs: SHARD_RUN_ARGS.startAt + index * 137,
      records,
      startMs: 0,
      endMs: 10_020,
    };
  });
}

/** A record store of `records`, appended in the order given. */
export function storeOf(records: readonly RequestRecord[]): RecordStore {
  const store = new RecordStore();
  for (const record of records) store.append(record);
  return store;
}

/** One benchmark assembled as a run assembles it. */
export function assemble(
  records: RecordStore,
  startMs: number,
  endMs: number,
  startedAtEpochMs: number,
  ratePerSecond: number,
  extra: { sketches?: boolean; retainRequests?: boolean; maxConcurrency?: number } = {},
): Benchmark {
  return assembleBenchmark({
    index: 0,
    strategy: { type: 'constant', ratePerSecond, maxConcurrency: extra.maxConcurrency ?? 10_000 },
    status: 'completed',
    stopReason: 'max-seconds',
    startMs,
    endMs,
    records,
    slo: SLO_OBJECTIVES,
    eventLoopDelayMs: { p50: 1, p99: 2, max: 3 },
    retainRequests: extra.retainRequests ?? true,
    sketches: extra.sketches ?? false,
    startedAtEpochMs,
  });
}

/** Shard `shard`'s report as a run writes it (and as a file gives it back: through JSON). */
export function shardReport(shard: FabricatedShard, count: number, retain = true): BenchmarkReport {
  const benchmark = assemble(
    storeOf(shard.records),
    shard.startMs,
    shard.endMs,
    shard.originEpochMs,
    SHARD_RUN_ARGS.rate / count,
    { sketches: true, retainRequests: retain },
  );
  const report = validateReport(
    buildReport({
      status: 'completed',
      stopReason: 'max-seconds',
      startedAtEpochMs: shard.originEpochMs,
      endedAtEpochMs: shard.originEpochMs + shard.endMs,
      args: { ...SHARD_RUN_ARGS, shard: { index: shard.index, count } },
      benchmarks: [benchmark],
      shard: { index: shard.index, count, startAt: SHARD_RUN_ARGS.startAt },
    }),
  );
  return JSON.parse(JSON.stringify(report)) as BenchmarkReport;
}
