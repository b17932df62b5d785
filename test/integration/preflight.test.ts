import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { createRecordingProgress } from '../../src/testing/index.js';
import { useHttpServers } from '../helpers/http-servers.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { rejection } from '../helpers/rejection.js';

const mocks = useMockServers();
const http = useHttpServers();
const listen = http.listen;

type Handler = Parameters<typeof listen>[0];

/** Streams two words for any model; lists `listed` (or answers 404 to the listing). */
function anyModelServer(listed: string[] | undefined): Handler {
  return (request, response) => {
    request.resume();
    if (request.url?.endsWith('/models')) {
      if (listed === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: listed.map((id) => ({ id })) }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(
      'data: {"choices":[{"index":0,"delta":{"content":"Hello there"}}],"usage":null}\n\ndata: [DONE]\n\n',
    );
  };
}

const BASE = { data: 'prompt_tokens=8,output_tokens=4', profile: 'constant', rate: 50 } as const;

describe('preflight: the model', () => {
  it('a model the mock server does not serve fails in under 5 s, naming the served model', async () => {
    const mock = await mocks.start({ ttftMs: 5, itlMs: 1 });
    const started = performance.now();
    const error = await rejection(
      runBenchmark({ ...BASE, target: mock.url, model: 'gpt-5', maxSeconds: 30 }),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error.code).toBe('ERR_MODEL_NOT_FOUND');
    expect(error.field).toBe('model');
    expect(error.message).toBe(
      `model: "gpt-5" is not served by ${mock.url}; it serves: mock-model (a request for it failed: HTTP 404: The model \`gpt-5\` does not exist.)`,
    );
    // One request tried the model; no benchmark ran.
    expect(mock.stats.requestsByRoute['/v1/chat/completions']).toBe(1);
  });

  it('goes on with a warning when the server answers a model it does not list', async () => {
    const target = await listen(anyModelServer(['served-a', 'served-b']));
    const progress = createRecordingProgress();
    const report = await runBenchmark({
      ...BASE,
      target: target.url,
      model: 'alias-model',
      maxRequests: 3,
      progress: [progress],
    });
    expect(report.status).toBe('completed');
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(3);
    const warning = {
      code: 'MODEL_NOT_LISTED',
      message: `model "alias-model" is not among the models ${target.url} lists (it serves: served-a, served-b), but it answered a request for it`,
    };
    expect(report.warnings).toContainEqual(warning);
    expect(progress.events).toContainEqual({ type: 'warning', ...warning });
  });

  it('goes on with a warning when the server lists no models', async () => {
    const target = await listen(anyModelServer(undefined));
    const report = await runBenchmark({
      ...BASE,
      target: target.url,
      model: 'm',
      maxRequests: 2,
      probe: false,
      // A tokenizer given: the server's own /tokenize is not looked for.
      tokenizer: 'word',
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    expect(report.warnings).toContainEqual({
      code: 'MODEL_NOT_LISTED',
      message: `${target.url} gives no model list (GET /v1/models); the model "m" could not be checked`,
    });
    // Without the probe, the benchmark's two requests were the only generations; before them
    // came the listing, the connection pool's warm-up (which asks for it again) and nothing else.
    const requests = target.requests();
    expect(requests[0]).toBe('GET /v1/models');
    expect(requests.filter((line) => line.endsWith('/completions'))).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/chat/completions',
    ]);
    expect(requests.slice(-2)).toEqual(['POST /v1/chat/completions', 'POST /v1/chat/completions']);
  });
});

describe('preflight: the probe request', () => {
  it('a target that rejects every request fails at once with its status and message', async () => {
    const mock = await mocks.start({
      ttftMs: 5,
      faults: [{ type: 'http_error', status: 503, probability: 1 }],
    });
    const error = await rejection(runBenchmark({ ...BASE, target: mock.url, maxSeconds: 30 }));
    expect(error.code).toBe('ERR_TARGET_REJECTED');
    expect(error.message).toContain(
      `target: ${mock.url} failed the probe request for model "mock-model": HTTP 503`,
    );
    expect(mock.stats.requestsByRoute['/v1/chat/completions']).toBe(1);
  });

  it('a server that answers HTML with 200 fails the probe as an invalid response', async () => {
    const target = await listen((request, response) => {
      request.resume();
      if (request.url?.endsWith('/models')) {
        response.setHeader('content-type', 'application/json');
        response.end('{"data":[{"id":"m"}]}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><html><body>Welcome to nginx!</body></html>');
    });
    const error = await rejection(runBenchmark({ ...BASE, target: target.url, maxRequests: 50 }));
    expect(error.code).toBe('ERR_TARGET_REJECTED');
    // An HTML page carries no completion: nothing a benchmark could measure.
    expect(error.message).toMatch(
      /failed the probe request for model "m": EMPTY_RESPONSE: the response carried no generated content/,
    );
    // Before the probe, the run looked for the server's own tokenizer (an HTML page is none);
    // the probe was the one generation request.
    const requests = target.requests();
    expect(requests[0]).toBe('GET /v1/models');
    expect(requests.filter((line) => !line.includes('tokenize'))).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ]);
    expect(requests.at(-1)).toBe('POST /v1/chat/completions');
  });

  it('is untimed: it is not part of any benchmark', async () => {
    const mock = await mocks.start({ ttftMs: 5, itlMs: 1 });
    const report = await runBenchmark({ ...BASE, target: mock.url, maxRequests: 4 });
    expect(report.benchmarks[0]!.requestCounts.total).toBe(4);
    expect(mock.stats.requestsByRoute['/v1/chat/completions']).toBe(5);
  });
});

describe('a benchmark whose first requests all fail', () => {
  it('stops after 20 failures, names the most frequent one, and the run is failed', async () => {
    const mock = await mocks.start({
      ttftMs: 5,
      faults: [{ type: 'http_error', status: 503, probability: 1 }],
    });
    const started = performance.now();
    const report = await runBenchmark({
      ...BASE,
      target: mock.url,
      rate: [50, 100],
      maxSeconds: 30,
      probe: false,
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(report.status).toBe('failed');
    // A list of rates does not escalate past a failing start.
    expect(report.benchmarks).toHaveLength(1);
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('initial-failures');
    expect(benchmark.stopDetail).toMatch(
      /^the first 20 requests all failed: 20 × HTTP 503: injected fault/,
    );
    expect(benchmark.requestCounts.errored).toBe(20);
    expect(benchmark.errorMessages).toEqual([
      {
        code: 'HTTP_ERROR',
        httpStatus: 503,
        message: expect.stringMatching(/^HTTP 503/),
        count: 20,
      },
    ]);
  });

  it('runs on when the guard is off, and a single success settles it', async () => {
    const mock = await mocks.start({
      ttftMs: 5,
      faults: [{ type: 'http_error', status: 500, probability: 1 }],
    });
    const off = await runBenchmark({
      ...BASE,
      target: mock.url,
      maxRequests: 30,
      probe: false,
      maxInitialFailures: 0,
    });
    expect(off.benchmarks[0]!).toMatchObject({ stopReason: 'max-requests' });
    expect(off.benchmarks[0]!.requestCounts.errored).toBe(30);
    const flaky = await mocks.start({
      ttftMs: 5,
      faults: [{ type: 'http_error', status: 500, probability: 0.7 }],
      seed: 3,
    });
    const report = await runBenchmark({
      ...BASE,
      target: flaky.url,
      maxRequests: 60,
      probe: false,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts.successful).toBeGreaterThan(0);
    expect(benchmark.stopReason).toBe('max-requests');
    expect(report.status).toBe('completed');
  });
});

describe('any rate stops at maxSeconds', () => {
  it('an unreachable rate ends within maxSeconds plus the 1 s grace for cancelled requests', async () => {
    const mock = await mocks.start({ ttftMs: 50, itlMs: 5 });
    const started = performance.now();
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=8,output_tokens=8',
      profile: 'constant',
      rate: 1e12,
      maxSeconds: 1,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-seconds');
    // 1 s, the 1 s grace, and room for a busy machine's late timers.
    expect(benchmark.timings.duration).toBeLessThan(1000 + 1000 + 1000);
    expect(performance.now() - started).toBeLessThan(6000);
    expect(benchmark.client.clientBound).toBe(true);
  }, 30_000);
});
