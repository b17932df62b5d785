import { describe, expect, it } from 'vitest';
import { SPLIT_TOKEN_TEXT } from '../../src/mock-server/fault-response.js';
import { type FaultSpec, type MockServer } from '../../src/mock-server/index.js';
import { BenchmarkReportSchema, type BenchmarkReport } from '../../src/report/report-schema.js';
import type { BenchmarkArgs } from '../../src/args/schema.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
const mocks = useMockServers();

/** Runs 4 synchronous requests of 6 tokens against a mock that injects `fault` into request 1. */
async function runWithFault(
  fault: FaultSpec,
  args: Partial<BenchmarkArgs> = {},
): Promise<BenchmarkReport> {
  server = await mocks.start({ ttftMs: 5, itlMs: 2, faults: [fault] });
  const report = await runBenchmark({
    target: server.url,
    data: 'prompt_tokens=8,output_tokens=6',
    profile: 'synchronous',
    maxRequests: 4,
    retainRequests: true,
    retainText: true,
    // Faults are placed by request index: no probe ahead of the benchmark's first request.
    probe: false,
    ...args,
  });
  // The report the run returns is complete and valid against the exported schema.
  return BenchmarkReportSchema.parse(JSON.parse(JSON.stringify(report)));
}

function requestsOf(report: BenchmarkReport) {
  const benchmark = report.benchmarks[0]!;
  expect(report.status).toBe('completed');
  expect(benchmark.requests).toHaveLength(benchmark.requestCounts.total);
  return { benchmark, requests: benchmark.requests! };
}

describe('fault classification', () => {
  it.each([
    [{ status: 429, body: 'json' as const }, 'injected fault: HTTP 429'],
    [{ status: 500, body: 'text' as const }, 'injected fault: HTTP 500'],
    [{ status: 503, body: 'json' as const }, 'injected fault: HTTP 503'],
    [{ status: 503, body: 'empty' as const }, 'HTTP 503 Service Unavailable'],
  ])('HTTP error %j is HTTP_ERROR with its status and message', async (options, message) => {
    const report = await runWithFault({ type: 'http_error', requestIndices: [1], ...options });
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.requestCounts).toEqual({ successful: 3, errored: 1, incomplete: 0, total: 4 });
    expect(benchmark.errorsByCode).toEqual({ HTTP_ERROR: 1 });
    const failed = requests[1]!;
    expect(failed.status).toBe('errored');
    expect(failed.error).toEqual({
      code: 'HTTP_ERROR',
      httpStatus: options.status,
      message: expect.stringContaining(message) as string,
    });
    expect(failed.headersAt).not.toBeNull();
    expect(failed.firstTokenAt).toBeNull();
    // The run goes on: the requests after the fault are served.
    expect(requests[2]!.status).toBe('successful');
    expect(requests[3]!.outputTokens).toBe(6);
  });

  it.each([
    ['reset_before_headers', {}, 'CONNECTION_RESET', 0],
    ['reset_mid_stream', { afterTokens: 2 }, 'CONNECTION_RESET', 2],
    ['malformed_json', { afterTokens: 3 }, 'INVALID_RESPONSE', 3],
    ['stream_error', { afterTokens: 1 }, 'STREAM_ERROR', 1],
  ] as const)('%s is errored with %s', async (type, options, code, parts) => {
    const report = await runWithFault({ type, requestIndices: [1], ...options });
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.requestCounts).toEqual({ successful: 3, errored: 1, incomplete: 0, total: 4 });
    expect(benchmark.errorsByCode).toEqual({ [code]: 1 });
    const failed = requests[1]!;
    expect(failed.status).toBe('errored');
    expect(failed.error?.code).toBe(code);
    expect(failed.error?.httpStatus).toBeUndefined();
    expect(failed.error?.message.length).toBeGreaterThan(0);
    // What arrived before the failure is kept.
    expect(failed.contentParts).toBe(parts);
    if (type === 'reset_before_headers') expect(failed.headersAt).toBeNull();
    if (type === 'stream_error') expect(failed.error?.message).toContain('error inside the stream');
    if (type === 'malformed_json') expect(failed.error?.message).toContain('malformed JSON');
    expect(requests.filter((request) => request.status === 'successful')).toHaveLength(3);
  });

  it('a stall longer than the request timeout is TIMEOUT, and the run goes on', async () => {
    const report = await runWithFault(
      { type: 'stall', requestIndices: [1], afterTokens: 2, durationMs: 3000 },
      { requestTimeoutMs: 400 },
    );
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.errorsByCode).toEqual({ TIMEOUT: 1 });
    const failed = requests[1]!;
    expect(failed.status).toBe('errored');
    expect(failed.error?.code).toBe('TIMEOUT');
    expect(failed.contentParts).toBe(2);
    const latency = failed.endedAt! - failed.dispatchedAt!;
    expect(latency).toBeGreaterThanOrEqual(399);
    expect(latency).toBeLessThan(2000);
    expect(requests[3]!.status).toBe('successful');
  });

  it('slow headers past the request timeout are TIMEOUT with no headers', async () => {
    const report = await runWithFault(
      { type: 'slow_headers', requestIndices: [0], durationMs: 3000 },
      { requestTimeoutMs: 300, maxRequests: 2 },
    );
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.errorsByCode).toEqual({ TIMEOUT: 1 });
    expect(requests[0]!.headersAt).toBeNull();
    expect(requests[0]!.error?.code).toBe('TIMEOUT');
    expect(requests[1]!.status).toBe('successful');
  });

  it('slow headers within the timeout are successful and show in TTFT', async () => {
    const report = await runWithFault(
      { type: 'slow_headers', requestIndices: [1], durationMs: 250 },
      { maxRequests: 3 },
    );
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.requestCounts.successful).toBe(3);
    const slow = requests[1]!;
    expect(slow.headersAt! - slow.dispatchedAt!).toBeGreaterThanOrEqual(249);
    expect(slow.firstTokenAt! - slow.dispatchedAt!).toBeGreaterThanOrEqual(254);
    expect(requests[0]!.firstTokenAt! - requests[0]!.dispatchedAt!).toBeLessThan(200);
  });

  it('a stall cut by the end of the benchmark is incomplete, not errored', async () => {
    const report = await runWithFault(
      { type: 'stall', requestIndices: [2], afterTokens: 1, durationMs: 10_000 },
      { maxRequests: undefined, maxSeconds: 1 },
    );
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.stopReason).toBe('max-seconds');
    expect(benchmark.requestCounts).toMatchObject({ successful: 2, errored: 0, incomplete: 1 });
    expect(requests[2]!.status).toBe('incomplete');
    expect(requests[2]!.contentParts).toBe(1);
    expect(benchmark.errorsByCode).toEqual({});
  });

  it('a UTF-8 character split across two writes arrives whole', async () => {
    const report = await runWithFault({
      type: 'utf8_split',
      requestIndices: [0, 2],
      afterTokens: 2,
    });
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.requestCounts.successful).toBe(4);
    for (const index of [0, 2]) {
      expect(requests[index]!.outputText).toContain(SPLIT_TOKEN_TEXT);
      expect(requests[index]!.outputText).not.toContain('\uFFFD');
      expect(requests[index]!.contentParts).toBe(6);
    }
  });

  it('a stream closed without [DONE] after every token counts as complete', async () => {
    const report = await runWithFault({ type: 'close_without_done', requestIndices: [1] });
    const { benchmark, requests } = requestsOf(report);
    expect(benchmark.requestCounts.successful).toBe(4);
    expect(requests[1]!.outputTokens).toBe(6);
    expect(requests[1]!.outputTokensSource).toBe('server');
  });

  it('probabilistic faults hit the same requests for the same seed', async () => {
    const errored = async (seed: number): Promise<number[]> => {
      const mock = await mocks.start({
        ttftMs: 1,
        itlMs: 0,
        seed,
        faults: [{ type: 'http_error', status: 503, probability: 0.3 }],
      });
      const report = await runBenchmark({
        target: mock.url,
        data: 'prompt_tokens=4,output_tokens=2',
        maxRequests: 30,
        retainRequests: true,
      });
      const benchmark = report.benchmarks[0]!;
      expect(benchmark.errorsByCode['HTTP_ERROR']).toBe(benchmark.requestCounts.errored);
      return benchmark
        .requests!.filter((request) => request.status === 'errored')
        .map((request) => request.index);
    };
    const first = await errored(7);
    expect(first.length).toBeGreaterThan(2);
    expect(first.length).toBeLessThan(20);
    expect(await errored(7)).toEqual(first);
    expect(await errored(8)).not.toEqual(first);
  });
});

describe('inferbench mock-server --fault', () => {
  it('injects the faults given on the command line', async () => {
    const spawned = await mocks.spawn([
      '--fault',
      'type=http_error,status=429,requests=0',
      '--fault',
      'type=http_error,status=500,body=text,requests=1',
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${spawned.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}',
      });
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([429, 500, 200]);
  });
});
