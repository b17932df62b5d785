import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { resolveProfile } from '../../src/args/resolve-profile.js';
import { createCapacityProfile, stepVerdict } from '../../src/profiles/capacity.js';
import { createCapacitySearch } from '../../src/profiles/capacity-search.js';
import { createSweepProfile, sweepRates } from '../../src/profiles/sweep.js';
import { renderCapacityHeadline } from '../../src/outputs/slo-summary.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';
import { CapacitySchema } from '../../src/report/report-schema.js';
import type { Profile } from '../../src/spec/profile.js';
import type { StrategySpec } from '../../src/spec/strategy.js';

/** A finished benchmark as a profile sees it: only the fields profiles read are meaningful. */
function finished(
  index: number,
  strategy: StrategySpec,
  ratePerSecond: number,
  options: {
    stopReason?: string;
    sloPassed?: boolean;
    clientBound?: boolean;
    keptUp?: boolean;
  } = {},
): Benchmark {
  return {
    index,
    strategy,
    stopReason: options.stopReason ?? 'max-seconds',
    metrics: { requestsPerSecond: { successful: { mean: ratePerSecond } } },
    requestCounts: { total: 100 },
    client: {
      clientBound: options.clientBound === true,
      ...(options.clientBound === true
        ? { clientBoundReason: 'dispatch lag p99 40 ms > 10 ms' }
        : {}),
      // The client dispatched what it measured: below the schedule when it could not keep up.
      achievedRatePerSecond: ratePerSecond,
      ...('ratePerSecond' in strategy ? { scheduledRatePerSecond: strategy.ratePerSecond } : {}),
    },
    ...(options.keptUp === undefined
      ? {}
      : {
          keptUp: {
            keptUp: options.keptUp,
            ...(options.keptUp ? {} : { reason: 'completed 11.4 requests/s of the 16.33 offered' }),
          },
        }),
    ...(options.sloPassed === undefined
      ? {}
      : {
          slo: {
            passed: options.sloPassed,
            objectives: [
              {
                name: 'ttft_ms.p99<=200',
                metric: 'ttftMs',
                statistic: 'p99',
                operator: '<=',
                threshold: 200,
                measured: 100,
                passed: options.sloPassed,
              },
            ],
          },
        }),
  } as unknown as Benchmark;
}

/** Drives a profile to its end; `measure` gives each strategy's measured rate and verdict. */
function drive(
  profile: Profile,
  measure: (spec: StrategySpec) => {
    rate: number;
    passed?: boolean;
    stopReason?: string;
    clientBound?: boolean;
    keptUp?: boolean;
  },
): Benchmark[] {
  const done: Benchmark[] = [];
  for (let strategy = profile.next(done); strategy !== undefined; strategy = profile.next(done)) {
    const outcome = measure(strategy.spec);
    done.push(
      finished(done.length, strategy.spec, outcome.rate, {
        ...(outcome.passed === undefined ? {} : { sloPassed: outcome.passed }),
        ...(outcome.stopReason === undefined ? {} : { stopReason: outcome.stopReason }),
        ...(outcome.clientBound === undefined ? {} : { clientBound: outcome.clientBound }),
        ...(outcome.keptUp === undefined ? {} : { keptUp: outcome.keptUp }),
      }),
    );
    if (done.length > 50) throw new Error('the profile does not end');
  }
  return done;
}

describe('sweep', () => {
  it('plans size − 2 rates strictly between the synchronous and throughput rates', () => {
    expect(sweepRates(1, 10, 10)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sweepRates(2, 8, 4)).toEqual([4, 6]);
    // One step: the midpoint, never the throughput rate itself.
    expect(sweepRates(2, 8, 3)).toEqual([5]);
    expect(sweepRates(2, 8, 2)).toEqual([]);
    // A throughput probe that measured less than synchronous still gets rates between the two.
    expect(sweepRates(4, 1, 5)).toEqual([3.25, 2.5, 1.75]);
  });

  it('runs synchronous, throughput, then constant rates between the measured rates', () => {
    const benchmarks = drive(
      createSweepProfile({ size: 6, throughputMaxConcurrency: 64 }),
      (spec) =>
        spec.type === 'synchronous'
          ? { rate: 2 }
          : spec.type === 'throughput'
            ? { rate: 10 }
            : { rate: 5 },
    );
    // Exactly `size` benchmarks, the rate steps strictly between 2 and 10.
    expect(benchmarks.map((b) => b.strategy)).toEqual([
      { type: 'synchronous' },
      { type: 'throughput', maxConcurrency: 64 },
      { type: 'constant', ratePerSecond: 3.6, maxConcurrency: 10_000 },
      { type: 'constant', ratePerSecond: 5.2, maxConcurrency: 10_000 },
      { type: 'constant', ratePerSecond: 6.8, maxConcurrency: 10_000 },
      { type: 'constant', ratePerSecond: 8.4, maxConcurrency: 10_000 },
    ]);
    for (const size of [2, 3, 4, 7]) {
      const run = drive(createSweepProfile({ size }), (spec) => ({
        rate: spec.type === 'throughput' ? 10 : 2,
      }));
      expect(run).toHaveLength(size);
      for (const b of run.slice(2)) {
        const rate = b.strategy.type === 'constant' ? b.strategy.ratePerSecond : NaN;
        expect(rate).toBeGreaterThan(2);
        expect(rate).toBeLessThan(10);
      }
    }
  });

  it('uses Poisson steps on request and stops escalating after a failing rate step', () => {
    const benchmarks = drive(createSweepProfile({ strategy: 'poisson', seed: 's' }), (spec) => {
      if (spec.type === 'synchronous') return { rate: 1 };
      // The throughput step saturates by design: that does not stop the sweep.
      if (spec.type === 'throughput') return { rate: 10, stopReason: 'over-saturation' };
      return {
        rate: 3,
        stopReason:
          spec.type === 'poisson' && spec.ratePerSecond > 4 ? 'over-saturation' : 'max-seconds',
      };
    });
    // 2, 3 and 4 req/s hold; 5 over-saturates and the sweep goes no higher.
    expect(benchmarks.map((b) => b.strategy.type)).toEqual([
      'synchronous',
      'throughput',
      'poisson',
      'poisson',
      'poisson',
      'poisson',
    ]);
    expect(benchmarks.at(-1)!.strategy).toMatchObject({ ratePerSecond: 5, seed: 's' });
  });

  it('stops when the measured rates leave no positive rate', () => {
    const benchmarks = drive(createSweepProfile({ size: 5 }), () => ({ rate: 0 }));
    expect(benchmarks).toHaveLength(2);
  });

  it('reads size from rate and rejects a rate that is not a count of benchmarks', () => {
    const profile = resolveProfile(
      parseArgs({ target: 'x', profile: 'sweep', rate: 4, maxSeconds: 1 }),
    );
    expect(profile.type).toBe('sweep');
    expect(profile.plannedBenchmarks).toBe(4);
    expect(
      resolveProfile(parseArgs({ target: 'x', profile: 'sweep', maxSeconds: 1 })).plannedBenchmarks,
    ).toBe(10);
    expect(() => parseArgs({ target: 'x', profile: 'sweep', rate: 1.5, maxSeconds: 1 })).toThrow(
      /sweep.*>= 2/,
    );
    expect(() => parseArgs({ target: 'x', profile: 'sweep', rate: [3, 4], maxSeconds: 1 })).toThrow(
      /sweep/,
    );
  });
});

/** Runs a capacity search against a fake target whose SLOs hold at or below `capacity` req/s. */
function search(capacity: number, low: number, high: number, maxSteps = 10, precision = 0.05) {
  const s = createCapacitySearch({
    lowRatePerSecond: low,
    highRatePerSecond: high,
    precision,
    maxSteps,
  });
  for (let rate = s.next(); rate !== undefined; rate = s.next()) s.record(rate <= capacity);
  return s.result();
}

describe('capacity search', () => {
  it('converges inside its bracket within 10 steps, between the last pass and the first fail', () => {
    for (const capacity of [1.7, 3.3, 7.9, 12.2, 14.8]) {
      const result = search(capacity, 1.3, 15.5);
      expect(result.outcome).toBe('converged');
      expect(result.tried.length).toBeLessThanOrEqual(10);
      const [low, high] = result.bracket;
      expect(low).toBeLessThanOrEqual(capacity);
      expect(high).toBeGreaterThan(capacity);
      expect((high - low) / low).toBeLessThanOrEqual(0.05);
      expect(result.maxRatePerSecond).toBe(low);
      const passing = result.tried.filter((step) => step.passed).map((step) => step.ratePerSecond);
      const failing = result.tried.filter((step) => !step.passed).map((step) => step.ratePerSecond);
      expect(result.maxRatePerSecond).toBe(Math.max(...passing));
      expect(high).toBe(Math.min(...failing));
    }
  });

  it('raises an upper bound that passes until a rate fails, then bisects (growthFactor > 1)', () => {
    // The true capacity (14.6) is above the upper bound (12.14), as when a short throughput
    // probe underestimates the target.
    const result = search(14.6, 1.3, 12.14);
    expect(result.outcome).toBe('converged');
    expect(result.tried.slice(0, 3)).toEqual([
      { ratePerSecond: 1.3, passed: true },
      { ratePerSecond: 12.14, passed: true },
      { ratePerSecond: 12.14 * 1.5, passed: false },
    ]);
    expect(result.tried.length).toBeLessThanOrEqual(8);
    const [low, high] = result.bracket;
    expect(low).toBeGreaterThan(12.14);
    expect(low).toBeLessThanOrEqual(14.6);
    expect(high).toBeGreaterThan(14.6);
    expect((high - low) / low).toBeLessThanOrEqual(0.05);
    expect(result.maxRatePerSecond).toBe(low);
  });

  it('keeps raising a far-too-low upper bound, and says so when the budget runs out first', () => {
    const far = search(100, 2, 4, 16);
    expect(far.outcome).toBe('converged');
    expect(far.maxRatePerSecond).toBeLessThanOrEqual(100);
    expect(far.bracket[1]).toBeGreaterThan(100);
    // 2 and 4 pass, then 6, 9 and 13.5 pass too: every rate tried passed, the bracket is open.
    const open = search(100, 2, 4, 5);
    expect(open).toMatchObject({ outcome: 'all-passed', maxRatePerSecond: 13.5 });
    expect(open.bracket).toEqual([13.5, 13.5]);
    expect(open.tried.map((step) => step.ratePerSecond)).toEqual([2, 4, 6, 9, 13.5]);
    expect(open.tried.every((step) => step.passed)).toBe(true);
  });

  it('treats the upper bound as a ceiling with growthFactor 1', () => {
    const s = createCapacitySearch({
      lowRatePerSecond: 2,
      highRatePerSecond: 20,
      precision: 0.05,
      maxSteps: 10,
      growthFactor: 1,
    });
    for (let rate = s.next(); rate !== undefined; rate = s.next()) s.record(rate <= 100);
    expect(s.result()).toMatchObject({
      outcome: 'all-passed',
      maxRatePerSecond: 20,
      bracket: [20, 20],
    });
    expect(s.result().tried).toHaveLength(2);
  });

  it('halves below a failing lower bound, and reports none-passed when nothing holds', () => {
    const halved = search(0.9, 2, 20);
    expect(halved.tried.slice(0, 2)).toEqual([
      { ratePerSecond: 2, passed: false },
      { ratePerSecond: 1, passed: false },
    ]);
    expect(halved.maxRatePerSecond).toBeGreaterThan(0);
    expect(halved.maxRatePerSecond).toBeLessThanOrEqual(0.9);
    const none = search(0, 2, 20, 4);
    expect(none).toMatchObject({ outcome: 'none-passed', maxRatePerSecond: 0 });
    expect(none.tried).toHaveLength(4);
  });

  it('stays below a rate the client could not offer, and says the bracket is closed by the client', () => {
    // The target holds up to 50 req/s; the load generator cannot offer more than 20.
    const s = createCapacitySearch({
      lowRatePerSecond: 2,
      highRatePerSecond: 40,
      precision: 0.05,
      maxSteps: 10,
      growthFactor: 1,
    });
    for (let rate = s.next(); rate !== undefined; rate = s.next()) {
      s.record(rate > 20 ? 'client-bound' : rate <= 50);
    }
    const result = s.result();
    expect(result.limitedBy).toBe('client');
    expect(result.maxRatePerSecond).toBeLessThanOrEqual(20);
    expect(result.maxRatePerSecond).toBeGreaterThan(20 * 0.9);
    expect(result.tried.filter((step) => step.clientBound)).not.toHaveLength(0);
    for (const step of result.tried) expect(step.passed && step.ratePerSecond > 20).toBe(false);
  });

  it('stops at maxSteps with the bracket reached so far', () => {
    const result = search(7.77, 1, 100, 4, 0.001);
    expect(result.outcome).toBe('max-steps');
    expect(result.tried).toHaveLength(4);
    expect(result.bracket[0]).toBeLessThanOrEqual(7.77);
    expect(result.bracket[1]).toBeGreaterThan(7.77);
  });
});

describe('capacity profile', () => {
  it('probes synchronous and throughput, bisects on SLO verdicts and reports the result', () => {
    const capacity = 9.3;
    const profile = createCapacityProfile({ maxSteps: 10, throughputMaxConcurrency: 32 });
    const benchmarks = drive(profile, (spec) => {
      if (spec.type === 'synchronous') return { rate: 1.3 };
      if (spec.type === 'throughput') return { rate: 15 };
      const rate = spec.type === 'constant' ? spec.ratePerSecond : 0;
      return { rate: Math.min(rate, 15), passed: rate <= capacity };
    });
    expect(benchmarks.length).toBeLessThanOrEqual(10);
    expect(benchmarks.slice(0, 2).map((b) => b.strategy.type)).toEqual([
      'synchronous',
      'throughput',
    ]);
    const result = CapacitySchema.parse(profile.result!().capacity);
    expect(result.boundsSource).toBe('measured');
    expect(result.lowerBoundRatePerSecond).toBe(1.3);
    expect(result.upperBoundRatePerSecond).toBe(15);
    expect(result.steps.map((step) => step.benchmarkIndex)).toEqual(
      benchmarks.slice(2).map((b) => b.index),
    );
    expect(result.maxRatePerSecond).toBeLessThanOrEqual(capacity);
    expect(result.bracket[1]).toBeGreaterThan(capacity);
    expect(result.maxRatePerSecond).toBeGreaterThan(capacity * 0.9);
    expect(result.steps.find((step) => !step.passed)?.failedObjectives).toEqual([
      'ttft_ms.p99<=200',
    ]);
  });

  it('never answers above the throughput probe: what the server completes at full load', () => {
    // SLOs alone would hold up to 14.6 req/s, but at full load the server completes 12.14.
    const profile = createCapacityProfile({ maxSteps: 10 });
    const benchmarks = drive(profile, (spec) => {
      if (spec.type === 'synchronous') return { rate: 1.3 };
      if (spec.type === 'throughput') return { rate: 12.14 };
      const rate = spec.type === 'constant' ? spec.ratePerSecond : 0;
      return { rate: Math.min(rate, 12.14), passed: rate <= 14.6 };
    });
    expect(benchmarks.length).toBeLessThanOrEqual(10);
    const result = CapacitySchema.parse(profile.result!().capacity);
    for (const step of result.steps) expect(step.ratePerSecond).toBeLessThanOrEqual(12.14);
    expect(result).toMatchObject({
      maxRatePerSecond: 12.14,
      outcome: 'all-passed',
      limitedBy: 'full-load',
      lowerBound: false,
    });
    expect(renderCapacityHeadline({ benchmarks, capacity: result } as never)[0]).toContain(
      'what the server completes at full load',
    );
  });

  it('fails a step whose SLOs held but whose server did not keep up', () => {
    const profile = createCapacityProfile({ minRate: 4, maxRate: 16, maxSteps: 8 });
    drive(profile, (spec) => {
      const rate = spec.type === 'constant' ? spec.ratePerSecond : 0;
      // Every SLO holds (the queue had no time to push p99 over), but above 12 req/s the
      // server completes less than it is offered.
      return { rate: Math.min(rate, 12), passed: true, keptUp: rate <= 12 };
    });
    const result = profile.result!().capacity!;
    expect(result.maxRatePerSecond).toBeLessThanOrEqual(12);
    expect(result.maxRatePerSecond).toBeGreaterThan(12 * 0.9);
    expect(result.limitedBy).toBe('slo');
    const failed = result.steps.find((step) => step.ratePerSecond === 16)!;
    expect(failed).toMatchObject({ passed: false, verdict: 'failed' });
    expect(failed.reason).toContain('the server did not keep up: completed 11.4 requests/s');
  });

  it('counts a client-bound step as neither: the answer is a lower bound set by the load generator', () => {
    const profile = createCapacityProfile({ minRate: 10, maxRate: 2400, maxSteps: 6 });
    const benchmarks = drive(profile, (spec) => {
      const rate = spec.type === 'constant' ? spec.ratePerSecond : 0;
      // A no-delay server: every SLO holds at any rate the client manages to offer (≤ 230/s).
      return { rate: Math.min(rate, 227), passed: true, clientBound: rate > 230 };
    });
    const result = CapacitySchema.parse(profile.result!().capacity);
    expect(result.steps.find((step) => step.ratePerSecond === 2400)).toMatchObject({
      verdict: 'client-bound',
      passed: false,
    });
    expect(result.steps.find((step) => step.ratePerSecond === 2400)!.reason).toContain(
      'the load generator could not offer this rate',
    );
    expect(result.limitedBy).toBe('client');
    expect(result.lowerBound).toBe(true);
    expect(result.maxRatePerSecond).toBeLessThanOrEqual(230);
    const headline = renderCapacityHeadline({ benchmarks, capacity: result } as never)[0]!;
    expect(headline).toMatch(
      /^Capacity: at least [\d.]+ req\/s, a lower bound set by the load generator \(it could not offer [\d.]+ req\/s\), not by the server/,
    );
  });

  it('keeps a given maxRate as a ceiling: all-passed with an open bracket', () => {
    const profile = createCapacityProfile({ minRate: 2, maxRate: 10 });
    drive(profile, (spec) => ({
      rate: spec.type === 'constant' ? spec.ratePerSecond : 0,
      passed: true,
    }));
    expect(profile.result!().capacity).toMatchObject({
      outcome: 'all-passed',
      maxRatePerSecond: 10,
      bracket: [10, 10],
      converged: false,
      limitedBy: 'max-rate',
      lowerBound: true,
    });
    expect(profile.result!().capacity!.steps).toHaveLength(2);
  });

  it('skips the probes with given bounds and counts an over-saturation stop as a failure', () => {
    const profile = createCapacityProfile({
      minRate: 2,
      maxRate: 10,
      strategy: 'poisson',
      seed: 'x',
    });
    const benchmarks = drive(profile, (spec) => {
      const rate = spec.type === 'poisson' ? spec.ratePerSecond : 0;
      // The SLO verdict passes, but the benchmark was stopped: the target could not keep up.
      return { rate, passed: true, ...(rate > 6 ? { stopReason: 'over-saturation' } : {}) };
    });
    expect(benchmarks[0]!.strategy).toMatchObject({ type: 'poisson', ratePerSecond: 2 });
    const result = profile.result!().capacity!;
    expect(result.boundsSource).toBe('args');
    expect(result.maxRatePerSecond).toBeLessThanOrEqual(6);
    expect(result.bracket[1]).toBeGreaterThan(6);
  });

  it('keeps a pass measured by a slow client, and calls a fail measured by one neither', () => {
    // The client delivered every scheduled request, but its event loop was delayed: its timings
    // can only make the server look slower.
    const slowClient = (passed: boolean) =>
      ({
        ...finished(0, { type: 'constant', ratePerSecond: 10 }, 10, { sloPassed: passed }),
        client: {
          clientBound: true,
          clientBoundReason: 'event-loop delay p99 35 ms > 20 ms',
          achievedRatePerSecond: 10,
          scheduledRatePerSecond: 10,
        },
      }) as Benchmark;
    expect(stepVerdict(slowClient(true))).toEqual({ verdict: 'passed' });
    expect(stepVerdict(slowClient(false))).toEqual({
      verdict: 'client-bound',
      reason:
        'SLO failed: ttft_ms.p99<=200, but the load generator could not keep up (event-loop delay p99 35 ms > 20 ms), so the failure may be its own',
    });
  });

  it('resolves from args, requiring slo and taking no rate', () => {
    const profile = resolveProfile(
      parseArgs({
        target: 'x',
        profile: 'capacity',
        slo: 'ttft_ms.p99<=200',
        capacity: { minRate: 1, maxRate: 4, maxSteps: 6 },
        maxSeconds: 1,
      }),
    );
    expect(profile.type).toBe('capacity');
    expect(profile.plannedBenchmarks).toBe(6);
    expect(profile.next([])?.spec).toMatchObject({ type: 'constant', ratePerSecond: 1 });
    expect(() =>
      parseArgs({
        target: 'x',
        profile: 'capacity',
        slo: 'ttft_ms.p99<=200',
        rate: 3,
        maxSeconds: 1,
      }),
    ).toThrow(/capacity.*takes no rate/);
    expect(() =>
      parseArgs({
        target: 'x',
        profile: 'constant',
        rate: 3,
        capacity: { maxSteps: 3 },
        maxSeconds: 1,
      }),
    ).toThrow(/capacity options apply to profile "capacity"/);
    expect(() =>
      parseArgs({
        target: 'x',
        profile: 'capacity',
        slo: 'ttft_ms.p99<=200',
        capacity: { minRate: 5, maxRate: 4 },
        maxSeconds: 1,
      }),
    ).toThrow(/minRate < maxRate/);
  });
});

describe('capacity headline', () => {
  const capacity = {
    maxRatePerSecond: 13.5,
    bracket: [13.5, 13.5] as [number, number],
    outcome: 'all-passed' as const,
    converged: false,
    precision: 0.05,
    strategy: 'constant' as const,
    boundsSource: 'measured' as const,
    steps: [],
  };
  const report = (outcome: 'all-passed' | 'converged', bracket: [number, number]) =>
    ({ benchmarks: [{}, {}], capacity: { ...capacity, outcome, bracket } }) as never;

  it('says "at least" and names the open bracket when no rate failed', () => {
    expect(renderCapacityHeadline(report('all-passed', [13.5, 13.5]))[0]).toBe(
      'Capacity: at least 13.50 req/s with every SLO holding (open bracket from 13.50 req/s: no rate tried failed; all-passed, 2 benchmark(s))',
    );
    expect(renderCapacityHeadline(report('converged', [13.5, 14]))[0]).toBe(
      'Capacity: 13.50 req/s with every SLO holding and the server keeping up (bracket 13.50 to 14.00 req/s, converged to 5.0%, 2 benchmark(s))',
    );
  });
});
