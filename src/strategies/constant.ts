import type { Strategy } from '../spec/strategy.js';

/**
 * Creates the constant-rate strategy: request `i` is due `i / rate` seconds after the benchmark
 * starts. Target times are absolute, so a late dispatch never shifts the ones after it.
 */
export function createConstantStrategy(ratePerSecond: number, maxConcurrency: number): Strategy {
  const intervalMs = 1000 / ratePerSecond;
  return {
    spec: { type: 'constant', ratePerSecond, maxConcurrency },
    mode: 'open',
    maxConcurrency,
    arrivals() {
      let index = 0;
      return { next: () => ({ done: false, value: index++ * intervalMs }) };
    },
  };
}
