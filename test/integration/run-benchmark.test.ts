import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type MockServer } from '../../src/mock-server/index.js';
import { InferbenchError } from '../../src/errors.js';
import { createRecordingProgress } from '../../src/testing/index.js';
import type { Progress } from '../../src/spec/progress.js';
import { useMockServers } from '../helpers/mock-servers.js';

let mock: MockServer | undefined;
let failing: Server | undefined;

const mocks = useMockServers();
afterEach(async () => {
  if (failing !== undefined) await new Promise((resolve) => failing!.close(resolve));
  failing = undefined;
});

/** A server that lists a model and answers every completion with HTTP 503. */
async function startFailingServer(): Promise<string> {
  failing = createServer((request, response) => {
    if (request.url?.endsWith('/models')) {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'broken', object: 'model' }] }));
      return;
    }
    request.resume();
    response.statusCode = 503;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
  });
  await new Promise<void>((resolve) => failing!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(failing!.address() as AddressInfo).port}`;
}

describe('runBenchmark', () => {
  it('resolves with a partial report when aborted through its signal', async () => {
    mock = await mocks.start({ ttftMs: 20, itlMs: 10 });
    const controller = new AbortController();
    const progress: Progress = {
      onSnapshot: (event) => {
        if (event.successful >= 3) controller.abort();
      },
    };
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=16,output_tokens=32',
      profile: 'concurrent',
      rate: [2, 4],
      maxSeconds: 60,
      progress: [progress],
      signal: controller.signal,
    });
    expect(report.status).toBe('aborted');
    // The second rate never ran.
    expect(report.benchmarks).toHaveLength(1);
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('aborted');
    expect(benchmark.requestCounts.successful).toBeGreaterThanOrEqual(3);
    expect(benchmark.requestCounts.incomplete).toBe(2);
    expect(mock.stats.inFlight).toBe(0);
  });

  it('resolves with an aborted report and no benchmarks when aborted during setup', async () => {
    const controller = new AbortController();
    // Accepts GET /v1/models and never answers it: the abort lands in target discovery.
    failing = createServer((request) => {
      request.resume();
      controller.abort();
    });
    await new Promise<void>((resolve) => failing!.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target,
      maxRequests: 5,
      progress: [progress],
      signal: controller.signal,
    });
    failing.closeAllConnections();
    expect(report).toMatchObject({ status: 'aborted', stopReason: 'aborted', benchmarks: [] });
    expect(report.args['target']).toBe(target);
    expect(progress.events.map((event) => event.type)).toEqual(['run-end']);
    // A setup problem is still an error, aborted or not.
    const error = await runBenchmark({
      target,
      tokenizer: '/nonexistent/tokenizer.json',
      maxRequests: 1,
      signal: AbortSignal.abort(),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_TOKENIZER' });
  });

  it('records failed requests as data and stops on maxErrors', async () => {
    const target = await startFailingServer();
    const report = await runBenchmark({
      target,
      profile: 'concurrent',
      rate: 2,
      maxErrors: 5,
      maxSeconds: 30,
      data: 'prompt_tokens=8,output_tokens=4',
      // The probe would fail the run before a benchmark started.
      probe: false,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-errors');
    expect(benchmark.requestCounts.errored).toBeGreaterThanOrEqual(5);
    expect(benchmark.requestCounts.successful).toBe(0);
    expect(benchmark.errorsByCode['HTTP_ERROR']).toBe(benchmark.requestCounts.errored);
    // Nothing succeeded: the run measured nothing, and says so.
    expect(report.status).toBe('failed');
  });

  it('stops on the error rate over a full window', async () => {
    const target = await startFailingServer();
    const report = await runBenchmark({
      target,
      profile: 'synchronous',
      maxErrorRate: 0.5,
      errorRateWindow: 10,
      maxSeconds: 30,
      data: 'prompt_tokens=8,output_tokens=4',
      probe: false,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-error-rate');
    expect(benchmark.requestCounts.errored).toBe(10);
    expect(benchmark.stopDetail).toContain('10 of the last 10');
  });

  it('runs one benchmark per rate and emits events in order', async () => {
    mock = await mocks.start({ ttftMs: 5, itlMs: 2 });
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'constant',
      rate: [20, 40],
      maxRequests: 10,
      progress: [progress],
    });
    expect(report.benchmarks.map((benchmark) => benchmark.strategy)).toMatchObject([
      { type: 'constant', ratePerSecond: 20 },
      { type: 'constant', ratePerSecond: 40 },
    ]);
    for (const benchmark of report.benchmarks) {
      expect(benchmark.stopReason).toBe('max-requests');
      expect(benchmark.requestCounts).toEqual({
        successful: 10,
        errored: 0,
        incomplete: 0,
        total: 10,
      });
    }
    const types = progress.events
      .map((event) => event.type)
      .filter((type) => type !== 'snapshot' && type !== 'request-end');
    expect(types).toEqual([
      'run-start',
      'benchmark-start',
      'benchmark-end',
      'benchmark-start',
      'benchmark-end',
      'run-end',
    ]);
    expect(progress.events.filter((event) => event.type === 'request-end')).toHaveLength(20);
  });

  it('isolates a throwing progress hook and reports it once', async () => {
    mock = await mocks.start({ ttftMs: 5, itlMs: 2 });
    const recorder = createRecordingProgress();
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'synchronous',
      maxRequests: 5,
      progress: [
        {
          onRequestEnd: () => {
            throw new Error('ui broke');
          },
        },
        recorder,
      ],
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(5);
    const warnings = recorder.events.filter((event) => event.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'PROGRESS_HOOK_FAILED' });
  });

  it('takes the model from /v1/models and echoes args without secrets', async () => {
    mock = await mocks.start({ model: 'org/served-model', ttftMs: 1, itlMs: 1 });
    const report = await runBenchmark({
      target: `${mock.url}/v1/`,
      apiKey: 'sk-hidden-0123456789abcdefghij',
      profile: 'synchronous',
      maxRequests: 2,
      data: 'prompt_tokens=4,output_tokens=2',
    });
    expect(report.args['model']).toBe('org/served-model');
    expect(JSON.stringify(report)).not.toContain('sk-hidden');
  });

  it('rejects with ERR_TARGET_UNREACHABLE when nothing listens', async () => {
    await expect(
      runBenchmark({ target: 'http://127.0.0.1:9', maxRequests: 1 }),
    ).rejects.toMatchObject({
      code: 'ERR_TARGET_UNREACHABLE',
    });
  });

  it('rejects an unbounded run over synthetic data', async () => {
    const error = await runBenchmark({ target: 'http://127.0.0.1:9' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).field).toBe('maxSeconds');
  });
});
