import { describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { useMockServers } from '../helpers/mock-servers.js';

let mock: MockServer | undefined;
let spawned: SpawnedMockServer | undefined;
const mocks = useMockServers();

// About 55 ms per request: 20 ms to the first token, then 7 gaps of 5 ms.
const FAST = { ttftMs: 20, itlMs: 5 };
const DATA = 'prompt_tokens=16,output_tokens=8';

describe('sweep against the mock server', () => {
  it('runs synchronous, throughput, then constant rates up to the measured throughput', async () => {
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
    // Every step's benchmark carries its SLO verdict.
    for (const step of capacity.steps) {
      expect(report.benchmarks[step.benchmarkIndex]!.slo?.passed).toBe(step.passed);
    }
  }, 30_000);
});

// The engine simulator, in its own process so that the client and the server do not share an
// event loop. Like vLLM, it holds up to 256 requests at once by default, so at full load with
// 256/128 data a request takes ≈ 15 s; shorter requests (64 prompt, 32 output tokens) let a few
// seconds show the knee. The figures quoted come from simulateLoad, the same engine on a
// simulated clock.

describe('against the engine simulator', () => {
  it('sweeps to a knee: latency grows with the rate and throughput levels off', async () => {
    // 32 sequences at most and 128/64 requests keep the mock's work (≈ 32 requests and 2,000
    // tokens per second at full load) within what a busy two-core machine serves on time.
    spawned = await mocks.spawn(['--simulate', '--max-num-seqs', '32']);
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=128,output_tokens=64',
      // The mock writes words. Its /tokenize would build the prompts too, but past a pool of 1,000
      // they repeat, and the simulator's prefix cache would serve the repeats faster than the
      // knee this test is about.
      tokenizer: 'word',
      profile: 'sweep',
      rate: 5,
      // Completions come in waves of 32; 4.5 s after the warmup average over several.
      maxSeconds: 6,
      // Measured once the queue and the batch have filled.
      warmup: '1.5s',
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
    // 512 streams level off near what the simulated engine completes after the warmup
    // (≈ 32 req/s): the batch is full and each step slows with every sequence in it.
    expect(achieved(throughput)).toBeGreaterThan(32 * 0.75);
    expect(achieved(throughput)).toBeLessThan(32 * 1.25);
    // The top step offers the measured throughput and achieves about as much, and no more:
    // beyond it, more load buys no throughput.
    const top = steps.at(-1)!;
    expect(achieved(top)).toBeGreaterThan(achieved(throughput) * 0.75);
    expect(achieved(top)).toBeLessThan(achieved(throughput) * 1.1);
    // Latency grows with the rate: every step's ITL and request latency above the one before,
    // the top step's TTFT above the synchronous one.
    const byRate = [sync!, ...steps];
    const itl = byRate.map((b) => b.metrics.itlMs.successful.percentiles.p50!);
    const latency = byRate.map((b) => b.metrics.requestLatencyMs.successful.mean!);
    for (let i = 1; i < byRate.length; i++) {
      expect(itl[i]).toBeGreaterThan(itl[i - 1]!);
      expect(latency[i]).toBeGreaterThan(latency[i - 1]!);
    }
    // A fuller batch: the top step's ITL is several synchronous steps.
    expect(itl.at(-1)).toBeGreaterThan(itl[0]! * 1.5);
    expect(top.metrics.ttftMs.successful.percentiles.p50).toBeGreaterThan(
      sync!.metrics.ttftMs.successful.percentiles.p50!,
    );
  }, 60_000);

  it('finds the capacity for ttft_ms.p99<=200 with the defaults in at most 10 benchmarks, inside its bracket', async () => {
    spawned = await mocks.spawn(['--simulate']);
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=64,output_tokens=32',
      // As above: unique prompts for thousands of requests, never prefix-cache hits.
      tokenizer: 'word',
      profile: 'capacity',
      slo: 'ttft_ms.p99<=200',
      maxSeconds: 3,
      // Bounds around the knee skip the probes and keep the test short.
      capacity: { minRate: 40, maxRate: 140 },
    });
    const capacity = report.capacity!;
    expect(report.benchmarks.length).toBeLessThanOrEqual(10);
    expect(capacity.outcome).toBe('converged');
    const passing = capacity.steps.filter((s) => s.passed).map((s) => s.ratePerSecond);
    const failing = capacity.steps.filter((s) => !s.passed).map((s) => s.ratePerSecond);
    const lastPassing = Math.max(...passing);
    const firstFailing = Math.min(...failing.filter((rate) => rate > lastPassing));
    expect(capacity.maxRatePerSecond).toBe(lastPassing);
    expect(capacity.bracket).toEqual([lastPassing, firstFailing]);
    expect(firstFailing - lastPassing).toBeLessThanOrEqual(capacity.precision * lastPassing);
    // In simulated time TTFT p99 over 3 s is 86 ms at 60 req/s, 179 ms at 80 and 256 ms at
    // 90: the answer sits past 60 and below 100.
    expect(capacity.maxRatePerSecond).toBeGreaterThan(55);
    expect(capacity.maxRatePerSecond).toBeLessThan(100);
    for (const step of capacity.steps) {
      expect(report.benchmarks[step.benchmarkIndex]!.slo?.passed).toBe(step.passed);
    }
  }, 40_000);
});
