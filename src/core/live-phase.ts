import type { TransientPhase } from '../spec/transient-phase.js';
import type { SnapshotEvent } from '../spec/events.js';

/** What {@link livePhase} needs: where the benchmark stands, its limits and its windows. */
export interface LivePhaseInput {
  /** Ms since the benchmark started. */
  elapsedMs: number;
  /** Requests dispatched so far. */
  dispatched: number;
  maxSeconds: number | undefined;
  maxRequests: number | undefined;
  warmup: TransientPhase | undefined;
  cooldown: TransientPhase | undefined;
}

/**
 * The live phase of a running benchmark, for its snapshots: `warmup` before its measured window,
 * `cooldown` once it is in the part the cooldown will cut, else `running`. A fraction is of
 * `maxSeconds` (by time) when it is known, else of `maxRequests` (by requests dispatched);
 * seconds count from the start (warmup) or back from `maxSeconds` (cooldown); requests count
 * dispatches: the first `N` (warmup) or the last `N` of `maxRequests` (cooldown). A phase whose
 * end depends on an unknown limit is not shown. The measured window is only decided when the
 * benchmark ends (see `computeMeasuredWindow`): this is the live estimate of it.
 */
export function livePhase(input: LivePhaseInput): NonNullable<SnapshotEvent['phase']> {
  if (input.warmup !== undefined && inWarmup(input, input.warmup)) return 'warmup';
  if (input.cooldown !== undefined && inCooldown(input, input.cooldown)) return 'cooldown';
  return 'running';
}

function inWarmup(input: LivePhaseInput, warmup: TransientPhase): boolean {
  const { elapsedMs, dispatched, maxSeconds, maxRequests } = input;
  if ('seconds' in warmup) return elapsedMs < warmup.seconds * 1000;
  if ('requests' in warmup) return warmup.requests > 0 && dispatched <= warmup.requests;
  if (warmup.fraction === 0) return false;
  if (maxSeconds !== undefined) return elapsedMs < warmup.fraction * maxSeconds * 1000;
  if (maxRequests !== undefined) return dispatched <= warmup.fraction * maxRequests;
  return false;
}

function inCooldown(input: LivePhaseInput, cooldown: TransientPhase): boolean {
  const { elapsedMs, dispatched, maxSeconds, maxRequests } = input;
  if ('requests' in cooldown) {
    return (
      cooldown.requests > 0 &&
      maxRequests !== undefined &&
      dispatched > maxRequests - cooldown.requests
    );
  }
  if ('seconds' in cooldown) {
    return (
      cooldown.seconds > 0 &&
      maxSeconds !== undefined &&
      elapsedMs > (maxSeconds - cooldown.seconds) * 1000
    );
  }
  if (cooldown.fraction === 0) return false;
  if (maxSeconds !== undefined) return elapsedMs > (1 - cooldown.fraction) * maxSeconds * 1000;
  if (maxRequests !== undefined) return dispatched > (1 - cooldown.fraction) * maxRequests;
  return false;
}
