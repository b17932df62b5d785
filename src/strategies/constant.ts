import type { Strategy } from '../spec/strategy.js';
import { constantRateOffsetMs } from './rampup.js';

/**
 * Creates the constant-rate strategy: request `i` is due `i / rate` seconds after the benchmark
 * starts. Target times are absolute, so a late dispatch never shifts the ones after it. With
 * `rampupSeconds`, the rate grows linearly from 0 over the rampup first (see
 * `constantRateOffsetMs` in src/strategies/rampup.ts).
 */
export function createConstantStrategy(
  ratePerSecond: number,
  maxConcurrency: number,
  rampupSeconds = 0,
): Strategy {
  const rampupMs = rampupSeconds > 0 ? rampupSeconds * 1000 : 0;
  return {
    spec:
      rampupMs > 0
        ? { type: 'constant', ratePerSecond, maxConcurrency, rampupSeconds }
        : { type: 'constant', ratePerSecond, maxConcurrency },
    mode: 'open',
    maxConcurrency,
    arrivals() {
      let index = 0;
      return {
        next: () => ({
          done: false,
          value: constantRateOffsetMs(index++, ratePerSecond, rampupMs),
        }),
      };
    },
  };
}
