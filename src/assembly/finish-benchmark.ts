import { RecordStore } from '../core/record-store.js';
import type { ScheduleResult } from '../core/scheduler.js';
import type { PromptExactnessOptions } from '../metrics/prompt-exactness.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { ServerTokenizer, Tokenizer } from '../spec/tokenizer.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import { countOutputTokensWithServer } from '../tokenizers/server-counting.js';
import { assembleBenchmark } from './assemble-benchmark.js';

/** Server-vs-tokenizer comparisons per benchmark at most: tokenizing every output would cost seconds. */
const MAX_DISCREPANCY_CHECKS = 1000;

/** What {@link finishBenchmark} needs: a benchmark's raw result and the run's settings. */
export interface FinishBenchmarkInput {
  index: number;
  strategy: StrategySpec;
  result: ScheduleResult;
  /** Tokenizer for output counts the server did not report; absent: count stream parts. */
  countingTokenizer: Tokenizer | undefined;
  /**
   * The server's own tokenizer, when the run counts with it: it counts the output the server
   * reported no usage for, in one batched pass (in place of `countingTokenizer`).
   */
  countingServer?: ServerTokenizer | undefined;
  retainRequests: boolean;
  retainText: boolean;
  startedAtEpochMs: number;
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
  slo?: readonly SloObjective[] | undefined;
  /** How prompts were sent, to judge their exactness (see {@link assembleBenchmark}). */
  promptExactness?: PromptExactnessOptions | undefined;
}

/**
 * Turns one benchmark's raw result into its report entry: output tokens are counted here, after
 * the benchmark, so a tokenizer never runs between two chunks of a stream being measured (with
 * the server's tokenizer, in one batched pass); then {@link assembleBenchmark} computes
 * everything else.
 */
export async function finishBenchmark(input: FinishBenchmarkInput): Promise<Benchmark> {
  const { result } = input;
  // No run signal here: after an abort, the partial benchmark still deserves its counts.
  if (input.countingServer !== undefined) {
    await countOutputTokensWithServer(result.records, result.outputTexts, input.countingServer);
  }
  return assembleBenchmark({
    index: input.index,
    strategy: input.strategy,
    status: result.aborted ? 'aborted' : 'completed',
    stopReason: result.stop.reason,
    stopDetail: result.stop.detail,
    startMs: result.startMs,
    endMs: result.endMs,
    records: countedRecords(result, input.countingTokenizer, input.retainText),
    warmup: input.warmup,
    cooldown: input.cooldown,
    slo: input.slo,
    promptExactness: input.promptExactness,
    eventLoopDelayMs: result.eventLoopDelayMs,
    retainRequests: input.retainRequests,
    startedAtEpochMs: input.startedAtEpochMs,
  });
}

/**
 * The result's records in a store, with output counts from `tokenizer` where the server gave
 * none, and the server-minus-tokenizer discrepancy on a sample of successful requests.
 */
function countedRecords(
  result: ScheduleResult,
  tokenizer: Tokenizer | undefined,
  retainText: boolean,
): RecordStore {
  const store = new RecordStore({
    retainText,
    initialCapacity: Math.max(16, result.records.length),
  });
  const checkEvery = Math.max(1, Math.ceil(result.records.length / MAX_DISCREPANCY_CHECKS));
  result.records.forEach((record, position) => {
    const text = result.outputTexts[position] ?? '';
    if (tokenizer !== undefined) {
      if (record.outputTokensSource !== 'server') {
        record.outputTokens = tokenizer.count(text);
        record.outputTokensSource = 'tokenizer';
      } else if (record.status === 'successful' && position % checkEvery === 0) {
        record.tokenCountDiscrepancy = record.outputTokens - tokenizer.count(text);
      }
    }
    if (retainText) {
      record.outputText = text;
      const prompt = result.prompts[position];
      if (prompt !== undefined) record.prompt = prompt;
    }
    store.append(record);
  });
  return store;
}
