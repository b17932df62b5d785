import seedrandom from 'seedrandom';
import type { Strategy } from '../spec/strategy.js';

/**
 * Creates the Poisson strategy: exponential gaps with mean `1 / rate`, drawn from a generator
 * seeded by `seed`, so the same seed gives the same arrival times on every run.
 */
export function createPoissonStrategy(
  ratePerSecond: number,
  seed: string,
  maxConcurrency: number,
): Strategy {
  const meanGapMs = 1000 / ratePerSecond;
  return {
    spec: { type: 'poisson', ratePerSecond, seed, maxConcurrency },
    mode: 'open',
    maxConcurrency,
    arrivals() {
      const random = seedrandom(seed);
      let offsetMs = 0;
      return {
        next: () => {
          // 1 - u is in (0, 1], so the log is finite.
          offsetMs += -Math.log(1 - random()) * meanGapMs;
          return { done: false, value: offsetMs };
        },
      };
    },
  };
}
