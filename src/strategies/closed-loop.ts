import type { Strategy } from '../spec/strategy.js';

/** Creates the synchronous strategy: one request at a time, the next sent when one ends. */
export function createSynchronousStrategy(): Strategy {
  return { spec: { type: 'synchronous' }, mode: 'closed', maxConcurrency: 1 };
}

/** Creates the concurrent strategy: `streams` requests always in flight. */
export function createConcurrentStrategy(streams: number): Strategy {
  return { spec: { type: 'concurrent', streams }, mode: 'closed', maxConcurrency: streams };
}

/** Creates the throughput strategy: as many requests in flight as `maxConcurrency` allows. */
export function createThroughputStrategy(maxConcurrency: number): Strategy {
  return { spec: { type: 'throughput', maxConcurrency }, mode: 'closed', maxConcurrency };
}
