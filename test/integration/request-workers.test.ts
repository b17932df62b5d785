import { describe, expect, it } from 'vitest';
import { createOpenAIHttpBackend } from '../../src/backends/openai-http.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { RequestRecordJson } from '../../src/report/benchmark-schema.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();

/** Every request's timestamps are in order on the one run clock, whichever thread took them. */
function expectOrderedTimestamps(requests: readonly RequestRecordJson[]): void {
  for (const request of requests) {
    // A worker stamps its dispatch after the main thread found the request due.
    expect(request.dispatchedAt!).toBeGreaterThanOrEqual(request.scheduledAt!);
    if (request.status === 'successful') {
      expect(request.firstTokenAt!).toBeGreaterThan(request.dispatchedAt!);
      expect(request.endedAt!).toBeGreaterThanOrEqual(request.lastTokenAt!);
    }
  }
}

describe('workers: N', () => {
  it('sends exactly the requests asked for from two workers, on one schedule and one clock', async () => {
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=16,output_tokens=8',
      profile: 'constant',
      rate: 100,
      maxRequests: 200,
      workers: 2,
      retainRequests: true,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-requests');
    expect(benchmark.requestCounts.total).toBe(200);
    expect(benchmark.requestCounts.successful).toBe(200);
    const { workers } = benchmark.client;
    expect(workers?.count).toBe(2);
    expect(workers!.requestsPerWorker).toHaveLength(2);
    expect(workers!.requestsPerWorker.reduce((a, b) => a + b, 0)).toBe(200);
    // Each worker takes the one with fewer requests in flight: both send a real share.
    for (const sent of workers!.requestsPerWorker) expect(sent).toBeGreaterThan(40);
    // One schedule: every dispatch index once, and the schedule's own rate is the target's.
    const requests = benchmark.requests!;
    expect(new Set(requests.map((request) => request.index))).toEqual(
      new Set(Array.from({ length: 200 }, (_, index) => index)),
    );
    expect(benchmark.client.scheduledRatePerSecond).toBeCloseTo(100, 6);
    expectOrderedTimestamps(requests);
    // Dispatch lag stays what a busy 2-core machine gives one thread (tens of ms at worst), not
    // the seconds a drifting or unconverted clock would show.
    expect(benchmark.client.dispatchLagMs.percentiles.p50!).toBeLessThan(50);
    expect(benchmark.client.dispatchLagMs.max!).toBeLessThan(1000);
    expect(benchmark.client.achievedRatePerSecond).toBeGreaterThan(50);
  });

  it('stops every worker at maxSeconds, cancelling what is in flight', async () => {
    // Responses take about 2.5 s: the benchmark's second ends with requests in flight in both.
    const server = await mocks.start({ worker: true, ttftMs: 100, itlMs: 50, outputTokens: 48 });
    const started = Date.now();
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=48',
      profile: 'constant',
      rate: 40,
      maxSeconds: 1,
      workers: 2,
      retainRequests: true,
    });
    const elapsed = Date.now() - started;
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-seconds');
    const counts = benchmark.requestCounts;
    // About 40 dispatches in the second (41 at most: one at 0 ms and one each 25 ms), and
    // nothing left in flight: incomplete ones are settled, none lost.
    expect(counts.total).toBeGreaterThan(20);
    expect(counts.total).toBeLessThanOrEqual(41);
    expect(counts.incomplete).toBeGreaterThan(0);
    expect(counts.successful + counts.errored + counts.incomplete).toBe(counts.total);
    expect(benchmark.client.workers!.requestsPerWorker.reduce((a, b) => a + b, 0)).toBe(
      counts.total,
    );
    for (const request of benchmark.requests!) {
      expect(request.dispatchedAt! - benchmark.timings.start).toBeLessThan(1100);
    }
    // Cancelled in flight, not waited for: the run ends soon after its second.
    expect(elapsed).toBeLessThan(10_000);
    expect(benchmark.timings.end - benchmark.timings.start).toBeLessThan(1000 + 1500);
  });

  it('keeps a closed loop within its concurrency and maxRequests across workers', async () => {
    const server = await mocks.start({ worker: true, ttftMs: 5, itlMs: 2, outputTokens: 8 });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=8',
      profile: 'concurrent',
      rate: 4,
      maxRequests: 60,
      workers: 3,
      retainRequests: true,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts.total).toBe(60);
    expect(benchmark.client.workers!.count).toBe(3);
    const requests = benchmark.requests!;
    // In flight at once, from the records: never more than the 4 streams.
    const events = requests.flatMap((request) => [
      { at: request.dispatchedAt!, delta: 1 },
      { at: request.endedAt!, delta: -1 },
    ]);
    events.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let inFlight = 0;
    let most = 0;
    for (const event of events) {
      inFlight += event.delta;
      most = Math.max(most, inFlight);
    }
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThanOrEqual(2);
    expectOrderedTimestamps(requests);
  });

  it('writes a partial report when the run is aborted, with the workers’ requests in it', async () => {
    const server = await mocks.start({ worker: true, ttftMs: 100, itlMs: 50, outputTokens: 48 });
    const controller = new AbortController();
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=48',
      profile: 'constant',
      rate: 30,
      maxSeconds: 30,
      workers: 2,
      signal: controller.signal,
      // Aborted 600 ms into the benchmark (starting the workers is setup, not measured).
      progress: { onBenchmarkStart: () => void setTimeout(() => controller.abort(), 600) },
    });
    expect(report.status).toBe('aborted');
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.status).toBe('aborted');
    expect(benchmark.requestCounts.total).toBeGreaterThan(5);
    expect(benchmark.requestCounts.incomplete).toBeGreaterThan(0);
    expect(benchmark.client.workers!.requestsPerWorker.reduce((a, b) => a + b, 0)).toBe(
      benchmark.requestCounts.total,
    );
  });

  it('rejects a backend object with workers > 1, naming workers, before any request', async () => {
    const server = await mocks.start();
    const backend = createOpenAIHttpBackend({ target: server.url });
    await expect(
      runBenchmark({
        target: server.url,
        backend,
        profile: 'constant',
        rate: 1,
        maxRequests: 1,
        workers: 2,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGS',
      field: 'workers',
      message: expect.stringMatching(
        /^workers: 2 worker threads .*backend object .*cannot cross threads/,
      ),
    });
    await expect(
      runBenchmark({
        target: server.url,
        clock: { now: () => performance.now() },
        profile: 'constant',
        rate: 1,
        maxRequests: 1,
        workers: 2,
      }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'workers' });
    expect(server.stats.requests).toBe(0);
    await backend.close();
  });
});
