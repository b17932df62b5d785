import { assembleBenchmark } from '../../src/assembly/assemble-benchmark.js';
import { RecordStore } from '../../src/core/record-store.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';

/** A one-second synchronous benchmark in which no request was sent: every distribution empty. */
export function emptyBenchmark(startedAtEpochMs = 0): Benchmark {
  return assembleBenchmark({
    index: 0,
    strategy: { type: 'synchronous' },
    status: 'completed',
    stopReason: 'max-seconds',
    startMs: 0,
    endMs: 1000,
    records: new RecordStore(),
    eventLoopDelayMs: { p50: 0, p99: 0, max: 0 },
    retainRequests: false,
    startedAtEpochMs,
  });
}
