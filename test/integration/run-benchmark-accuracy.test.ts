import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type MockServer } from '../../src/mock-server/index.js';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { type SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
let spawned: SpawnedMockServer | undefined;

const mocks = useMockServers();

describe('numbers against the mock server over loopback', () => {
  it('measures TTFT, TPOT, ITL and exact output counts at 16 concurrent streams', async () => {
    // The server runs in its own process, as a real one would: client and server do not share
    // an event loop, so neither's work shows up in the other's timing.
    // A little symmetric jitter, as every real server has, keeps the 16 streams from staying
    // in lockstep; otherwise every round would start 16 requests in the same instant and
    // measure the burst rather than the server.
    spawned = await mocks.spawn([
      '--ttft-ms',
      '50',
      '--ttft-ms-std',
      '2',
      '--itl-ms',
      '10',
      '--itl-ms-std',
      '2',
      '--output-tokens',
      '64',
    ]);
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=64,output_tokens=64',
      profile: 'concurrent',
      rate: 16,
      maxRequests: 160,
      retainRequests: true,
      // The mock's own tokenizer, so that the client checks the server's counts against it.
      tokenizer: 'word',
    });
    expect(BenchmarkReportSchema.safeParse(report).success).toBe(true);
    const [benchmark] = report.benchmarks;
    expect(benchmark?.requestCounts).toEqual({
      successful: 160,
      errored: 0,
      incomplete: 0,
      total: 160,
    });
    const metrics = benchmark!.metrics;
    expect(Math.abs(metrics.ttftMs.successful.median! - 50)).toBeLessThan(3);
    expect(Math.abs(metrics.tpotMs.successful.median! - 10)).toBeLessThan(1);
    expect(Math.abs(metrics.itlMs.successful.median! - 10)).toBeLessThan(1);
    // 63 gaps per request, pooled.
    expect(metrics.itlMs.successful.count).toBe(160 * 63);
    expect(metrics.outputTokens.successful.min).toBe(64);
    expect(metrics.outputTokens.successful.max).toBe(64);
    for (const request of benchmark!.requests ?? []) expect(request.outputTokens).toBe(64);
    expect(benchmark!.requests).toHaveLength(160);
    // The mock counts with the same tokenizer: server and client agree on every checked request
    // (before null statistics, an empty distribution's max of 0 passed this without a check).
    expect(benchmark!.tokenCounts.tokenCountDiscrepancy.count).toBe(160);
    expect(benchmark!.tokenCounts.tokenCountDiscrepancy.max).toBe(0);
    expect(benchmark!.tokenCounts.tokenCountDiscrepancy.min).toBe(0);
    // Prompt tokens are the server's count of exactly what the data source made.
    expect(metrics.promptTokens.successful.min).toBe(64);
    expect(metrics.promptTokens.successful.max).toBe(64);
    // Concurrency stays at 16 while the benchmark is saturated with requests.
    expect(metrics.concurrency.total.max).toBe(16);
  });

  it('sends 50/s for 4 s as 200 ± 2 requests with dispatch lag p99 under 5 ms', async () => {
    spawned = await mocks.spawn(['--ttft-ms', '20', '--itl-ms', '5', '--output-tokens', '16']);
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=32,output_tokens=16',
      profile: 'constant',
      rate: 50,
      maxSeconds: 4,
      retainRequests: true,
    });
    const [benchmark] = report.benchmarks;
    const total = benchmark!.requestCounts.total;
    expect(total).toBeGreaterThanOrEqual(198);
    expect(total).toBeLessThanOrEqual(202);
    expect(benchmark!.stopReason).toBe('max-seconds');
    expect(benchmark!.client.dispatchLagMs.percentiles.p99).toBeLessThan(5);
    // Targets are absolute: request i is scheduled i * 20 ms after the first.
    const requests = [...(benchmark!.requests ?? [])].sort((a, b) => a.index - b.index);
    const first = requests[0]!.scheduledAt;
    for (const request of requests)
      expect(request.scheduledAt! - first!).toBeCloseTo(request.index * 20, 6);
  });

  it('reproduces Poisson arrival offsets exactly for the same seed', async () => {
    server = await mocks.start({ ttftMs: 5, itlMs: 1, outputTokens: 4 });
    const offsets = async (): Promise<number[]> => {
      const report = await runBenchmark({
        target: server!.url,
        data: 'prompt_tokens=8,output_tokens=4',
        profile: 'poisson',
        rate: 40,
        randomSeed: 1234,
        maxRequests: 30,
        retainRequests: true,
      });
      const benchmark = report.benchmarks[0]!;
      const requests = [...(benchmark.requests ?? [])].sort((a, b) => a.index - b.index);
      const start = benchmark.timings.start;
      return requests.map((request) => request.scheduledAt! - start);
    };
    const first = await offsets();
    const second = await offsets();
    expect(first).toHaveLength(30);
    // Equal up to float rounding of the run-relative subtraction (nanoseconds).
    second.forEach((offset, i) => expect(offset).toBeCloseTo(first[i]!, 6));
    // Not a constant rate: the gaps vary.
    const gaps = first.slice(1).map((offset, i) => offset - first[i]!);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeGreaterThan(3);
  });
});
