import type { ScheduleResult } from '../core/schedule-types.js';
import type { MockServerPlacement } from '../metrics/client.js';
import type { PromptExactnessOptions } from '../metrics/prompt-exactness.js';
import type { ServerMetricsSource } from '../server-metrics/run-collector.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { ServerTokenizer } from '../spec/tokenizer.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import { assembleBenchmark } from './assemble-benchmark.js';
import { countOutputTokensWithServer } from './count-with-server.js';

/** What {@link finishBenchmark} needs: a benchmark's raw result and the run's settings. */
export interface FinishBenchmarkInput {
  index: number;
  strategy: StrategySpec;
  result: ScheduleResult;
  /**
   * The server's own tokenizer, when the run counts with it: it counts the output the server
   * reported no usage for (`result.uncountedOutputs`), in one batched pass.
   */
  countingServer?: ServerTokenizer | undefined;
  retainRequests: boolean;
  /** Sketch the per-request metrics (a shard's benchmark). */
  sketches?: boolean | undefined;
  startedAtEpochMs: number;
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
  slo?: readonly SloObjective[] | undefined;
  /** How prompts were sent, to judge their exactness (see {@link assembleBenchmark}). */
  promptExactness?: PromptExactnessOptions | undefined;
  /** Where the built-in mock server ran, when the target was `mock`. */
  mockServer?: MockServerPlacement | undefined;
  /** The server's scraped metrics over the benchmark, when the run scraped them. */
  serverMetrics?: ServerMetricsSource | undefined;
}

/**
 * Turns one benchmark's raw result into its report entry. The records arrive in their store
 * with final token counts from the run's tokenizer (the scheduler's output token counter
 * finished them after the last request settled); with the server's tokenizer, the outputs it
 * reported no usage for are counted here, in one batched pass after the benchmark, so that
 * counting never runs between two chunks of a stream being measured. Then
 * {@link assembleBenchmark} computes everything else.
 */
export async function finishBenchmark(input: FinishBenchmarkInput): Promise<Benchmark> {
  const { result } = input;
  // No run signal here: after an abort, the partial benchmark still deserves its counts.
  if (input.countingServer !== undefined && result.uncountedOutputs !== undefined) {
    await countOutputTokensWithServer(
      result.records,
      result.uncountedOutputs,
      input.countingServer,
    );
  }
  return assembleBenchmark({
    index: input.index,
    strategy: input.strategy,
    status: result.aborted ? 'aborted' : 'completed',
    stopReason: result.stop.reason,
    stopDetail: result.stop.detail,
    startMs: result.startMs,
    endMs: result.endMs,
    records: result.records,
    warmup: input.warmup,
    cooldown: input.cooldown,
    slo: input.slo,
    promptExactness: input.promptExactness,
    eventLoopDelayMs: result.eventLoopDelayMs,
    newConnections: result.newConnections,
    mockServer: input.mockServer,
    workers: result.workers,
    serverMetrics: input.serverMetrics,
    retainRequests: input.retainRequests,
    sketches: input.sketches,
    startedAtEpochMs: input.startedAtEpochMs,
  });
}
