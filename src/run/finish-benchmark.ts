import { RecordStore } from '../core/record-store.js';
import type { ScheduleResult } from '../core/scheduler.js';
import { buildBenchmark } from '../report/build-benchmark.js';
import type { Benchmark } from '../report/schema.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import { computeGoodput, goodputThresholds } from '../metrics/goodput.js';
import { computeMeasuredWindow } from '../metrics/measured-window.js';
import { evaluateSlo, type SloObjective } from '../metrics/slo.js';

/** Server-vs-tokenizer comparisons per benchmark at most: tokenizing every output would cost seconds. */
const MAX_DISCREPANCY_CHECKS = 1000;

/** What {@link finishBenchmark} needs. */
export interface FinishBenchmarkInput {
  index: number;
  strategy: StrategySpec;
  result: ScheduleResult;
  /** Tokenizer for output counts the server did not report; absent: count stream parts. */
  countingTokenizer: Tokenizer | undefined;
  retainRequests: boolean;
  retainText: boolean;
  startedAtEpochMs: number;
  /** Cut off before the measured window (see {@link computeMeasuredWindow}). */
  warmup?: TransientPhase | undefined;
  /** Cut off after the measured window. */
  cooldown?: TransientPhase | undefined;
  /** SLO objectives to judge the benchmark by; they also give goodput's per-request thresholds. */
  slo?: readonly SloObjective[] | undefined;
}

function targetRate(strategy: StrategySpec): number | undefined {
  return strategy.type === 'constant' || strategy.type === 'poisson'
    ? strategy.ratePerSecond
    : undefined;
}

/**
 * Turns one benchmark's raw records into its report entry. Tokenizing happens here, after the
 * benchmark, so it never runs between two chunks of a stream being measured.
 */
export function finishBenchmark(input: FinishBenchmarkInput): Benchmark {
  const { result, countingTokenizer } = input;
  const store = new RecordStore({
    retainText: input.retainText,
    initialCapacity: Math.max(16, result.records.length),
  });
  const checkEvery = Math.max(1, Math.ceil(result.records.length / MAX_DISCREPANCY_CHECKS));
  result.records.forEach((record, position) => {
    const text = result.outputTexts[position] ?? '';
    if (countingTokenizer !== undefined) {
      if (record.outputTokensSource !== 'server') {
        record.outputTokens = countingTokenizer.count(text);
        record.outputTokensSource = 'tokenizer';
      } else if (record.status === 'successful' && position % checkEvery === 0) {
        record.tokenCountDiscrepancy = record.outputTokens - countingTokenizer.count(text);
      }
    }
    if (input.retainText) {
      record.outputText = text;
      const prompt = result.prompts[position];
      if (prompt !== undefined) record.prompt = prompt;
    }
    store.append(record);
  });
  const rate = targetRate(input.strategy);
  const window = computeMeasuredWindow({
    startMs: result.startMs,
    endMs: result.endMs,
    dispatchedAt: store.column('dispatchedAt'),
    endedAt: store.column('endedAt'),
    warmup: input.warmup,
    cooldown: input.cooldown,
  });
  const benchmark = buildBenchmark({
    id: `benchmark-${input.index}`,
    index: input.index,
    strategy: input.strategy,
    status: result.aborted ? 'aborted' : 'completed',
    stopReason: result.stop.reason,
    stopDetail: result.stop.detail,
    startMs: result.startMs,
    endMs: result.endMs,
    measureStartMs: window.startMs,
    measureEndMs: window.endMs,
    records: store,
    eventLoopDelayMs: result.eventLoopDelayMs,
    ...(rate === undefined ? {} : { targetRatePerSecond: rate }),
    retainRequests: input.retainRequests,
    startedAtEpochMs: input.startedAtEpochMs,
    ...(input.slo === undefined
      ? {}
      : { goodput: computeGoodput(store, window, goodputThresholds(input.slo)) }),
  });
  if (input.slo !== undefined) benchmark.slo = evaluateSlo(input.slo, benchmark);
  return benchmark;
}
