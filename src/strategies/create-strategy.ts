import type { Strategy, StrategySpec } from '../spec/strategy.js';
import {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './closed-loop.js';
import { createConstantStrategy } from './constant.js';
import { createPoissonStrategy } from './poisson.js';
import { createReplayStrategy } from './replay.js';

/** Defaults of the strategies' concurrency caps (GuideLLM's sweep uses the same throughput cap). */
export const STRATEGY_DEFAULTS = {
  /** Requests in flight at most for `throughput` when no cap is given. */
  throughputMaxConcurrency: 512,
  /** Requests in flight at most for open-loop strategies when `maxConcurrency` is not set. */
  openLoopMaxConcurrency: 10_000,
} as const;

/** Builds a strategy from its serialisable spec. */
export function createStrategy(spec: StrategySpec): Strategy {
  switch (spec.type) {
    case 'synchronous':
      return createSynchronousStrategy();
    case 'concurrent':
      return createConcurrentStrategy(spec.streams, spec.rampupSeconds);
    case 'throughput':
      return createThroughputStrategy(spec.maxConcurrency, spec.rampupSeconds);
    case 'constant':
      return createConstantStrategy(
        spec.ratePerSecond,
        spec.maxConcurrency ?? STRATEGY_DEFAULTS.openLoopMaxConcurrency,
        spec.rampupSeconds,
        spec.interleave,
      );
    case 'poisson':
      return createPoissonStrategy(
        spec.ratePerSecond,
        spec.seed,
        spec.maxConcurrency ?? STRATEGY_DEFAULTS.openLoopMaxConcurrency,
      );
    case 'replay':
      return createReplayStrategy(
        spec.timeScale,
        spec.maxConcurrency ?? STRATEGY_DEFAULTS.openLoopMaxConcurrency,
      );
  }
}
