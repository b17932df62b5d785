import { describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { parseSimulatorFlags } from '../../src/cli/mock-server-flags.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { sendJson } from './mock-server-client.js';

let server: MockServer | undefined;
let spawned: SpawnedMockServer | undefined;

const mocks = useMockServers();

describe('engine simulator', () => {
  it('serves at its closed-form capacity once every slot is busy, and queues the rest', async () => {
    // Prefill 20 ms (two 10 ms steps), then 9 more tokens at one per step: a slot is held for
    // 20 + 9 × 10 = 110 ms, so 4 slots serve 4 / 0.110 = 36.4 requests per second.
    const simulate = {
      maxBatch: 4,
      prefillMsBase: 20,
      prefillMsPerToken: 0,
      decodeStepMs: 10,
      decodeStepMsPerSequence: 0,
    };
    server = await mocks.start({ simulate });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=16,output_tokens=10',
      profile: 'concurrent',
      rate: 12,
      maxSeconds: 3,
    });
    const benchmark = report.benchmarks[0]!;
    const capacity = 4 / 0.11;
    const rps = benchmark.metrics.requestsPerSecond.successful.mean;
    expect(rps).toBeGreaterThan(capacity * 0.88);
    expect(rps).toBeLessThan(capacity * 1.08);
    // Twelve streams, four slots: the other eight wait in the queue, which shows in the TTFT
    // (two slot turns of 110 ms on top of the prefill) but not in the ITL (one step).
    const stats = server.simulator!;
    expect(stats.maxWaiting).toBeGreaterThanOrEqual(7);
    expect(benchmark.metrics.ttftMs.successful.percentiles.p50).toBeGreaterThan(150);
    expect(benchmark.metrics.itlMs.successful.percentiles.p50).toBeGreaterThan(9);
    expect(benchmark.metrics.itlMs.successful.percentiles.p50).toBeLessThan(11.5);
    expect(stats.steps).toBeGreaterThan(200);
  });

  it('lengthens the decode step with every running sequence', async () => {
    server = await mocks.start({
      simulate: { maxBatch: 8, decodeStepMs: 5, decodeStepMsPerSequence: 2, prefillMsBase: 5 },
    });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=16,output_tokens=20',
      profile: 'concurrent',
      rate: [1, 6],
      maxSeconds: 1.5,
    });
    const [single, six] = report.benchmarks.map(
      (benchmark) => benchmark.metrics.itlMs.successful.percentiles.p50,
    );
    // One sequence: 5 ms steps; six: 5 + 2 × 5 = 15 ms (a sequence joining mid-step may see
    // a step of five).
    expect(single).toBeGreaterThan(4.5);
    expect(single).toBeLessThan(6.5);
    expect(six).toBeGreaterThan(12);
    expect(six).toBeLessThan(16.5);
  });

  it('refuses a request longer than the whole KV cache holds, as vLLM does', async () => {
    // 4 blocks of 16 tokens: 64 tokens at most.
    server = await mocks.start({ simulate: { numGpuBlocks: 4 } });
    const body = (maxTokens: number) => ({
      messages: [{ role: 'user', content: 'one two three four' }],
      max_tokens: maxTokens,
      ignore_eos: true,
    });
    const refused = await sendJson(`${server.url}/v1/chat/completions`, 'POST', body(61));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: {
        code: 'context_length_exceeded',
        message: expect.stringMatching(/maximum context length is 64 tokens.*requested 65 tokens/),
      },
    });
    const served = await sendJson(`${server.url}/v1/chat/completions`, 'POST', body(60));
    expect(served.status).toBe(200);
    expect(server.simulator!.tokens).toBe(60);
  });

  it('rejects invalid simulator options naming the field', async () => {
    await expect(createMockServer({ simulate: { maxBatch: 0 } })).rejects.toThrow(
      /simulate\.maxBatch: expected a number >= 1, received 0/,
    );
    await expect(
      createMockServer({ simulate: { decodeStepMS: 3 } as unknown as { decodeStepMs: number } }),
    ).rejects.toThrow(/^simulate: unknown option\(s\) "decodeStepMS"$/);
    await expect(createMockServer({ simulate: { maxBatch: 4, maxNumSeqs: 8 } })).rejects.toThrow(
      /simulate\.maxBatch: expected the same value as simulate\.maxNumSeqs \(8\), or only one of the two, received 4/,
    );
    await expect(
      createMockServer({ simulate: { enablePrefixCaching: 'yes' as unknown as boolean } }),
    ).rejects.toThrow(/simulate\.enablePrefixCaching: expected a boolean, received "yes"/);
    await expect(createMockServer({ simulate: { numGpuBlocks: 0.5 } })).rejects.toThrow(
      /simulate\.numGpuBlocks: expected an integer, received 0\.5/,
    );
  });
});

describe('parseSimulatorFlags', () => {
  it('turns --simulate and the simulator flags into the simulate option', () => {
    expect(parseSimulatorFlags({})).toBeUndefined();
    expect(parseSimulatorFlags({ simulate: true })).toBe(true);
    expect(
      parseSimulatorFlags({
        'max-batch': '8',
        prefillMsPerToken: '0.2',
        'decode-step-ms': '4',
        'decode-step-ms-per-seq': '0.5',
        'prefill-ms-base': '1',
      }),
    ).toEqual({
      maxBatch: 8,
      prefillMsPerToken: 0.2,
      decodeStepMs: 4,
      decodeStepMsPerSequence: 0.5,
      prefillMsBase: 1,
    });
    expect(() => parseSimulatorFlags({ 'max-batch': '2.5' })).toThrow(
      /max-batch: expected an integer, received 2\.5/,
    );
  });

  it("reads vLLM's engine flags, and --no-enable-prefix-caching as commander gives it", () => {
    expect(
      parseSimulatorFlags({
        'max-num-seqs': '64',
        maxNumBatchedTokens: '512',
        'block-size': '32',
        'num-gpu-blocks': '1000',
        enablePrefixCaching: false,
        'step-ms-per-prefill-token': '0.05',
        'first-token-ms-per-running-request': '1',
      }),
    ).toEqual({
      maxNumSeqs: 64,
      maxNumBatchedTokens: 512,
      blockSize: 32,
      numGpuBlocks: 1000,
      enablePrefixCaching: false,
      stepMsPerPrefillToken: 0.05,
      firstTokenMsPerRunningRequest: 1,
    });
    expect(parseSimulatorFlags({ 'enable-prefix-caching': true })).toEqual({
      enablePrefixCaching: true,
    });
    expect(() => parseSimulatorFlags({ 'max-num-batched-tokens': '0' })).toThrow(
      /max-num-batched-tokens: expected a number >= 1, received 0/,
    );
  });
});

describe('engine simulator defaults (Qwen2.5-0.5B-Instruct on one L4, 256/128 tokens)', () => {
  it('matches the synchronous baseline and, offered twice its saturation, grows like vLLM', async () => {
    spawned = await mocks.spawn(['--simulate']);
    const data = 'prompt_tokens=256,output_tokens=128';
    // The first requests of a fresh process pay for compiling its code paths. Other prompts
    // (another seed), so that the prefix cache does not shorten the measured ones.
    await runBenchmark({
      target: spawned.url,
      data,
      profile: 'synchronous',
      maxRequests: 2,
      randomSeed: 7,
    });
    const sync = (
      await runBenchmark({ target: spawned.url, data, profile: 'synchronous', maxSeconds: 3 })
    ).benchmarks[0]!;
    const latencyMs = sync.metrics.requestLatencyMs.successful.mean!;
    // ≈ 1.3 requests per second, TTFT ≈ 31 ms, ITL ≈ 5.7 ms.
    expect(1000 / latencyMs).toBeGreaterThan(1.3 * 0.8);
    expect(1000 / latencyMs).toBeLessThan(1.3 * 1.2);
    expect(sync.metrics.ttftMs.successful.percentiles.p50).toBeGreaterThan(25);
    expect(sync.metrics.ttftMs.successful.percentiles.p50).toBeLessThan(42);
    expect(sync.metrics.itlMs.successful.percentiles.p50).toBeGreaterThan(5.2);
    expect(sync.metrics.itlMs.successful.percentiles.p50).toBeLessThan(6.4);

    // Twice the saturation rate: like vLLM with max_num_seqs 256, the engine admits every
    // request into an ever larger batch, so the steps (ITL) and the first tokens (TTFT) grow
    // through the benchmark (≈ 34 ms ITL and TTFT up to ≈ 350 ms after 4 s in simulated time).
    const over = (
      await runBenchmark({
        target: spawned.url,
        data,
        profile: 'constant',
        rate: 30,
        maxSeconds: 4,
        retainRequests: true,
      })
    ).benchmarks[0]!;
    const syncTtft = sync.metrics.ttftMs.successful.percentiles.p50!;
    expect(over.metrics.ttftMs.total.percentiles.p90).toBeGreaterThan(5 * syncTtft);
    expect(over.metrics.ttftMs.total.max).toBeGreaterThan(250);
    const ttfts = over
      .requests!.filter((request) => typeof request.firstTokenAt === 'number')
      .map((request) => request.firstTokenAt! - request.dispatchedAt!);
    expect(Math.min(...ttfts.slice(-10))).toBeGreaterThan(3 * Math.max(...ttfts.slice(0, 3)));
    expect(over.metrics.itlMs.successful.percentiles.p50).toBeGreaterThan(
      3 * sync.metrics.itlMs.successful.percentiles.p50!,
    );
  }, 40_000);
});
