import type { Strategy, StrategySpec } from '../spec/strategy.js';
import { constantRateOffsetMs } from './rampup.js';

/**
 * Creates the constant-rate strategy: request `i` is due `i / rate` seconds after the benchmark
 * starts. Target times are absolute, so a late dispatch never shifts the ones after it. With
 * `rampupSeconds`, the rate grows linearly from 0 over the rampup first (see
 * `constantRateOffsetMs` in src/strategies/rampup.ts). With `interleave`, request `i` is the
 * whole run's request `i × count + index` at `ratePerSecond × count`: N shards started together
 * send one evenly spaced schedule between them, with the whole run's rampup.
 */
export function createConstantStrategy(
  ratePerSecond: number,
  maxConcurrency: number,
  rampupSeconds = 0,
  interleave?: { index: number; count: number },
): Strategy {
  const rampupMs = rampupSeconds > 0 ? rampupSeconds * 1000 : 0;
  const sharded = interleave !== undefined && interleave.count > 1 ? interleave : undefined;
  const spec: StrategySpec = { type: 'constant', ratePerSecond, maxConcurrency };
  if (rampupMs > 0) spec.rampupSeconds = rampupSeconds;
  if (sharded !== undefined) spec.interleave = { index: sharded.index, count: sharded.count };
  const step = sharded?.count ?? 1;
  const first = sharded?.index ?? 0;
  const wholeRate = ratePerSecond * step;
  return {
    spec,
    mode: 'open',
    maxConcurrency,
    arrivals() {
      let index = 0;
      return {
        next: () => ({
          done: false,
          value: constantRateOffsetMs(first + step * index++, wholeRate, rampupMs),
        }),
      };
    },
  };
}
