import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { createRecordingProgress } from '../../src/testing/index.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import type { FakeHub } from '../helpers/fake-hub.js';
import { useHttpServers } from '../helpers/http-servers.js';
import {
  LLAMA3_DIR,
  LLAMA_MAIN,
  LLAMA_TOKEN,
  QWEN3_DIR,
  startTokenizerHub,
} from '../helpers/tokenizer-hub.js';

const MODEL = 'meta-llama/Llama-3.2-1B';
const REQUESTS = 8;

let hub: FakeHub;
let llama: Tokenizer;
let qwen: Tokenizer;
let mock: MockServer | undefined;
let cacheDir: string;
const servers = useHttpServers();

beforeAll(async () => {
  hub = await startTokenizerHub();
  [llama, qwen] = await Promise.all([loadHfTokenizer(LLAMA3_DIR), loadHfTokenizer(QWEN3_DIR)]);
  cacheDir = await mkdtemp(join(tmpdir(), 'run-tokenizer-cache-'));
});
afterAll(() => hub.close());
beforeEach(() => {
  vi.stubEnv('HF_ENDPOINT', hub.url);
  vi.stubEnv('HF_HUB_CACHE', cacheDir);
  vi.stubEnv('HF_HOME', join(cacheDir, 'home'));
  vi.stubEnv('HF_TOKEN', LLAMA_TOKEN);
  vi.stubEnv('HF_HUB_OFFLINE', '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await mock?.close();
  mock = undefined;
});

/** A vLLM-like server for the gated Llama 3 model, counting prompts with its real tokenizer. */
async function startLlamaServer(maxModelLen?: number): Promise<MockServer> {
  mock = await createMockServer({
    tokenizer: llama,
    model: MODEL,
    ttftMs: 1,
    itlMs: 1,
    ...(maxModelLen === undefined ? {} : { maxModelLen }),
  });
  return mock;
}

function run(target: string, extra: Record<string, unknown> = {}): Promise<BenchmarkReport> {
  return runBenchmark({
    target,
    data: 'prompt_tokens=256,output_tokens=8',
    requestFormat: 'completions',
    profile: 'synchronous',
    maxRequests: REQUESTS,
    retainRequests: true,
    ...extra,
  });
}

function expectExact(report: BenchmarkReport, server: MockServer): void {
  const benchmark = report.benchmarks[0]!;
  const exactness = benchmark.promptExactness!;
  expect(exactness.checked).toBe(REQUESTS);
  const difference = benchmark.tokenCounts.promptTokenDifference!;
  expect(difference.count).toBe(REQUESTS);
  expect(difference.min).toBe(0);
  expect(difference.max).toBe(0);
  expect(exactness.beyondThreshold).toBe(0);
  // 256 tokens each, as the server itself counted them in its usage.
  const requests = benchmark.requests!;
  expect(requests).toHaveLength(REQUESTS);
  for (const request of requests) {
    expect(request).toMatchObject({
      intendedPromptTokens: 256,
      promptTokens: 256,
      promptTokensSource: 'server',
      promptTokenDifference: 0,
    });
  }
  // The server saw those and the untimed probe's few tokens, nothing else.
  expect(server.stats.promptTokens - 256 * REQUESTS).toBeGreaterThanOrEqual(0);
  expect(server.stats.promptTokens - 256 * REQUESTS).toBeLessThan(8);
}

describe('exact prompts for a real model, end to end', () => {
  it("uses the target model's tokenizer from the Hub, then the cache offline", async () => {
    const server = await startLlamaServer();
    const progress = createRecordingProgress();
    const first = await run(server.url, { progress: [progress] });
    expect(first.tokenizer).toEqual({
      id: MODEL,
      source: 'hub',
      revision: LLAMA_MAIN,
      maxModelLen: 32768,
    });
    expectExact(first, server);
    expect(progress.events.filter((event) => event.type === 'warning')).toEqual([]);
    // The 9 MB tokenizer.json came as download progress, ending done.
    const downloads = progress.events.filter(
      (event) => event.type === 'download-progress' && event.path === 'tokenizer.json',
    );
    expect(downloads.at(-1)).toMatchObject({ repo: MODEL, done: true, totalBytes: 9_084_490 });

    vi.stubEnv('HF_HUB_OFFLINE', '1');
    const before = hub.requests.length;
    server.resetStats();
    const second = await run(server.url);
    expect(second.tokenizer).toMatchObject({ id: MODEL, source: 'cache', revision: LLAMA_MAIN });
    expectExact(second, server);
    expect(hub.requests.length).toBe(before);
  });

  it("stays exact with no Hub and no file, through the server's own /tokenize", async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    const server = await startLlamaServer();
    const progress = createRecordingProgress();
    const report = await run(server.url, { progress: [progress] });
    expect(report.tokenizer).toMatchObject({ id: MODEL, source: 'server', dialect: 'vllm' });
    expectExact(report, server);
    expect(progress.events.filter((event) => event.type === 'warning')).toEqual([]);
  });

  it('fails with the gated message before sending the target anything', async () => {
    vi.stubEnv('HF_TOKEN', '');
    // An empty cache: with the files cached, a refusing Hub would be answered from the cache.
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    const server = await startLlamaServer();
    const error = await run(server.url, { tokenizer: MODEL }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_TOKENIZER', field: 'tokenizer' });
    expect((error as Error).message).toContain(`gated: set HF_TOKEN with access to ${MODEL}`);
    expect(server.stats.requests).toBe(0);
  });

  it("refuses prompts that cannot fit the server's max_model_len, before any generation", async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    const server = await startLlamaServer(200);
    const error = await run(server.url).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'data' });
    expect((error as Error).message).toContain(
      '256 prompt + 8 output = 264 tokens, more than the model',
    );
    // Not even the untimed probe: it comes once the data is known to fit.
    expect(server.stats.requestsByRoute['/v1/completions']).toBeUndefined();
  });

  it('counts a shared prefix in front of every prompt when checking the context', async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    const server = await startLlamaServer(300);
    const error = await run(server.url, {
      data: 'prompt_tokens=256,prefix_tokens=64,output_tokens=8',
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'data' });
    expect((error as Error).message).toContain(
      '320 prompt + 8 output = 328 tokens, more than the model',
    );
    // Not even the untimed probe: it comes once the data is known to fit.
    expect(server.stats.requestsByRoute['/v1/completions']).toBeUndefined();
  });

  it('warns and records how far off prompts are when the tokenizer is not the server one', async () => {
    mock = await createMockServer({
      tokenizer: qwen,
      model: 'Qwen/Qwen3-0.6B',
      ttftMs: 1,
      itlMs: 1,
    });
    const progress = createRecordingProgress();
    const report = await run(mock.url, { tokenizer: 'word', progress: [progress] });
    expect(report.tokenizer).toMatchObject({ id: 'word', source: 'word' });
    const exactness = report.benchmarks[0]!.promptExactness!;
    expect(exactness.beyondThreshold).toBe(REQUESTS);
    expect(report.benchmarks[0]!.tokenCounts.promptTokenDifference!.min).toBeGreaterThan(1);
    const warnings = progress.events.filter((event) => event.type === 'warning');
    expect(warnings.map((warning) => warning.code)).toContain('PROMPT_TOKENS_INEXACT');
  });

  it('measures chat template overhead through the server and stays exact for chat', async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    const server = await startLlamaServer();
    const report = await run(server.url, { requestFormat: 'chat' });
    // The mock applies no template: the server's count of the messages is the text's.
    expect(report.tokenizer).toMatchObject({ source: 'server', templateOverheadTokens: 0 });
    expect(report.benchmarks[0]!.promptExactness).toMatchObject({
      overheadSource: 'measured',
      expectedOverheadTokens: 0,
      beyondThreshold: 0,
    });
  });

  it('keeps the resolved tokenizer in the partial report of a run aborted during setup', async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    vi.stubEnv('HF_HUB_CACHE', await mkdtemp(join(tmpdir(), 'empty-cache-')));
    // Lists a model no cache holds and has no tokenize API: resolution ends at the word tokenizer.
    const server = await servers.listen((request, response) => {
      request.resume();
      if (request.url === '/v1/models') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ object: 'list', data: [{ id: 'acme/private-model' }] }));
        return;
      }
      response.statusCode = 404;
      response.end();
    });
    const controller = new AbortController();
    const recording = createRecordingProgress();
    const report = await run(server.url, {
      probe: false,
      signal: controller.signal,
      // Its warning is the last word of tokenizer resolution; the abort lands in data setup.
      progress: [recording, { onWarning: () => controller.abort() }],
    });
    expect(report).toMatchObject({ status: 'aborted', stopReason: 'aborted', benchmarks: [] });
    expect(report.tokenizer).toEqual({ id: 'word', source: 'word' });
    expect(report.warnings?.map((warning) => warning.code)).toEqual(['TOKENIZER_APPROXIMATE']);
    expect(recording.events.map((event) => event.type)).toEqual(['warning', 'run-end']);
    expect(server.requests().filter((line) => line.includes('/completions'))).toEqual([]);
  });
});
