import { InferbenchError } from '../errors.js';
import { REQUEST_STATUSES, TOKEN_COUNT_SOURCES, type RecordStore } from '../core/record-store.js';
import { assessClient } from '../metrics/client.js';
import { computeConcurrency } from '../metrics/concurrency.js';
import { computeRates } from '../metrics/rates.js';
import { computeRequestMetrics } from '../metrics/request-metrics.js';
import { computeTimeSeries } from '../metrics/time-series.js';
import { isInWindow, type MeasuredWindow } from '../metrics/window.js';
import type { RequestErrorCode } from '../spec/errors.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { Benchmark, GoodputJson, RunStatus, SloReportJson } from './benchmark-schema.js';
import { storeToRequestJson } from './request-json.js';

/** What {@link buildBenchmark} needs: one finished benchmark's records and circumstances. */
export interface BuildBenchmarkInput {
  /** Unique id within the run, e.g. `benchmark-0`. */
  id: string;
  /** Position in the run, from 0. */
  index: number;
  strategy: StrategySpec;
  status: RunStatus;
  /** Why it stopped: `max-seconds`, `max-requests`, `aborted`, `completed`, … */
  stopReason: string;
  /** A human sentence about the stop, if any. */
  stopDetail?: string | undefined;
  /** Benchmark start, ms since run start. */
  startMs: number;
  /** Benchmark end, ms since run start. */
  endMs: number;
  /**
   * Start of the measured window (after warmup), ms since run start.
   * @default startMs
   */
  measureStartMs?: number | undefined;
  /**
   * End of the measured window (before cooldown), ms since run start.
   * @default endMs
   */
  measureEndMs?: number | undefined;
  records: RecordStore;
  /** Event-loop delay over the benchmark, e.g. from `perf_hooks.monitorEventLoopDelay`. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The open-loop rate asked for; absent for closed-loop strategies. */
  targetRatePerSecond?: number | undefined;
  /** Put every request into the report's `requests`. */
  retainRequests: boolean;
  /** Epoch ms of the run's time origin (ms 0), to derive ISO times. */
  startedAtEpochMs: number;
  /** Goodput section, passed through as is. */
  goodput?: GoodputJson | undefined;
  /** SLO section, passed through as is. */
  slo?: SloReportJson | undefined;
}

/**
 * Computes one benchmark's report entry from its records: every per-request metric by status
 * over the requests dispatched in the measured window, throughput over the requests completed in
 * it, time-weighted concurrency, client honesty, per-second series and, when asked, the requests
 * themselves. Distributions are exact (`distributionSource: 'exact'`).
 *
 * @throws {InferbenchError} `ERR_INTERNAL` when the times are not finite or end before start.
 */
export function buildBenchmark(input: BuildBenchmarkInput): Benchmark {
  const { startMs, endMs, records } = input;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `buildBenchmark expected finite startMs <= endMs, received startMs ${startMs} and endMs ${endMs}`,
    );
  }
  if (!Number.isFinite(input.startedAtEpochMs)) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `buildBenchmark expected a finite startedAtEpochMs, received ${input.startedAtEpochMs}`,
    );
  }
  // A window outside the benchmark would count time in which nothing could happen.
  const measureStart = clamp(input.measureStartMs ?? startMs, startMs, endMs);
  const measureEnd = clamp(input.measureEndMs ?? endMs, measureStart, endMs);
  const window: MeasuredWindow = { startMs: measureStart, endMs: measureEnd };

  const requestMetrics = computeRequestMetrics(records, window);
  const { tokenCountDiscrepancy, ...perRequest } = requestMetrics;
  const benchmark: Benchmark = {
    id: input.id,
    index: input.index,
    strategy: input.strategy,
    status: input.status,
    stopReason: input.stopReason,
    distributionSource: 'exact',
    timings: {
      startedAt: isoAt(input.startedAtEpochMs, startMs),
      endedAt: isoAt(input.startedAtEpochMs, endMs),
      start: startMs,
      end: endMs,
      measureStart,
      measureEnd,
      duration: endMs - startMs,
      measureDuration: measureEnd - measureStart,
      warmup: measureStart - startMs,
      cooldown: endMs - measureEnd,
    },
    requestCounts: countStatuses(records),
    errorsByCode: countErrors(records),
    metrics: {
      ...perRequest,
      ...computeRates(records, window),
      concurrency: computeConcurrency(records, window),
    },
    tokenCounts: {
      promptTokensSource: countSources(records.promptTokensSourceCodes(), records, window),
      outputTokensSource: countSources(records.outputTokensSourceCodes(), records, window),
      // One distribution over all statuses: a reader compares counts, not outcomes.
      tokenCountDiscrepancy: tokenCountDiscrepancy.total,
    },
    client: assessClient({
      records,
      dispatchLagMs: requestMetrics.dispatchLagMs.total,
      eventLoopDelayMs: input.eventLoopDelayMs,
      targetRatePerSecond: input.targetRatePerSecond,
      durationMs: endMs - startMs,
    }),
    timeSeries: computeTimeSeries(records, { startMs, endMs }),
  };
  if (input.stopDetail !== undefined) benchmark.stopDetail = input.stopDetail;
  if (input.goodput !== undefined) benchmark.goodput = input.goodput;
  if (input.slo !== undefined) benchmark.slo = input.slo;
  if (input.retainRequests) benchmark.requests = storeToRequestJson(records);
  return benchmark;
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, low), high) : low;
}

function isoAt(originEpochMs: number, offsetMs: number): string {
  return new Date(originEpochMs + offsetMs).toISOString();
}

/** Requests by status over the whole benchmark, warmup and cooldown included. */
function countStatuses(records: RecordStore): Benchmark['requestCounts'] {
  const counts = [0, 0, 0];
  for (const code of records.statusCodes()) counts[code]!++;
  const [successful = 0, errored = 0, incomplete = 0] = counts;
  return { successful, errored, incomplete, total: records.size };
}

function countErrors(records: RecordStore): Benchmark['errorsByCode'] {
  const byCode: Partial<Record<RequestErrorCode, number>> = {};
  for (const error of records.errors().values()) {
    byCode[error.code] = (byCode[error.code] ?? 0) + 1;
  }
  return byCode;
}

/** Token count sources of the requests dispatched in the window (the population measured). */
function countSources(
  codes: Uint8Array,
  records: RecordStore,
  window: MeasuredWindow,
): Benchmark['tokenCounts']['outputTokensSource'] {
  const dispatched = records.column('dispatchedAt');
  const counts = new Array<number>(TOKEN_COUNT_SOURCES.length).fill(0);
  for (let i = 0; i < codes.length; i++) {
    if (isInWindow(dispatched[i] as number, window)) counts[codes[i] as number]!++;
  }
  const [server = 0, tokenizer = 0, data = 0, parts = 0, none = 0] = counts;
  return { server, tokenizer, data, parts, none };
}

// Keep the status order assumption of countStatuses visible to the type checker.
const _statusOrder: readonly ['successful', 'errored', 'incomplete'] = REQUEST_STATUSES;
