import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { resolveProfile } from '../../src/args/resolve-profile.js';
import { createMaxRequestsConstraint } from '../../src/constraints/max-requests.js';
import { EventBus } from '../../src/core/event-bus.js';
import { SampleFeeder } from '../../src/core/sample-feeder.js';
import { runSchedule } from '../../src/core/scheduler.js';
import type { Backend } from '../../src/spec/backend.js';
import type { Clock } from '../../src/spec/clock.js';
import type { DataSource } from '../../src/spec/data-source.js';
import type { Strategy } from '../../src/spec/strategy.js';
import {
  createConcurrentStrategy,
  createThroughputStrategy,
} from '../../src/strategies/closed-loop.js';
import { createConstantStrategy } from '../../src/strategies/constant.js';
import { createStrategy } from '../../src/strategies/create-strategy.js';
import { closedLoopStartOffsetMs, constantRateOffsetMs } from '../../src/strategies/rampup.js';

function take(iterator: Iterator<number>, count: number): number[] {
  return Array.from({ length: count }, () => iterator.next().value as number);
}

describe('rampup target times', () => {
  it('spreads the first closed-loop starts linearly over the rampup', () => {
    expect([0, 1, 2, 3].map((k) => closedLoopStartOffsetMs(k, 4, 1000))).toEqual([
      0, 250, 500, 750,
    ]);
    // Past the first `slots` starts, and without a rampup, nothing waits.
    expect(closedLoopStartOffsetMs(4, 4, 1000)).toBe(0);
    expect(closedLoopStartOffsetMs(2, 4, 0)).toBe(0);
  });

  it('ramps a constant rate linearly from 0 (GuideLLM formula), then keeps i / rate spacing', () => {
    // rate 10/s over R = 2 s: n_r = 10 requests due during the ramp, request i at sqrt(2 i R / r).
    const offsets = take(createConstantStrategy(10, 100, 2).arrivals!(), 16);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(Math.sqrt(0.4) * 1000, 9);
    expect(offsets[10]).toBeCloseTo(2000, 9);
    // After the ramp: exactly one interval of 100 ms apart.
    expect(offsets[11]! - offsets[10]!).toBeCloseTo(100, 9);
    expect(offsets[15]).toBeCloseTo(2500, 9);
    // During the ramp the gaps shrink, so the rate grows.
    for (let i = 2; i <= 10; i++) {
      expect(offsets[i]! - offsets[i - 1]!).toBeLessThan(offsets[i - 1]! - offsets[i - 2]!);
    }
    // The number due by t follows r t^2 / (2R): by 1 s, 2.5 requests (so indices 0..2).
    expect(offsets.filter((offset) => offset <= 1000)).toHaveLength(3);
  });

  it('falls back to i / rate without a rampup', () => {
    expect(constantRateOffsetMs(7, 20, 0)).toBe(350);
    expect(take(createConstantStrategy(20, 10).arrivals!(), 3)).toEqual([0, 50, 100]);
  });

  it('records the rampup in the strategy spec and builds it back from the spec', () => {
    const strategy = createConcurrentStrategy(4, 1.5);
    expect(strategy.spec).toEqual({ type: 'concurrent', streams: 4, rampupSeconds: 1.5 });
    expect(createStrategy(strategy.spec).startOffsetMs?.(2)).toBe(750);
    expect(createThroughputStrategy(8).spec).toEqual({ type: 'throughput', maxConcurrency: 8 });
    expect(createThroughputStrategy(8).startOffsetMs).toBeUndefined();
  });

  it('passes --rampup from args to concurrent, throughput and constant, and rejects it elsewhere', () => {
    const profile = resolveProfile(
      parseArgs({ target: 'x', profile: 'concurrent', rate: 2, rampup: 3, maxSeconds: 1 }),
    );
    expect(profile.next([])?.spec).toEqual({ type: 'concurrent', streams: 2, rampupSeconds: 3 });
    const constant = resolveProfile(
      parseArgs({ target: 'x', profile: 'constant', rate: 5, rampup: 1, maxSeconds: 1 }),
    );
    expect(constant.next([])?.spec).toMatchObject({ type: 'constant', rampupSeconds: 1 });
    expect(() =>
      parseArgs({ target: 'x', profile: 'poisson', rate: 5, rampup: 1, maxSeconds: 1 }),
    ).toThrow(/rampup/);
  });
});

/** A manual clock that moves 0.25 ms forward each time it is read: time passes only when looked at. */
function steppingClock(): Clock {
  let now = 0;
  return {
    now: () => {
      now += 0.25;
      return now;
    },
  };
}

const endlessData: DataSource = {
  name: 'endless',
  prepare: async () => undefined,
  *samples() {
    for (;;) yield { prompt: 'hi', promptTokens: 1, outputTokens: 2 };
  },
};

/** A backend that answers at once with two text parts. */
const instantBackend: Backend = {
  prepare: async () => ({ url: 'test://', model: 'm' }),
  send: async (_request, { onPart }) => {
    onPart({ type: 'text', text: 'a' });
    onPart({ type: 'text', text: 'b' });
  },
  close: async () => undefined,
} as Backend;

async function dispatchTimes(strategy: Strategy, requests: number): Promise<number[]> {
  const feeder = new SampleFeeder(endlessData);
  await feeder.fill();
  const result = await runSchedule({
    index: 0,
    strategy,
    backend: instantBackend,
    feeder,
    constraints: [createMaxRequestsConstraint(requests)],
    clock: steppingClock(),
    originMs: 0,
    signal: undefined,
    bus: new EventBus([]),
    snapshotIntervalMs: 60_000,
    maxSeconds: undefined,
    maxRequests: requests,
  });
  return [...result.records]
    .sort((a, b) => a.index - b.index)
    .map((record) => record.dispatchedAt - result.startMs);
}

describe('scheduler rampup on a manual clock', () => {
  it('holds the k-th of the first n closed-loop starts until rampup * k / n', async () => {
    const times = await dispatchTimes(createConcurrentStrategy(4, 0.04), 8);
    const offsets = [0, 10, 20, 30];
    offsets.forEach((offset, k) => {
      expect(times[k]).toBeGreaterThanOrEqual(offset);
      // The clock moves only when read: the dispatch follows the target within a few reads.
      expect(times[k]).toBeLessThan(offset + 3);
    });
    // After the rampup, freed slots start at once.
    for (let k = 4; k < 8; k++) expect(times[k]! - times[k - 1]!).toBeLessThan(3);
  });

  it('starts every stream at once without a rampup', async () => {
    // Only the clock reads of the dispatches themselves separate them (the rampup above: 30 ms).
    const times = await dispatchTimes(createConcurrentStrategy(4), 4);
    expect(Math.max(...times)).toBeLessThan(10);
  });

  it('dispatches a ramped constant rate at its ramp targets', async () => {
    // 100/s over 0.1 s: request i at sqrt(2 i 0.1 / 100) s while i <= 5.
    const times = await dispatchTimes(createConstantStrategy(100, 100, 0.1), 8);
    for (let i = 0; i < 8; i++) {
      const target = constantRateOffsetMs(i, 100, 100);
      expect(times[i]).toBeGreaterThanOrEqual(target - 0.5);
      expect(times[i]).toBeLessThan(target + 3);
    }
  });
});
