import type { Strategy, StrategySpec } from '../spec/strategy.js';
import {
  createConcurrentStrategy,
  createSynchronousStrategy,
  createThroughputStrategy,
} from './closed-loop.js';
import { createConstantStrategy } from './constant.js';
import { createPoissonStrategy } from './poisson.js';
import { DEFAULTS } from '../args/defaults.js';

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
        spec.maxConcurrency ?? DEFAULTS.openLoopMaxConcurrency,
        spec.rampupSeconds,
      );
    case 'poisson':
      return createPoissonStrategy(
        spec.ratePerSecond,
        spec.seed,
        spec.maxConcurrency ?? DEFAULTS.openLoopMaxConcurrency,
      );
  }
}
