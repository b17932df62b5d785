import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import {
  parsePrometheusText,
  type PrometheusMetricFamily,
} from '../../src/server-metrics/prometheus-text.js';
import { readScrape } from '../../src/server-metrics/read-scrape.js';
import { summarizeWindow } from '../../src/server-metrics/summarize.js';
import { contentFrames, postStream, waitFor } from './mock-server-client.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';

async function scrape(url: string): Promise<{ contentType: string; text: string }> {
  const response = await request(`${url}/metrics`);
  return {
    contentType: String(response.headers['content-type']),
    text: await response.body.text(),
  };
}

async function families(url: string): Promise<Map<string, PrometheusMetricFamily>> {
  const { text } = await scrape(url);
  const parsed = parsePrometheusText(text);
  expect(parsed.invalidLines).toBe(0);
  return new Map(parsed.families.map((family) => [family.name, family]));
}

/** The value of the one sample named `name` (with `labels` among its labels). */
function value(
  all: Map<string, PrometheusMetricFamily>,
  family: string,
  name = family,
  labels: Record<string, string> = {},
): number | undefined {
  return all
    .get(family)
    ?.samples.find(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, expected]) => sample.labels[key] === expected),
    )?.value;
}

const chat = (content: string, extra: Record<string, unknown> = {}) => ({
  model: MODEL,
  messages: [{ role: 'user', content }],
  stream: true,
  ...extra,
});

describe("the mock's /metrics", () => {
  it("serves vLLM's metric names, types, labels and help texts, counting what it served", async () => {
    server = await createMockServer({ model: MODEL, simulate: true });
    const url = `${server.url}/v1/chat/completions`;
    const eight = 'one two three four five six seven eight';
    for (let i = 0; i < 3; i++) {
      await postStream(url, chat(eight, { max_tokens: 5, ignore_eos: true }));
    }
    // A request that stops by itself before max_tokens, and one whose client goes away.
    await postStream(url, chat(eight, { max_tokens: 1000 }));
    const controller = new AbortController();
    await postStream(url, chat(eight, { max_tokens: 1000, ignore_eos: true }), {
      signal: controller.signal,
      onFrame: () => controller.abort(),
    }).catch(() => undefined);
    expect(await waitFor(() => server!.stats.inFlight === 0)).toBe(true);

    const { contentType } = await scrape(server.url);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const all = await families(server.url);
    const expected: [string, string, string][] = [
      ['vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.'],
      ['vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.'],
      ['vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.'],
      [
        'vllm:prefix_cache_queries_total',
        'counter',
        'Prefix cache queries, in terms of number of queried tokens.',
      ],
      [
        'vllm:prefix_cache_hits_total',
        'counter',
        'Prefix cache hits, in terms of number of cached tokens.',
      ],
      ['vllm:num_preemptions_total', 'counter', 'Cumulative number of preemption from the engine.'],
      ['vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.'],
      ['vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.'],
      ['vllm:request_success_total', 'counter', 'Count of successfully processed requests.'],
      [
        'vllm:time_to_first_token_seconds',
        'histogram',
        'Histogram of time to first token in seconds.',
      ],
      [
        'vllm:inter_token_latency_seconds',
        'histogram',
        'Histogram of inter-token latency in seconds.',
      ],
      [
        'vllm:time_per_output_token_seconds',
        'histogram',
        'Histogram of time per output token in seconds.DEPRECATED: Use vllm:inter_token_latency_seconds instead.',
      ],
      [
        'vllm:e2e_request_latency_seconds',
        'histogram',
        'Histogram of e2e request latency in seconds.',
      ],
      [
        'vllm:request_queue_time_seconds',
        'histogram',
        'Histogram of time spent in WAITING phase for request.',
      ],
      [
        'vllm:iteration_tokens_total',
        'histogram',
        'Histogram of number of tokens per engine_step.',
      ],
      ['vllm:cache_config_info', 'gauge', 'Information of the LLMEngine CacheConfig'],
    ];
    for (const [name, type, help] of expected) {
      expect(all.get(name), name).toMatchObject({ type, help });
    }
    for (const family of all.values()) {
      if (family.name === 'vllm:cache_config_info') continue;
      for (const sample of family.samples) {
        expect(sample.labels).toMatchObject({ model_name: MODEL, engine: '0' });
      }
    }
    expect(value(all, 'vllm:cache_config_info', undefined, { block_size: '16' })).toBe(1);

    const success = (reason: string) =>
      value(all, 'vllm:request_success_total', undefined, { finished_reason: reason });
    expect([success('length'), success('stop'), success('abort')]).toEqual([3, 1, 1]);
    // Five prompts of eight words under the word tokenizer; 3 × 5 tokens, then a default-length
    // answer of 128, then at least the one token the aborted stream got.
    expect(value(all, 'vllm:prompt_tokens_total')).toBe(40);
    expect(value(all, 'vllm:generation_tokens_total')).toBeGreaterThanOrEqual(3 * 5 + 128 + 1);
    const ttftCount = value(
      all,
      'vllm:time_to_first_token_seconds',
      'vllm:time_to_first_token_seconds_count',
    );
    expect(ttftCount).toBe(5);
    const finishedCount = value(
      all,
      'vllm:e2e_request_latency_seconds',
      'vllm:e2e_request_latency_seconds_count',
    );
    expect(finishedCount).toBe(4);
    const itlCount = value(
      all,
      'vllm:inter_token_latency_seconds',
      'vllm:inter_token_latency_seconds_count',
    );
    expect(itlCount).toBeGreaterThanOrEqual(3 * 4 + 127);
    expect(
      value(all, 'vllm:time_per_output_token_seconds', 'vllm:time_per_output_token_seconds_count'),
    ).toBe(itlCount);
    // Everything finished or was aborted: nothing runs, and every KV block is free again.
    expect(value(all, 'vllm:num_requests_running')).toBe(0);
    expect(value(all, 'vllm:kv_cache_usage_perc')).toBe(0);
  });

  it('shows prefix-cache hits and a shorter TTFT for requests that share a long system prompt', async () => {
    const system = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const ask = (i: number) => ({
      model: MODEL,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: `question ${i}: ${'why '.repeat(18)}` },
      ],
      max_tokens: 2,
      ignore_eos: true,
      stream: true,
    });
    async function ttfts(): Promise<number[]> {
      const times: number[] = [];
      for (let i = 0; i < 4; i++) {
        const result = await postStream(`${server!.url}/v1/chat/completions`, ask(i));
        times.push(contentFrames(result.frames)[0]!.atMs - result.startMs);
      }
      return times;
    }
    const scrapeAt = async (atMs: number) =>
      readScrape(parsePrometheusText((await scrape(server!.url)).text), atMs);

    server = await createMockServer({ model: MODEL, simulate: { enablePrefixCaching: false } });
    const uncached = await ttfts();
    await server.close();
    server = await createMockServer({ model: MODEL, simulate: true });
    const before = await scrapeAt(0);
    const cached = await ttfts();
    const after = await scrapeAt(1000);
    // 620 prompt tokens; the first 37 full blocks (592 tokens) are the shared system prompt.
    expect(after.values).toMatchObject({ prefixCacheQueries: 4 * 620, prefixCacheHits: 3 * 592 });
    const { summary } = summarizeWindow([before, after], 0, 1000);
    expect(summary.prefixCacheHitRate).toBeCloseTo((3 * 592) / (4 * 620), 10);
    // A cold prefill of 620 tokens takes ≈ 55 ms; with 592 of them cached, ≈ 8 ms.
    const warm = cached.slice(1);
    expect(Math.max(...warm)).toBeLessThan(cached[0]! * 0.6);
    expect(Math.max(...warm)).toBeLessThan(Math.min(...uncached.slice(1)) * 0.6);
  });

  it('counts the streams of a mock without the simulator as running', async () => {
    server = await createMockServer({ model: MODEL, itlMs: 40, ttftMs: 5 });
    const url = `${server.url}/v1/chat/completions`;
    const streams = [1, 2].map(() =>
      postStream(url, chat('hello there', { max_tokens: 20, ignore_eos: true })),
    );
    expect(await waitFor(() => server!.stats.streamedTokens >= 4)).toBe(true);
    const during = await families(server.url);
    expect(value(during, 'vllm:num_requests_running')).toBe(2);
    expect(value(during, 'vllm:num_requests_waiting')).toBe(0);
    expect(during.has('vllm:cache_config_info')).toBe(false);
    await Promise.all(streams);
    const after = await families(server.url);
    expect(value(after, 'vllm:num_requests_running')).toBe(0);
    expect(
      value(after, 'vllm:inter_token_latency_seconds', 'vllm:inter_token_latency_seconds_sum')! /
        value(after, 'vllm:inter_token_latency_seconds', 'vllm:inter_token_latency_seconds_count')!,
    ).toBeCloseTo(0.04, 6);
  });
});
