import type { Strategy } from '../spec/strategy.js';

/**
 * Creates the trace replay strategy: each sample is due at its own recorded offset
 * (`timestampMs`) times `timeScale` from the benchmark start, so `timeScale: 2` doubles every
 * gap and `0.5` halves it. Target times are absolute, as for the other open-loop strategies, so
 * a late dispatch never shifts the ones after it; dispatch lag is what the client section reports.
 */
export function createReplayStrategy(timeScale: number, maxConcurrency: number): Strategy {
  return {
    spec: { type: 'replay', timeScale, maxConcurrency },
    mode: 'open',
    maxConcurrency,
    timeScale,
  };
}
