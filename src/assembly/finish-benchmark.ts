import type { ScheduleResult } from '../core/scheduler.js';
import type { MockServerPlacement } from '../metrics/client.js';
import type { SloObjective } from '../metrics/slo-parse.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import { assembleBenchmark } from './assemble-benchmark.js';

/** What {@link finishBenchmark} needs: a benchmark's raw result and the run's settings. */
export interface FinishBenchmarkInput {
  index: number;
  strategy: StrategySpec;
  result: ScheduleResult;
  retainRequests: boolean;
  startedAtEpochMs: number;
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
  slo?: readonly SloObjective[] | undefined;
  /** Where the built-in mock server ran, when the target was `mock`. */
  mockServer?: MockServerPlacement | undefined;
}

/**
 * Turns one benchmark's raw result into its report entry. The records arrive in their store
 * with final token counts (the scheduler's output token counter finished them after the last
 * request settled); {@link assembleBenchmark} computes everything else.
 */
export function finishBenchmark(input: FinishBenchmarkInput): Benchmark {
  const { result } = input;
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
    eventLoopDelayMs: result.eventLoopDelayMs,
    newConnections: result.newConnections,
    mockServer: input.mockServer,
    retainRequests: input.retainRequests,
    startedAtEpochMs: input.startedAtEpochMs,
  });
}
