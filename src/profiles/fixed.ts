import type { Profile } from '../spec/profile.js';
import type { StrategySpec } from '../spec/strategy.js';
import type { StopReason } from '../spec/constraint.js';
import { createStrategy } from '../strategies/create-strategy.js';

/** Stop reasons that mean the target is failing: a list profile does not escalate past them. */
export const STOP_ESCALATING: ReadonlySet<string> = new Set<StopReason>([
  'max-errors',
  'max-error-rate',
  'over-saturation',
  'initial-failures',
  'aborted',
]);

/**
 * Creates a profile that runs a fixed list of strategies in order (one benchmark each). It
 * stops early when a benchmark ended because the target was failing, since a higher rate
 * would only fail harder.
 */
export function createFixedProfile(type: string, specs: readonly StrategySpec[]): Profile {
  return {
    type,
    plannedBenchmarks: specs.length,
    next(finished) {
      const last = finished.at(-1);
      if (last !== undefined && STOP_ESCALATING.has(last.stopReason)) return undefined;
      const spec = specs[finished.length];
      return spec === undefined ? undefined : createStrategy(spec);
    },
  };
}
