import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { assertSlo, createMockServerFixture, SloAssertionError } from '../../src/testing/index.js';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('createMockServerFixture: a mock server per test', () => {
  const mock = createMockServerFixture({ ttftMs: 5, itlMs: 1 });
  const seenUrls: string[] = [];
  beforeEach(() => mock.start());
  afterEach(() => mock.close());

  it('serves a benchmark at its URL and counts only this test’s requests', async () => {
    seenUrls.push(mock.url);
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const report = await runBenchmark({
      target: mock.url,
      profile: 'synchronous',
      maxRequests: 3,
      data: 'prompt_tokens=8,output_tokens=4',
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(3);
    // The three measured requests and the untimed probe that checks the target first.
    expect(mock.server.stats.requestsByRoute['/v1/chat/completions']).toBe(4);
  });

  it('gives the next test a fresh server whose counters start at zero', async () => {
    seenUrls.push(mock.url);
    expect(mock.server.stats.requests).toBe(0);
    const response = await fetch(`${mock.url}/v1/models`);
    expect(response.status).toBe(200);
    expect(seenUrls).toHaveLength(2);
    expect(seenUrls[1]).not.toBe(seenUrls[0]);
  });

  it('refuses a second start while one runs, and closes for real', async () => {
    await expect(mock.start()).rejects.toThrow(
      /expected no running server .* received one at http/,
    );
    const url = mock.url;
    await mock.close();
    expect(() => mock.url).toThrow(/call start\(\) first/);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    // A second close (afterEach) does nothing.
    await mock.close();
  });
});

describe('assertSlo', () => {
  const mock = createMockServerFixture({ ttftMs: 40, itlMs: 2 });
  let report: BenchmarkReport;
  beforeEach(async () => {
    await mock.start();
    report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'constant',
      rate: [20, 40],
      maxRequests: 6,
      slo: 'ttft_ms.p99<=1',
    });
  });
  afterEach(() => mock.close());

  it('passes when every benchmark meets the objectives', () => {
    expect(() => assertSlo(report, 'ttft_ms.p99<=10000,error_rate<=0')).not.toThrow();
    expect(() =>
      assertSlo(report.benchmarks[1]!, { requestLatencyMs: { p50: 10_000 } }),
    ).not.toThrow();
  });

  it('names the benchmark, the metric, the limit and the measured value when one fails', () => {
    const error = caught(() => assertSlo(report.benchmarks[0]!, 'ttft_ms.p99<=5'));
    expect(error).toBeInstanceOf(SloAssertionError);
    const measured = report.benchmarks[0]!.metrics.ttftMs.successful.percentiles.p99;
    expect(measured).toBeGreaterThan(5);
    expect((error as SloAssertionError).message).toBe(
      `SLO not met in benchmark 1 (constant@20/s): ttftMs p99 measured ${Number(measured!.toPrecision(6))} ms, limit <= 5 ms (ttft_ms.p99<=5)`,
    );
    expect((error as SloAssertionError).failures).toHaveLength(1);
  });

  it('lists every failure across a report, one line each', () => {
    const error = caught(() =>
      assertSlo(report, { ttftMs: { p50: 5 }, errorRate: 0 }),
    ) as SloAssertionError;
    expect(error.failures.map((failure) => failure.benchmarkIndex)).toEqual([0, 1]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('2 SLO objectives not met:');
    expect(lines[1]).toMatch(
      /^ {2}- in benchmark 1 of 2 \(constant@20\/s\): ttftMs p50 measured [\d.]+ ms, limit <= 5 ms \(ttft_ms\.p50<=5\)$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}- in benchmark 2 of 2 \(constant@40\/s\): ttftMs p50 measured [\d.]+ ms, limit <= 5 ms/,
    );
  });

  it('checks the verdicts of the run’s own slo arg when given no objectives', () => {
    const error = caught(() => assertSlo(report)) as SloAssertionError;
    expect(error).toBeInstanceOf(SloAssertionError);
    expect(error.failures).toHaveLength(2);
    expect(error.message).toContain('limit <= 1 ms (ttft_ms.p99<=1)');
  });

  it('never passes for want of objectives, and names a bad SLO', async () => {
    const plain = await runBenchmark({
      target: mock.url,
      maxRequests: 2,
      data: 'prompt_tokens=8,output_tokens=4',
    });
    const missing = caught(() => assertSlo(plain));
    expect(missing).toBeInstanceOf(InferbenchError);
    expect((missing as InferbenchError).message).toMatch(/^slo: expected objectives to check/);
    const bad = caught(() => assertSlo(plain, 'ttft_ms.p99<=fast'));
    expect(bad).toBeInstanceOf(InferbenchError);
    expect((bad as InferbenchError).field).toBe('slo');
  });
});

describe('assertSlo on a benchmark with nothing measured', () => {
  const mock = createMockServerFixture({
    ttftMs: 5,
    itlMs: 1,
    faults: [{ type: 'http_error', status: 503, probability: 1 }],
  });
  beforeEach(() => mock.start());
  afterEach(() => mock.close());

  it('fails a latency objective whose distribution is empty, and says nothing was measured', async () => {
    const report = await runBenchmark({
      target: mock.url,
      profile: 'synchronous',
      maxRequests: 3,
      data: 'prompt_tokens=8,output_tokens=4',
      // A target failing every request is refused by the probe; this test wants its report.
      probe: false,
    });
    const benchmark = report.benchmarks[0]!;
    expect(report.status).toBe('failed');
    expect(benchmark.requestCounts.errored).toBe(3);
    // Empty distributions have null statistics, never a zero that would pass a `<=` bound.
    expect(benchmark.metrics.ttftMs.successful.percentiles.p99).toBeNull();
    const error = caught(() => assertSlo(report, 'ttft_ms.p99<=1000')) as SloAssertionError;
    expect(error).toBeInstanceOf(SloAssertionError);
    expect(error.failures[0]!.result.measured).toBeNull();
    expect(error.message).toBe(
      'SLO not met in benchmark 1 of 1 (synchronous): ttftMs p99 nothing measured (no successful request in the measured window), limit <= 1000 ms (ttft_ms.p99<=1000)',
    );
    // The error rate is measured (every finished request failed), in the catalogue's unit.
    const rate = caught(() => assertSlo(report, 'error_rate<=0.1')) as SloAssertionError;
    expect(rate.message).toMatch(/errorRate measured 1, limit <= 0\.1 \(error_rate<=0\.1\)$/);
  });
});
