import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

// About 55 ms per request: 20 ms to the first token, then 7 gaps of 5 ms.
const FAST = { ttftMs: 20, itlMs: 5 };
const DATA = 'prompt_tokens=16,output_tokens=8';

describe('sweep against the mock server', () => {
  it('runs synchronous, throughput, then constant rates up to the measured throughput', async () => {
    mock = await createMockServer(FAST);
    const report = await runBenchmark({
      target: mock.url,
      data: DATA,
      profile: 'sweep',
      rate: 4,
      maxSeconds: 1,
      maxConcurrency: 8,
      slo: 'ttft_ms.p99<=500',
    });
    expect(report.benchmarks.map((b) => b.strategy.type)).toEqual([
      'synchronous',
      'throughput',
      'constant',
      'constant',
    ]);
    const [sync, throughput, middle, last] = report.benchmarks.map(
      (b) => b.metrics.requestsPerSecond.successful.mean,
    );
    expect(throughput!).toBeGreaterThan(sync! * 3);
    const rates = report.benchmarks.slice(2).map((b) => {
      if (b.strategy.type !== 'constant') throw new Error('expected a constant step');
      return b.strategy.ratePerSecond;
    });
    // linspace(sync, throughput, 3)[1:]: the midpoint, then the throughput rate itself.
    expect(rates[0]).toBeCloseTo((sync! + throughput!) / 2, 9);
    expect(rates[1]).toBeCloseTo(throughput!, 9);
    // The constant steps achieve roughly what they offer.
    expect(middle!).toBeGreaterThan(rates[0]! * 0.7);
    expect(last!).toBeGreaterThan(sync!);
    for (const benchmark of report.benchmarks) {
      expect(benchmark.slo?.passed).toBe(true);
      expect(benchmark.goodput?.fraction).toBe(1);
    }
  }, 30_000);
});

describe('capacity against the mock server', () => {
  it('finds the rate past which requests queue behind a 4-request cap', async () => {
    mock = await createMockServer(FAST);
    // With at most 4 requests in flight of ~55 ms each, about 70 req/s can be served; above
    // that, requests wait for a slot and the latency a user arriving on schedule sees explodes.
    const report = await runBenchmark({
      target: mock.url,
      data: DATA,
      profile: 'capacity',
      maxSeconds: 1,
      maxConcurrency: 4,
      slo: 'scheduled_ttft_ms.p99<=150',
      capacity: { minRate: 10, maxRate: 200, maxSteps: 7, precision: 0.1 },
    });
    const capacity = report.capacity!;
    expect(capacity).toBeDefined();
    expect(report.benchmarks.length).toBeLessThanOrEqual(7);
    expect(capacity.boundsSource).toBe('args');
    expect(capacity.steps[0]).toMatchObject({ ratePerSecond: 10, passed: true });
    expect(capacity.steps[1]).toMatchObject({ ratePerSecond: 200, passed: false });
    expect(capacity.steps[1]!.failedObjectives).toEqual(['scheduled_ttft_ms.p99<=150']);
    const passing = capacity.steps.filter((s) => s.passed).map((s) => s.ratePerSecond);
    const failing = capacity.steps.filter((s) => !s.passed).map((s) => s.ratePerSecond);
    expect(capacity.maxRatePerSecond).toBe(Math.max(...passing));
    expect(capacity.bracket).toEqual([Math.max(...passing), Math.min(...failing)]);
    expect(capacity.maxRatePerSecond).toBeGreaterThan(30);
    expect(capacity.maxRatePerSecond).toBeLessThan(100);
    // Every step's benchmark carries its SLO verdict.
    for (const step of capacity.steps) {
      expect(report.benchmarks[step.benchmarkIndex]!.slo?.passed).toBe(step.passed);
    }
  }, 30_000);
});
