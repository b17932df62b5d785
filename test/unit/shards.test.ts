import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { shardFromFlags, startAtFromFlag } from '../../src/cli/shard-flags.js';
import { InferbenchError } from '../../src/index.js';
import { shardDataSource } from '../../src/shards/shard-data.js';
import { shardShareOf, wholeShare } from '../../src/shards/shard-share.js';
import { parseShardText } from '../../src/shards/shard-spec.js';
import { waitForStart } from '../../src/shards/wait-for-start.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import { resolveProfile } from '../../src/args/resolve-profile.js';
import { mergeStrategies } from '../../src/merge/merge-strategy.js';
import { StrategySpecSchema } from '../../src/report/benchmark-schema.js';
import { createConstantStrategy } from '../../src/strategies/constant.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InferbenchError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe("a shard's share of the load", () => {
  it('splits whole numbers so that the shares add up, the first shards taking the rest', () => {
    for (const total of [3, 10, 11, 100, 181]) {
      for (const count of [1, 2, 3, 4, 7]) {
        if (total < count) continue;
        const shares = Array.from({ length: count }, (_, index) =>
          wholeShare(total, { index, count }),
        );
        expect(shares.reduce((t, s) => t + s, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
    expect([0, 1, 2].map((index) => wholeShare(10, { index, count: 3 }))).toEqual([4, 3, 3]);
  });

  it('divides the rate, the streams, the request limit and the cap; Poisson seeds differ', () => {
    const base = { profile: 'constant', rate: [30, 60], maxRequests: 100, randomSeed: 42 };
    expect(shardShareOf(base, { index: 2, count: 3 })).toEqual({
      ...base,
      rate: [10, 20],
      maxRequests: 33,
    });
    const streams = { profile: 'concurrent', rate: 10, maxConcurrency: 8, randomSeed: 1 };
    expect(shardShareOf(streams, { index: 0, count: 3 })).toMatchObject({
      rate: 4,
      maxConcurrency: 3,
    });
    const poisson = { profile: 'poisson', rate: 9, randomSeed: 'x' };
    const seeds = [0, 1, 2].map((index) => shardShareOf(poisson, { index, count: 3 }).randomSeed);
    expect(new Set(seeds).size).toBe(3);
    expect(shardShareOf(poisson, { index: 0, count: 1 })).toBe(poisson);
  });
});

describe('shard args', () => {
  const args = {
    target: 'http://127.0.0.1:1',
    profile: 'constant',
    rate: 30,
    maxSeconds: 5,
  } as const;

  it('accepts a shard and a start time, and rejects what cannot be sharded', () => {
    expect(parseArgs({ ...args, shard: { index: 1, count: 3 }, startAt: 1 }).shard).toEqual({
      index: 1,
      count: 3,
    });
    expect(codeOf(() => parseArgs({ ...args, shard: { index: 3, count: 3 } }))).toMatch(
      /ERR_INVALID_ARGS: .*shard\.index.*index < count/,
    );
    expect(
      codeOf(() =>
        parseArgs({ ...args, profile: 'sweep', rate: 5, shard: { index: 0, count: 2 } }),
      ),
    ).toMatch(/shard: expected a profile of fixed load.*received profile "sweep"/);
    expect(
      codeOf(() =>
        parseArgs({ ...args, profile: 'concurrent', rate: 2, shard: { index: 0, count: 3 } }),
      ),
    ).toMatch(/rate: expected at least one stream per shard \(rate >= 3\).*received 2/);
    expect(
      codeOf(() => parseArgs({ ...args, maxRequests: 2, shard: { index: 0, count: 3 } })),
    ).toMatch(/maxRequests: expected at least one per shard/);
    expect(codeOf(() => parseArgs({ ...args, startAt: -5 }))).toMatch(/startAt/);
  });

  it('parses --shard, --shard-count with JOB_COMPLETION_INDEX, and --start-at', () => {
    expect(parseShardText('2/4')).toEqual({ index: 2, count: 4 });
    expect(codeOf(() => parseShardText('4/4'))).toMatch(/--shard: expected INDEX\/COUNT.*"4\/4"/);
    expect(codeOf(() => parseShardText('one'))).toMatch(/received "one"/);
    expect(shardFromFlags('1/3', undefined, {})).toEqual({ index: 1, count: 3 });
    expect(shardFromFlags(undefined, '3', { JOB_COMPLETION_INDEX: '2' })).toEqual({
      index: 2,
      count: 3,
    });
    expect(shardFromFlags(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined();
    expect(codeOf(() => shardFromFlags(undefined, '3', {}))).toMatch(
      /--shard-count: expected the shard index in JOB_COMPLETION_INDEX/,
    );
    expect(codeOf(() => shardFromFlags(undefined, '2', { JOB_COMPLETION_INDEX: '2' }))).toMatch(
      /expected more than JOB_COMPLETION_INDEX=2 shards, received 2/,
    );
    expect(codeOf(() => shardFromFlags('1/3', '4', {}))).toMatch(/disagrees with --shard-count 4/);
    expect(startAtFromFlag('1700000000000')).toBe(1_700_000_000_000);
    expect(codeOf(() => startAtFromFlag('soon'))).toMatch(/--start-at: expected a whole number/);
  });
});

function numbered(n: number): DataSource {
  return {
    name: 'numbered',
    prepare: async () => undefined,
    *samples(): Iterator<RequestSample> {
      for (let i = 0; i < n; i++) yield { prompt: `sample ${i}` };
    },
  };
}

async function drain(source: DataSource): Promise<string[]> {
  const out: string[] = [];
  const iterator = source.samples();
  for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) {
    out.push(r.value.prompt);
  }
  return out;
}

describe("a shard's slice of the data", () => {
  it('is disjoint from the others, and together they are the whole sequence', async () => {
    const slices = await Promise.all(
      [0, 1, 2].map((index) => drain(shardDataSource(numbered(10), { index, count: 3 }))),
    );
    expect(slices[0]).toEqual(['sample 0', 'sample 3', 'sample 6', 'sample 9']);
    expect(slices[1]).toEqual(['sample 1', 'sample 4', 'sample 7']);
    const all = slices.flat().sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]));
    expect(all).toEqual(await drain(numbered(10)));
  });

  it('asks the source for the samples of every shard', async () => {
    let asked: number | undefined;
    const source = {
      ...numbered(1),
      prepare: async (c: { expectedCount?: number }) => void (asked = c.expectedCount),
    };
    await shardDataSource(source, { index: 0, count: 4 }).prepare({ seed: '1', expectedCount: 25 });
    expect(asked).toBe(100);
  });
});

describe('waiting for the start time', () => {
  it('waits until the time, and says how late a past time was', async () => {
    const started = Date.now();
    expect(await waitForStart(started + 120)).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    const late = await waitForStart(Date.now() - 500);
    expect(late).toBeGreaterThanOrEqual(500);
    const controller = new AbortController();
    const waiting = waitForStart(Date.now() + 60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(0);
  });
});

describe("constant-rate shards' arrivals", () => {
  const firstArrivals = (strategy: ReturnType<typeof createConstantStrategy>, n: number) => {
    const iterator = strategy.arrivals!();
    return Array.from({ length: n }, () => iterator.next().value as number);
  };

  for (const rampupSeconds of [0, 2]) {
    it(`interleave into the whole run's one schedule${rampupSeconds > 0 ? ', rampup included' : ''}`, () => {
      const whole = firstArrivals(createConstantStrategy(30, 100, rampupSeconds), 300);
      const shards = [0, 1, 2].map((index) =>
        firstArrivals(createConstantStrategy(10, 100, rampupSeconds, { index, count: 3 }), 100),
      );
      const merged = shards.flat().sort((a, b) => a - b);
      for (let i = 0; i < whole.length; i++) expect(merged[i]).toBeCloseTo(whole[i]!, 9);
      // Shard k sends the whole schedule's requests k, k + 3, k + 6, …: never two at one instant.
      expect(new Set(merged.map((t) => t.toFixed(6))).size).toBe(300);
      expect(shards[1]![0]).toBeCloseTo(rampupSeconds > 0 ? whole[1]! : 1000 / 30, 9);
    });
  }

  it("come from the shard's args, the report naming the interleave and the merge dropping it", () => {
    const base = { target: 'http://127.0.0.1:1', profile: 'constant', rate: 30, maxSeconds: 5 };
    const specs = [0, 1, 2].map((index) => {
      const shard = { index, count: 3 };
      return resolveProfile(shardShareOf(parseArgs({ ...base, shard }), shard)).next([])!.spec;
    });
    expect(specs).toMatchObject(
      [0, 1, 2].map((index) => ({
        type: 'constant',
        ratePerSecond: 10,
        interleave: { index, count: 3 },
      })),
    );
    for (const spec of specs) expect(StrategySpecSchema.parse(spec)).toEqual(spec);
    const caps = specs.reduce((t, s) => t + (s.type === 'constant' ? s.maxConcurrency! : 0), 0);
    expect(mergeStrategies(specs, 42)).toEqual({
      type: 'constant',
      ratePerSecond: 30,
      maxConcurrency: caps,
    });
    expect(resolveProfile(parseArgs(base)).next([])!.spec).not.toHaveProperty('interleave');
  });
});
