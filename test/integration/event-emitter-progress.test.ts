import { describe, expect, it } from 'vitest';
import { createEventEmitterProgress, runBenchmark } from '../../src/index.js';
import type { BenchmarkEndEvent, SnapshotEvent } from '../../src/index.js';

describe('createEventEmitterProgress', () => {
  it("lets a UI subscribe to a run's snapshot and benchmark-end events", async () => {
    const { progress, emitter } = createEventEmitterProgress();
    const snapshots: SnapshotEvent[] = [];
    const ends: BenchmarkEndEvent[] = [];
    let requestEnds = 0;
    emitter.on('snapshot', (event) => snapshots.push(event));
    emitter.on('benchmark-end', (event) => ends.push(event));
    emitter.on('request-end', () => requestEnds++);
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=8,output_tokens=8',
      profile: 'constant',
      rate: [20, 40],
      maxSeconds: 1.2,
      progress,
    });
    expect(ends.map((event) => event.benchmark.id)).toEqual(report.benchmarks.map((b) => b.id));
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(snapshots.map((event) => event.benchmarkIndex))).toEqual(new Set([0, 1]));
    expect(requestEnds).toBe(report.benchmarks.reduce((n, b) => n + b.requestCounts.total, 0));
  }, 30_000);
});
