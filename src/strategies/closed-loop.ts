import type { Strategy } from '../spec/strategy.js';
import { closedLoopStartOffsetMs } from './rampup.js';

/** Creates the synchronous strategy: one request at a time, the next sent when one ends. */
export function createSynchronousStrategy(): Strategy {
  return { spec: { type: 'synchronous' }, mode: 'closed', maxConcurrency: 1 };
}

/**
 * Creates the concurrent strategy: `streams` requests always in flight. With `rampupSeconds`,
 * stream `k` starts `rampupSeconds * k / streams` after the benchmark start.
 */
export function createConcurrentStrategy(streams: number, rampupSeconds = 0): Strategy {
  return withRampup({ type: 'concurrent', streams }, streams, rampupSeconds);
}

/**
 * Creates the throughput strategy: as many requests in flight as `maxConcurrency` allows. With
 * `rampupSeconds`, the first `maxConcurrency` starts are spread linearly over the rampup.
 */
export function createThroughputStrategy(maxConcurrency: number, rampupSeconds = 0): Strategy {
  return withRampup({ type: 'throughput', maxConcurrency }, maxConcurrency, rampupSeconds);
}

function withRampup(
  spec: Extract<Strategy['spec'], { type: 'concurrent' | 'throughput' }>,
  slots: number,
  rampupSeconds: number,
): Strategy {
  if (!(rampupSeconds > 0)) return { spec, mode: 'closed', maxConcurrency: slots };
  const rampupMs = rampupSeconds * 1000;
  return {
    spec: { ...spec, rampupSeconds },
    mode: 'closed',
    maxConcurrency: slots,
    startOffsetMs: (k) => closedLoopStartOffsetMs(k, slots, rampupMs),
  };
}
