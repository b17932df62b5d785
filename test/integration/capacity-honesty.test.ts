import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { constantStepSimulator } from '../helpers/simulator-flags.js';

const mocks = useMockServers();

// 4 slots, a 20 ms prefill (two 10 ms steps), then 9 more steps for 10 output tokens: a slot is
// held 110 ms, so the engine serves 4 / 0.110 = 36.4 requests/s.
const SIMULATOR = constantStepSimulator({ maxBatch: 4, prefillMs: 20, stepMs: 10 });
const CAPACITY = SIMULATOR.capacity(10);
const DATA = 'prompt_tokens=16,output_tokens=10';
// Loose enough to hold above capacity for a few seconds: the SLOs alone cannot tell.
const LOOSE_SLO = 'ttft_ms.p99<=5000';

describe('capacity against the engine simulator', () => {
  it('never answers above the rate the server completes at full load', async () => {
    const server = await mocks.spawn(SIMULATOR.flags);
    const report = await runBenchmark({
      target: server.url,
      data: DATA,
      profile: 'capacity',
      slo: LOOSE_SLO,
      maxSeconds: 3,
      // 64 in flight saturate 4 slots; 512 connections at once would stall a busy client.
      maxConcurrency: 64,
      capacity: { maxSteps: 7 },
    });
    const capacity = report.capacity!;
    const [synchronous, throughput] = report.benchmarks;
    expect(synchronous!.strategy.type).toBe('synchronous');
    expect(throughput!.strategy.type).toBe('throughput');
    const fullLoad = throughput!.metrics.requestsPerSecond.successful.mean!;
    // At full load the simulator completes its capacity at most.
    expect(fullLoad).toBeGreaterThan(CAPACITY * 0.5);
    expect(fullLoad).toBeLessThan(CAPACITY * 1.05);
    expect(capacity.maxRatePerSecond).toBeGreaterThan(0);
    expect(capacity.maxRatePerSecond).toBeLessThanOrEqual(fullLoad);
    expect(capacity.maxRatePerSecond).toBeLessThanOrEqual(CAPACITY * 1.02);
    for (const step of capacity.steps) expect(step.ratePerSecond).toBeLessThanOrEqual(fullLoad);
    // Set by a failing step, by the full-load rate, or (on a busy machine) by the client, and
    // only the last is a lower bound.
    expect(['full-load', 'slo', 'client']).toContain(capacity.limitedBy);
    expect(capacity.lowerBound).toBe(capacity.limitedBy === 'client');
    // Every passing step was kept up with, by the server's own completions.
    for (const step of capacity.steps.filter((s) => s.passed)) {
      expect(report.benchmarks[step.benchmarkIndex]!.keptUp?.keptUp).toBe(true);
    }
  }, 90_000);

  it('fails a rate the server cannot keep up with even while its SLOs still hold', async () => {
    const server = await mocks.spawn(SIMULATOR.flags);
    const report = await runBenchmark({
      target: server.url,
      data: DATA,
      profile: 'constant',
      rate: [CAPACITY * 0.7, CAPACITY * 1.5],
      slo: LOOSE_SLO,
      maxSeconds: 3,
    });
    const [below, above] = report.benchmarks;
    expect(below!.keptUp).toMatchObject({ keptUp: true });
    expect(below!.keptUp!.completedRatePerSecond).toBeGreaterThan(CAPACITY * 0.7 * 0.9);
    // 3 s are too few for the queue to push TTFT p99 over 5 s: the SLO passes…
    expect(above!.slo?.passed).toBe(true);
    // …but the server completed only what it can serve, and its queue grew.
    expect(above!.keptUp!.keptUp).toBe(false);
    expect(above!.keptUp!.completedRatePerSecond).toBeLessThan(CAPACITY * 1.05);
    expect(above!.keptUp!.reason).toMatch(/^completed [\d.]+ requests\/s of the [\d.]+ offered/);
  }, 60_000);
});

describe('capacity when the load generator is the limit', () => {
  it('counts a rate the client could not offer as neither, and reports a lower bound', async () => {
    // A fast server behind a client allowed 2 requests in flight: about 40 requests/s at most.
    const server = await mocks.start({ ttftMs: 40, itlMs: 1 });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'capacity',
      slo: LOOSE_SLO,
      maxSeconds: 1.5,
      maxConcurrency: 2,
      capacity: { minRate: 5, maxRate: 400, maxSteps: 5 },
    });
    const capacity = report.capacity!;
    const clientBound = capacity.steps.filter((step) => step.verdict === 'client-bound');
    expect(clientBound.length).toBeGreaterThan(0);
    for (const step of clientBound) {
      expect(step.passed).toBe(false);
      expect(report.benchmarks[step.benchmarkIndex]!.client.clientBound).toBe(true);
      expect(step.reason).toContain('the load generator could not offer this rate');
    }
    expect(capacity.steps[0]).toMatchObject({ ratePerSecond: 5, verdict: 'passed' });
    expect(capacity).toMatchObject({ limitedBy: 'client', lowerBound: true });
    // The answer never exceeds what the client managed to offer.
    expect(capacity.maxRatePerSecond).toBeLessThan(
      Math.min(...clientBound.map((s) => s.ratePerSecond)),
    );
    expect(renderConsoleSummary(report).split('\n')[0]).toMatch(
      /^Capacity: at least [\d.]+ req\/s, a lower bound set by the load generator \(it could not offer [\d.]+ req\/s\), not by the server/,
    );
  }, 60_000);
});
