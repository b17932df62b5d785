import { describe, expect, it } from 'vitest';
import { simulateLoad, type SimulatedLoad } from '../../src/mock-server/load-simulation.js';
import {
  SIMULATOR_DEFAULTS,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from '../../src/mock-server/simulator-options.js';
import { createEngineSimulator } from '../../src/mock-server/simulator.js';
import { createVirtualClock } from '../../src/mock-server/virtual-clock.js';

const options = (simulate: SimulatorOptions) => resolveSimulatorOptions(simulate)!;

/** The seed baseline: Qwen2.5-0.5B-Instruct on one L4 under vLLM, 256 prompt / 128 output. */
const SEED = {
  synchronous: { requestsPerSecond: 1.3, ttftMs: 31, itlMs: 5.7 },
  sustainable: { requestsPerSecond: 12, ttftMs: 70, itlMs: 9 },
  saturation: { requestsPerSecond: 15, ttftMs: 3700, itlMs: 86 },
};

function within30Percent(measured: number, seed: number): void {
  expect(measured).toBeGreaterThan(seed * 0.7);
  expect(measured).toBeLessThan(seed * 1.3);
}

describe('engine simulator defaults, swept in simulated time', () => {
  // The loopback HTTP round trip and the client's own work, measured against the mock.
  const data = { promptTokens: 256, outputTokens: 128, roundTripMs: 2.5 } as const;
  const sweep: [keyof typeof SEED, SimulatedLoad][] = [
    ['synchronous', { ...data, profile: 'synchronous', durationMs: 20_000 }],
    ['sustainable', { ...data, profile: 'constant', ratePerSecond: 12, durationMs: 20_000 }],
    // Full load as GuideLLM's sweep and inferbench's throughput step apply it: 512 streams
    // from an idle server for 20 s.
    ['saturation', { ...data, profile: 'concurrent', streams: 512, durationMs: 20_000 }],
  ];

  it.each(sweep)('matches the seed %s row within ±30%%', (row, load) => {
    const result = simulateLoad({ ...SIMULATOR_DEFAULTS }, load);
    const seed = SEED[row];
    within30Percent(result.requestsPerSecond, seed.requestsPerSecond);
    within30Percent(result.ttftMs.median, seed.ttftMs);
    within30Percent(result.tpotMs.median, seed.itlMs);
  });

  it('interferes: the knee slows decoding, full load fills the batch up to max_num_seqs', () => {
    const sync = simulateLoad(
      { ...SIMULATOR_DEFAULTS },
      { ...data, profile: 'synchronous', durationMs: 5000 },
    );
    const knee = simulateLoad(
      { ...SIMULATOR_DEFAULTS },
      { ...data, profile: 'constant', ratePerSecond: 12, durationMs: 10_000 },
    );
    expect(knee.tpotMs.median).toBeGreaterThan(sync.tpotMs.median * 1.4);
    expect(knee.ttftMs.median).toBeGreaterThan(sync.ttftMs.median * 1.8);
    const full = simulateLoad(
      { ...SIMULATOR_DEFAULTS },
      { ...data, profile: 'concurrent', streams: 512, durationMs: 10_000 },
    );
    // max_num_seqs holds the batch at 256 (less the slots freed since the last step); the
    // other streams wait.
    expect(full.engine.running).toBeLessThanOrEqual(256);
    expect(full.engine.running).toBeGreaterThan(240);
    expect(full.engine.waiting).toBeGreaterThan(240);
    expect(full.engine.preemptions).toBe(0);
  });
});

describe('engine simulator: closed-form capacity of simple settings', () => {
  it('holds a slot for ⌈P/D⌉ + outputTokens − 1 steps with the prefill beside the steps', () => {
    // P = 20 ms, D = 10 ms, 10 tokens: a slot is held 110 ms, 4 slots serve 36.36 req/s.
    const result = simulateLoad(
      options({ maxBatch: 4, prefillMsBase: 20, decodeStepMs: 10, decodeStepMsPerSequence: 0 }),
      {
        profile: 'concurrent',
        streams: 12,
        durationMs: 60_000,
        promptTokens: 16,
        outputTokens: 10,
      },
    );
    expect(result.requestsPerSecond).toBeCloseTo(4 / 0.11, 1);
    expect(result.tpotMs.median).toBe(10);
  });

  it('holds a slot for outputTokens steps with the prefill in a constant step', () => {
    const result = simulateLoad(
      options({
        maxNumSeqs: 4,
        decodeStepMs: 10,
        decodeStepMsPerSequence: 0,
        stepMsPerPrefillToken: 0,
        firstTokenMsPerRunningRequest: 0,
      }),
      {
        profile: 'concurrent',
        streams: 12,
        durationMs: 60_000,
        promptTokens: 16,
        outputTokens: 10,
      },
    );
    expect(result.requestsPerSecond).toBeCloseTo(4 / 0.1, 1);
  });
});

describe('engine simulator: vLLM scheduling', () => {
  const plain = {
    decodeStepMs: 5,
    decodeStepMsPerSequence: 0,
    stepMsPerPrefillToken: 0.01,
    firstTokenMsPerRunningRequest: 0,
  };

  /** Submits requests at 0 on a virtual clock and returns each one's token instants. */
  function run(
    simulate: SimulatorOptions,
    requests: { promptTokens: number; outputTokens: number; promptTokenIds?: number[] }[],
    untilMs = 60_000,
  ) {
    const clock = createVirtualClock();
    const engine = createEngineSimulator(options(simulate), clock, () => clock.now());
    const tokens = requests.map(() => [] as number[]);
    requests.forEach((request, index) => {
      engine.submit({
        ...request,
        observer: {
          scheduled() {},
          token: (atMs) => tokens[index]!.push(atMs),
          finished() {},
          aborted() {},
        },
      });
    });
    clock.runUntil(untilMs);
    return { tokens, stats: engine.stats() };
  }

  it('chunks a prefill over the token budget and stalls the decodes beside it', () => {
    const { tokens, stats } = run({ ...plain, maxNumBatchedTokens: 512 }, [
      { promptTokens: 8, outputTokens: 40 },
      { promptTokens: 2000, outputTokens: 2 },
    ]);
    // The idle engine starts a step with the short prompt alone (5.08 ms). Then each step
    // decodes the short request first and fills the rest of the 512-token budget with a chunk
    // of the long prompt: 511, 511, 511, then the last 467 tokens.
    const chunkStep = 5 + 0.01 * 511;
    expect(tokens[1]![0]!).toBeCloseTo(5.08 + 3 * chunkStep + 5 + 0.01 * 467, 6);
    // Meanwhile the short request gets a token per step, each step slowed by the chunk in it.
    const gaps = tokens[0]!.slice(1, 5).map((at, i) => at - tokens[0]![i]!);
    expect(gaps).toEqual([
      expect.closeTo(chunkStep, 6),
      expect.closeTo(chunkStep, 6),
      expect.closeTo(chunkStep, 6),
      expect.closeTo(5 + 0.01 * 467, 6),
    ]);
    // Without a prefill beside it, a decode step is back to 5 ms.
    expect(tokens[0]![6]! - tokens[0]![5]!).toBeCloseTo(5, 6);
    expect(stats.tokens).toBe(42);
  });

  it('preempts the newest request when KV blocks run out, recomputes it, and finishes all', () => {
    // 40 blocks of 16 tokens; each request grows to 64 + 96 = 160 tokens = 10 blocks.
    const requests = Array.from({ length: 6 }, () => ({ promptTokens: 64, outputTokens: 96 }));
    const { tokens, stats } = run({ ...plain, numGpuBlocks: 40, blockSize: 16 }, requests);
    expect(stats.preemptions).toBeGreaterThan(0);
    expect(tokens.map((list) => list.length)).toEqual(Array(6).fill(96));
    expect(stats).toMatchObject({ running: 0, waiting: 0, kvCacheUsage: 0 });
    // A preempted request's stream pauses while it waits and recomputes.
    const longestGap = Math.max(
      ...tokens.flatMap((list) => list.slice(1).map((at, i) => at - list[i]!)),
    );
    expect(longestGap).toBeGreaterThan(5 * 10);
  });

  it('reuses the KV blocks of a shared prompt prefix and forgets the least recently used', () => {
    const prefix = Array.from({ length: 512 }, (_, i) => 1000 + i);
    const withPrefix = (suffix: number) => [...prefix, ...Array.from({ length: 20 }, () => suffix)];
    const cached = run({ ...plain, stepMsPerPrefillToken: 0.1 }, [
      { promptTokens: 532, outputTokens: 4, promptTokenIds: withPrefix(1) },
    ]);
    expect(cached.stats.prefixCacheHits).toBe(0);
    const clock = createVirtualClock();
    const engine = createEngineSimulator(
      options({ ...plain, stepMsPerPrefillToken: 0.1, numGpuBlocks: 64 }),
      clock,
      () => clock.now(),
    );
    const firstTokenAt: number[] = [];
    const submit = (ids: number[]) => {
      const startedAt = clock.now();
      engine.submit({
        promptTokens: ids.length,
        outputTokens: 2,
        promptTokenIds: ids,
        observer: {
          scheduled() {},
          token(atMs) {
            if (firstTokenAt.length === 0 || firstTokenAt.at(-1)! < startedAt) {
              firstTokenAt.push(atMs - startedAt);
            }
          },
          finished() {},
          aborted() {},
        },
      });
      clock.runUntil(clock.now() + 1000);
    };
    submit(withPrefix(1));
    submit(withPrefix(2));
    // 32 of the prefix's 33 blocks were found: 512 of 532 tokens.
    expect(engine.stats()).toMatchObject({ prefixCacheQueries: 1064, prefixCacheHits: 512 });
    expect(firstTokenAt[1]!).toBeLessThan(firstTokenAt[0]! / 5);
    // Two other 1000-token prompts need all 64 blocks: the free cached prefix is evicted.
    submit(Array.from({ length: 1000 }, (_, i) => 5000 + i));
    submit(Array.from({ length: 1000 }, (_, i) => 9000 + i));
    submit(withPrefix(3));
    expect(engine.stats().prefixCacheHits).toBe(512);
  });
});
