import { describe, expect, it } from 'vitest';
import { createConstantStrategy } from '../../src/strategies/constant.js';
import { createPoissonStrategy } from '../../src/strategies/poisson.js';
import { createStrategy } from '../../src/strategies/create-strategy.js';

function take(iterator: Iterator<number>, count: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(iterator.next().value as number);
  return values;
}

describe('constant strategy', () => {
  it('targets absolute times i / rate from the start', () => {
    const strategy = createConstantStrategy(50, 100);
    expect(strategy.mode).toBe('open');
    expect(take(strategy.arrivals!(), 4)).toEqual([0, 20, 40, 60]);
    // Far along, the target is still exactly index / rate: no accumulated drift.
    const far = take(strategy.arrivals!(), 10_001);
    expect(far[10_000]).toBeCloseTo(200_000, 9);
  });
});

describe('poisson strategy', () => {
  it('reproduces its arrival offsets exactly for the same seed', () => {
    const a = take(createPoissonStrategy(10, 'seed-1', 100).arrivals!(), 500);
    const b = take(createPoissonStrategy(10, 'seed-1', 100).arrivals!(), 500);
    const c = take(createPoissonStrategy(10, 'seed-2', 100).arrivals!(), 500);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('averages the target rate over 2,000 draws within 5%', () => {
    for (const rate of [5, 50, 500]) {
      const offsets = take(createPoissonStrategy(rate, '42', 100).arrivals!(), 2000);
      const measuredRate = 2000 / (offsets[1999]! / 1000);
      expect(Math.abs(measuredRate - rate) / rate).toBeLessThan(0.05);
    }
  });

  it('gives non-decreasing offsets with exponential-looking gaps', () => {
    const offsets = take(createPoissonStrategy(100, 'x', 100).arrivals!(), 2000);
    const gaps = offsets.map((offset, i) => offset - (i === 0 ? 0 : offsets[i - 1]!));
    expect(gaps.every((gap) => gap >= 0)).toBe(true);
    // An exponential distribution's coefficient of variation is 1; a constant one's is 0.
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    const std = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length);
    expect(std / mean).toBeGreaterThan(0.85);
    expect(std / mean).toBeLessThan(1.15);
  });
});

describe('createStrategy', () => {
  it('builds closed-loop strategies with their concurrency', () => {
    expect(createStrategy({ type: 'synchronous' })).toMatchObject({
      mode: 'closed',
      maxConcurrency: 1,
    });
    expect(createStrategy({ type: 'concurrent', streams: 16 })).toMatchObject({
      mode: 'closed',
      maxConcurrency: 16,
    });
    expect(createStrategy({ type: 'throughput', maxConcurrency: 64 })).toMatchObject({
      mode: 'closed',
      maxConcurrency: 64,
    });
  });

  it('builds open-loop strategies with the default concurrency cap when none is given', () => {
    const constant = createStrategy({ type: 'constant', ratePerSecond: 5 });
    expect(constant.mode).toBe('open');
    expect(constant.maxConcurrency).toBe(10_000);
    const poisson = createStrategy({
      type: 'poisson',
      ratePerSecond: 5,
      seed: '1',
      maxConcurrency: 8,
    });
    expect(poisson.maxConcurrency).toBe(8);
  });
});
