// Integration tests as a team would write them for its inference service: a short benchmark per
// test and an SLO assertion. Here the server is inferbench's mock server, started fresh for each
// test; point `target` at a staging deployment to test the real thing.
import { runBenchmark } from 'inferbench';
import { createMockServer } from 'inferbench/mock-server';
import { assertSlo, createMockServerFixture, SloAssertionError } from 'inferbench/testing';

describe('chat completions under load', () => {
  const mock = createMockServerFixture({ ttftMs: 20, ttftMsStd: 3, itlMs: 4 });
  beforeEach(() => mock.start());
  afterEach(() => mock.close());

  test('TTFT p99 stays under 250 ms at 10 req/s with no errors', async () => {
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=64,output_tokens=16',
      profile: 'constant',
      rate: 10,
      maxSeconds: 1,
    });
    expect(report.status).toBe('completed');
    expect(report.benchmarks[0]?.requestCounts.successful).toBeGreaterThan(5);
    assertSlo(report, { ttftMs: { p99: 250 }, errorRate: 0 });
  });

  test('the run checks its own SLOs, which assertSlo then reads', async () => {
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=64,output_tokens=16',
      profile: 'concurrent',
      rate: 2,
      maxRequests: 8,
      slo: 'itl_ms.p50<=100,error_rate<=0',
    });
    assertSlo(report);
  });
});

test('a slow server fails the SLO with a message naming benchmark, metric, limit and value', async () => {
  const slow = await createMockServer({ ttftMs: 120, itlMs: 2 });
  try {
    const report = await runBenchmark({
      target: slow.url,
      data: 'prompt_tokens=16,output_tokens=4',
      profile: 'synchronous',
      maxRequests: 3,
    });
    expect(() => assertSlo(report, 'ttft_ms.p99<=50')).toThrow(SloAssertionError);
    expect(() => assertSlo(report, 'ttft_ms.p99<=50')).toThrow(
      /^SLO not met in benchmark 1 of 1 \(synchronous\): ttftMs p99 measured \d+(\.\d+)? ms, limit <= 50 ms \(ttft_ms\.p99<=50\)$/,
    );
  } finally {
    await slow.close();
  }
});
