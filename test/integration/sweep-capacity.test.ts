import { describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { constantStepSimulator } from '../helpers/simulator-flags.js';

let mock: MockServer | undefined;
let spawned: SpawnedMockServer | undefined;
const mocks = useMockServers();

// About 55 ms per request: 20 ms to the first token, then 7 gaps of 5 ms.
const FAST = { ttftMs: 20, itlMs: 5 };
const DATA = 'prompt_tokens=16,output_tokens=8';

describe('sweep against the mock server', () => {
  it('runs synchronous, throughput, then constant rates strictly between the measured rates', async () => {
    mock = await mocks.start(FAST);
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
    // linspace(sync, throughput, 4)[1:-1]: a third and two thirds of the way.
    expect(rates[0]).toBeCloseTo(sync! + (throughput! - sync!) / 3, 9);
    expect(rates[1]).toBeCloseTo(sync! + (2 * (throughput! - sync!)) / 3, 9);
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
    mock = await mocks.start(FAST);
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
    // Every step's benchmark carries its SLO verdict; a passing step held them all.
    for (const step of capacity.steps) {
      const benchmark = report.benchmarks[step.benchmarkIndex]!;
      if (step.passed) expect(benchmark.slo?.passed).toBe(true);
      // The cap holds requests back: a step it throttled was never offered to the server.
      if (step.verdict === 'client-bound') expect(benchmark.client.clientBound).toBe(true);
    }
    // Whatever closed the bracket (a failed SLO, or the cap), the answer says which.
    expect(['slo', 'client']).toContain(capacity.limitedBy);
    expect(capacity.lowerBound).toBe(capacity.limitedBy === 'client');
  }, 30_000);
});

// The engine simulator with explicit settings, in its own process so that the client and the
// server do not share an event loop: 8 slots, a 10 ms prefill, decode steps of 5 ms plus 0.5 ms
// per further sequence, so ITL and latency grow with the batch and throughput levels off near
// 8 / ((2 + 19) × 8.5 ms) ≈ 45 requests/s for 20 output tokens.
const KNEE_SIMULATOR = [
  '--max-batch',
  '8',
  '--prefill-ms-base',
  '10',
  '--prefill-ms-per-token',
  '0',
  '--decode-step-ms',
  '5',
  '--decode-step-ms-per-seq',
  '0.5',
];
const KNEE_DATA = 'prompt_tokens=16,output_tokens=20';
// A constant step: a slot is held 110 ms (2 prefill steps and 9 decode steps of 10 ms), so 4
// slots serve 36.4 requests/s (docs/guides/mock-server-simulator.md).
const CLOSED_FORM = constantStepSimulator({ maxBatch: 4, prefillMs: 20, stepMs: 10 });
const CLOSED_FORM_CAPACITY = CLOSED_FORM.capacity(10);

describe('against the engine simulator', () => {
  it('sweeps to a knee: latency grows with the rate and throughput levels off', async () => {
    spawned = await mocks.spawn(KNEE_SIMULATOR);
    const report = await runBenchmark({
      target: spawned.url,
      data: KNEE_DATA,
      // The mock writes words. Its /tokenize would build the prompts too, but past a pool of 1,000
      // they repeat, and the simulator's prefix cache would serve the repeats faster.
      tokenizer: 'word',
      profile: 'sweep',
      rate: 5,
      maxSeconds: 4,
      // 64 in flight fill 8 slots; 512 connections at once would stall a busy client.
      maxConcurrency: 64,
      warmup: '0.5s',
    });
    expect(report.benchmarks.map((b) => b.strategy.type)).toEqual([
      'synchronous',
      'throughput',
      'constant',
      'constant',
      'constant',
    ]);
    const [sync, throughput, ...steps] = report.benchmarks;
    const achieved = (b: typeof sync) => b!.metrics.requestsPerSecond.successful.mean!;
    // The top step stays below the measured throughput and achieves about what it offers.
    const top = steps.at(-1)!;
    const offered = top.strategy.type === 'constant' ? top.strategy.ratePerSecond : NaN;
    expect(offered).toBeLessThan(achieved(throughput));
    expect(achieved(top)).toBeGreaterThan(offered * 0.85);
    // Latency grows with the rate: every step's ITL and request latency above the one before.
    const byRate = [sync!, ...steps];
    const itl = byRate.map((b) => b.metrics.itlMs.successful.percentiles.p50!);
    const latency = byRate.map((b) => b.metrics.requestLatencyMs.successful.mean!);
    for (let i = 1; i < byRate.length; i++) {
      expect(itl[i]).toBeGreaterThan(itl[i - 1]!);
      expect(latency[i]).toBeGreaterThan(latency[i - 1]!);
    }
    // A fuller batch: the top step's ITL well above one sequence's 5 ms step.
    expect(itl.at(-1)).toBeGreaterThan(itl[0]! * 1.2);
  }, 60_000);

  it('finds the capacity for ttft_ms.p99<=200 inside its bracket, at most what the engine serves', async () => {
    spawned = await mocks.spawn(CLOSED_FORM.flags);
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=16,output_tokens=10',
      // As above: unique prompts, never prefix-cache hits.
      tokenizer: 'word',
      profile: 'capacity',
      slo: 'ttft_ms.p99<=200',
      maxSeconds: 3,
      // Bounds around the capacity skip the probes and keep the test short.
      capacity: { minRate: 10, maxRate: 60 },
    });
    const capacity = report.capacity!;
    expect(report.benchmarks.length).toBeLessThanOrEqual(10);
    const passing = capacity.steps.filter((s) => s.passed).map((s) => s.ratePerSecond);
    const notPassing = capacity.steps.filter((s) => !s.passed).map((s) => s.ratePerSecond);
    const lastPassing = Math.max(...passing);
    expect(capacity.maxRatePerSecond).toBe(lastPassing);
    expect(capacity.bracket).toEqual([
      lastPassing,
      Math.min(...notPassing.filter((rate) => rate > lastPassing)),
    ]);
    // Not above what the engine can serve, within the 5% a 3 s window can tell (with a
    // throughput probe, its rate is a hard ceiling: test/integration/capacity-honesty.test.ts).
    expect(capacity.maxRatePerSecond).toBeLessThanOrEqual(CLOSED_FORM_CAPACITY * 1.05);
    expect(capacity.maxRatePerSecond).toBeGreaterThan(CLOSED_FORM_CAPACITY * 0.6);
    for (const step of capacity.steps) {
      const benchmark = report.benchmarks[step.benchmarkIndex]!;
      // A step passes only with its SLOs holding and the server keeping up.
      if (step.passed) {
        expect(benchmark.slo?.passed).toBe(true);
        expect(benchmark.keptUp?.keptUp).toBe(true);
      }
    }
  }, 60_000);
});
