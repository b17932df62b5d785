import type { BenchmarkState } from '../spec/constraint.js';
import type { SnapshotEvent } from '../spec/events.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { TransientPhase } from '../spec/transient-phase.js';
import { livePhase } from './live-phase.js';
import type { LiveStats } from './live-stats.js';

/** What a snapshot says about its benchmark besides the running state. */
export interface SnapshotContext {
  benchmarkIndex: number;
  strategy: StrategySpec;
  maxSeconds: number | undefined;
  maxRequests: number | undefined;
  warmup?: TransientPhase | undefined;
  cooldown?: TransientPhase | undefined;
}

/** The progress snapshot of a benchmark `elapsedMs` after its start. */
export function snapshotEvent(
  context: SnapshotContext,
  state: BenchmarkState,
  live: LiveStats,
  elapsedMs: number,
): SnapshotEvent {
  const fractions: number[] = [];
  if (context.maxSeconds !== undefined) fractions.push(elapsedMs / (context.maxSeconds * 1000));
  if (context.maxRequests !== undefined) fractions.push(state.dispatched / context.maxRequests);
  const elapsedSeconds = Math.max(elapsedMs / 1000, 1e-3);
  return {
    type: 'snapshot',
    benchmarkIndex: context.benchmarkIndex,
    strategy: context.strategy,
    elapsedMs,
    progress: fractions.length === 0 ? undefined : Math.min(1, Math.max(...fractions)),
    phase: livePhase({
      elapsedMs,
      dispatched: state.dispatched,
      maxSeconds: context.maxSeconds,
      maxRequests: context.maxRequests,
      warmup: context.warmup,
      cooldown: context.cooldown,
    }),
    dispatched: state.dispatched,
    inFlight: state.inFlight,
    successful: state.successful,
    errored: state.errored,
    incomplete: state.incomplete,
    requestsPerSecond: state.successful / elapsedSeconds,
    outputTokensPerSecond: live.outputTokens / elapsedSeconds,
    // No sample yet is no value, never a perfect 0 ms.
    ttftMsP50: live.ttft.count === 0 ? null : live.ttft.percentile(50),
    ttftMsP99: live.ttft.count === 0 ? null : live.ttft.percentile(99),
    itlMsP50: live.itl.count === 0 ? null : live.itl.percentile(50),
  };
}
