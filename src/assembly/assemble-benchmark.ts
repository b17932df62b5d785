import { TOKEN_COUNT_SOURCES, type RecordStore } from '../core/record-store.js';
import { InferbenchError } from '../errors.js';
import { computeBenchmarkMetrics } from '../metrics/benchmark-metrics.js';
import { assessClient, type MockServerPlacement, type WorkerThreads } from '../metrics/client.js';
import { summarizeErrors } from '../metrics/error-summary.js';
import { computeGoodput, goodputThresholds } from '../metrics/goodput.js';
import {
  computePromptExactness,
  type PromptExactnessOptions,
} from '../metrics/prompt-exactness.js';
import { assessKeptUp } from '../metrics/kept-up.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import { evaluateSlo } from '../metrics/slo.js';
import { countMeasuredRequests, countStatuses } from '../metrics/status-counts.js';
import { computeTimeSeries } from '../metrics/time-series.js';
import { computeTurnStats } from '../metrics/turns.js';
import {
  computeMeasuredWindow,
  isInWindow,
  type MeasuredWindow,
} from '../metrics/measured-window.js';
import type { Benchmark, RunStatus } from '../report/benchmark-schema.js';
import type { RequestErrorCode } from '../spec/errors.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import type { ServerMetricsSource } from '../server-metrics/run-collector.js';
import { sketchRequestMetrics } from '../shards/sketch-benchmark.js';
import { storeToRequestJson } from './request-json.js';
import { serverMetricsSection } from './server-metrics-section.js';

/** What {@link assembleBenchmark} needs: one finished benchmark's records and circumstances. */
export interface AssembleBenchmarkInput {
  /** Position in the run, from 0; the id is `benchmark-<index>`. */
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
  /** The requests, each with its final token counts. */
  records: RecordStore;
  /** Cut off before the measured window (see {@link computeMeasuredWindow}). */
  warmup?: TransientPhase | undefined;
  /** Cut off after the measured window. */
  cooldown?: TransientPhase | undefined;
  /** SLO objectives to judge the benchmark by; they also give goodput's per-request thresholds. */
  slo?: readonly SloObjective[] | undefined;
  /**
   * How prompts were sent, to judge their exactness where the server counted them
   * (`promptExactness`); absent: not judged.
   */
  promptExactness?: PromptExactnessOptions | undefined;
  /** Event-loop delay over the benchmark, e.g. from `perf_hooks.monitorEventLoopDelay`. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Connections requests had to open during the benchmark, when the backend says. */
  newConnections?: number | undefined;
  /** Where the built-in mock server ran, when the target was `mock`. */
  mockServer?: MockServerPlacement | undefined;
  /** The worker threads that sent the requests, if any. */
  workers?: WorkerThreads | undefined;
  /** The server's scraped metrics, read over the benchmark and its measured window. */
  serverMetrics?: ServerMetricsSource | undefined;
  /** Put every request into the report's `requests`. */
  retainRequests: boolean;
  /** Put mergeable sketches of the per-request metrics into `sketches` (a shard's benchmark). */
  sketches?: boolean | undefined;
  /** Epoch ms of the run's time origin (ms 0), to derive ISO times. */
  startedAtEpochMs: number;
}

/**
 * Turns one benchmark's records into its report entry, in one pass downward: the measured
 * window is computed once from warmup and cooldown; every metric of the catalogue over it
 * (per-request metrics by dispatch, throughput by completion, concurrency clipped to it); the
 * SLO verdicts and goodput from those metrics and records; prompt exactness from the prompt
 * token differences; client honesty, whether the server kept up with an open-loop rate,
 * per-second series and, when asked, the requests themselves. Distributions are exact
 * (`distributionSource: 'exact'`). Nothing is changed after the benchmark object is built.
 *
 * @throws {InferbenchError} `ERR_INTERNAL` when the times are not finite or end before start.
 */
export function assembleBenchmark(input: AssembleBenchmarkInput): Benchmark {
  const { startMs, endMs, records } = input;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `assembleBenchmark expected finite startMs <= endMs, received startMs ${startMs} and endMs ${endMs}`,
    );
  }
  if (!Number.isFinite(input.startedAtEpochMs)) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `assembleBenchmark expected a finite startedAtEpochMs, received ${input.startedAtEpochMs}`,
    );
  }
  const window = computeMeasuredWindow({
    startMs,
    endMs,
    dispatchedAt: records.column('dispatchedAt'),
    endedAt: records.column('endedAt'),
    warmup: input.warmup,
    cooldown: input.cooldown,
  });
  const { metrics, perRequest } = computeBenchmarkMetrics(records, window);
  const measuredRequestCounts = countMeasuredRequests(records, window);
  const slo =
    input.slo === undefined
      ? undefined
      : evaluateSlo(input.slo, { metrics, dispatched: measuredRequestCounts.dispatched });
  const goodput =
    input.slo === undefined
      ? undefined
      : computeGoodput(records, window, goodputThresholds(input.slo));
  const promptTokenDifference = perRequest.promptTokenDifference.total;
  const promptExactness =
    input.promptExactness === undefined
      ? undefined
      : computePromptExactness(records, window, promptTokenDifference, input.promptExactness);
  const targetRatePerSecond =
    input.strategy.type === 'constant' || input.strategy.type === 'poisson'
      ? input.strategy.ratePerSecond
      : undefined;
  const keptUp =
    targetRatePerSecond === undefined
      ? undefined
      : assessKeptUp({
          records,
          window,
          arrivals: input.strategy.type === 'poisson' ? 'poisson' : 'constant',
          latencyP50Ms: metrics.requestLatencyMs.successful.percentiles.p50,
        });
  const turns = computeTurnStats(records, window);
  return {
    id: `benchmark-${input.index}`,
    index: input.index,
    strategy: input.strategy,
    status: input.status,
    stopReason: input.stopReason,
    ...(input.stopDetail === undefined ? {} : { stopDetail: input.stopDetail }),
    distributionSource: 'exact',
    timings: {
      startedAt: isoAt(input.startedAtEpochMs, startMs),
      endedAt: isoAt(input.startedAtEpochMs, endMs),
      start: startMs,
      end: endMs,
      measureStart: window.startMs,
      measureEnd: window.endMs,
      duration: endMs - startMs,
      measureDuration: window.endMs - window.startMs,
      warmup: window.startMs - startMs,
      cooldown: endMs - window.endMs,
    },
    requestCounts: countStatuses(records),
    measuredRequestCounts,
    errorsByCode: countErrors(records),
    errorMessages: summarizeErrors(records),
    metrics,
    tokenCounts: {
      promptTokensSource: countSources(records.promptTokensSourceCodes(), records, window),
      outputTokensSource: countSources(records.outputTokensSourceCodes(), records, window),
      // One distribution over all statuses: a reader compares counts, not outcomes.
      tokenCountDiscrepancy: perRequest.tokenCountDiscrepancy.total,
      promptTokenDifference,
    },
    ...(goodput === undefined ? {} : { goodput }),
    ...(slo === undefined ? {} : { slo }),
    client: assessClient({
      records,
      dispatchLagMs: metrics.dispatchLagMs.total,
      eventLoopDelayMs: input.eventLoopDelayMs,
      targetRatePerSecond,
      durationMs: endMs - startMs,
      newConnections: input.newConnections,
      mockServer: input.mockServer,
      workers: input.workers,
    }),
    ...(keptUp === undefined ? {} : { keptUp }),
    timeSeries: computeTimeSeries(records, { startMs, endMs }),
    ...(promptExactness === undefined ? {} : { promptExactness }),
    ...(input.serverMetrics === undefined
      ? {}
      : { serverMetrics: serverMetricsSection(input.serverMetrics, { startMs, endMs }, window) }),
    ...(turns === undefined ? {} : { turns }),
    ...(input.sketches === true ? { sketches: sketchRequestMetrics(records, window) } : {}),
    ...(input.retainRequests ? { requests: storeToRequestJson(records) } : {}),
  };
}

function isoAt(originEpochMs: number, offsetMs: number): string {
  return new Date(originEpochMs + offsetMs).toISOString();
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
