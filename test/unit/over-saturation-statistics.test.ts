import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/constraints/student-t.js';
import { fitLinearTrend, testSlopeAbove } from '../../src/constraints/linear-trend.js';
import {
  createOverSaturationConstraint,
  createOverSaturationDetector,
} from '../../src/constraints/over-saturation.js';
import type { BenchmarkState } from '../../src/spec/constraint.js';
import type { RequestRecord } from '../../src/spec/request-record.js';
import { InferbenchError } from '../../src/errors.js';
import { parseArgs } from '../../src/args/parse-args.js';
import { resolveConstraints } from '../../src/args/resolve-constraints.js';

/** Standard normal draws from a seeded generator (Box-Muller). */
function normals(seed: string): () => number {
  const random = seedrandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe("Student's t", () => {
  it('matches textbook quantiles', () => {
    // One-sided critical values from any t table.
    const table: [number, number, number][] = [
      [0.95, 1, 6.314],
      [0.95, 3, 2.353],
      [0.95, 5, 2.015],
      [0.95, 10, 1.812],
      [0.975, 10, 2.228],
      [0.95, 30, 1.697],
      [0.99, 20, 2.528],
      [0.995, 2, 9.925],
    ];
    for (const [p, dof, t] of table) expect(studentTQuantile(p, dof)).toBeCloseTo(t, 2);
    expect(studentTQuantile(0.05, 10)).toBeCloseTo(-1.812, 2);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    // Many degrees of freedom approach the normal quantile.
    expect(studentTQuantile(0.975, 100_000)).toBeCloseTo(1.96, 2);
  });

  it('has a CDF that inverts its quantile and is symmetric', () => {
    for (const dof of [1, 2.5, 8, 40]) {
      for (const p of [0.6, 0.9, 0.99]) {
        expect(studentTCdf(studentTQuantile(p, dof), dof)).toBeCloseTo(p, 8);
      }
      expect(studentTCdf(1.3, dof) + studentTCdf(-1.3, dof)).toBeCloseTo(1, 12);
    }
    expect(studentTCdf(0, 4)).toBeCloseTo(0.5, 12);
  });
});

describe('linear trend', () => {
  it('recovers slope and intercept, with a standard error that shrinks with more points', () => {
    const draw = normals('trend');
    const fit = (n: number) => {
      const xs = Array.from({ length: n }, (_, i) => i);
      const ys = xs.map((x) => 3 + 0.5 * x + draw());
      return fitLinearTrend(xs, ys);
    };
    const small = fit(10);
    const large = fit(1000);
    expect(large.slope).toBeCloseTo(0.5, 2);
    expect(large.intercept).toBeCloseTo(3, 0);
    expect(large.slopeStandardError).toBeLessThan(small.slopeStandardError / 10);
    expect(fitLinearTrend([1, 2], [1, 2]).slopeStandardError).toBeNaN();
  });

  it('detects a growing series and not a flat one', () => {
    const draw = normals('series');
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const growing = testSlopeAbove(
      fitLinearTrend(
        xs,
        xs.map((x) => 10 + 0.6 * x + draw()),
      ),
      0.95,
    );
    expect(growing.exceeds).toBe(true);
    expect(growing.lowerBound).toBeGreaterThan(0);
    expect(growing.margin).toBeGreaterThan(0);
    expect(growing.slope - growing.margin).toBeCloseTo(growing.lowerBound, 12);

    // Flat noisy series: over many seeds the one-sided 95% test fires about 5% of the time.
    let fired = 0;
    const trials = 400;
    for (let seed = 0; seed < trials; seed++) {
      const noise = normals(`flat-${seed}`);
      const test = testSlopeAbove(
        fitLinearTrend(
          xs,
          xs.map(() => 10 + noise()),
        ),
        0.95,
      );
      if (test.exceeds) fired++;
    }
    expect(fired / trials).toBeGreaterThan(0.02);
    expect(fired / trials).toBeLessThan(0.09);
  });

  it('requires the lower bound to clear a floor', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const ys = [0, 1.1, 1.9, 3.05, 4, 5.1];
    expect(testSlopeAbove(fitLinearTrend(xs, ys), 0.95, 0.5).exceeds).toBe(true);
    expect(testSlopeAbove(fitLinearTrend(xs, ys), 0.95, 2).exceeds).toBe(false);
  });
});

describe('over-saturation detector', () => {
  const options = { minSeconds: 5, intervalSeconds: 0.5, minIntervals: 5 };

  /** Feeds 10 s of synthetic samples (every 20 ms), then evaluates at the end. */
  function run(concurrencyAt: (s: number) => number, ttftAt: (s: number) => number) {
    const detector = createOverSaturationDetector(options);
    const draw = normals('detector');
    for (let ms = 0; ms < 10_000; ms += 20) {
      detector.observeConcurrency(ms, Math.max(0, Math.round(concurrencyAt(ms / 1000) + draw())));
      detector.observeTtft(ms, Math.max(0, ttftAt(ms / 1000) + 5 * draw()));
    }
    return detector.evaluate(10_000);
  }

  it('declares over-saturation when concurrency and TTFT both keep growing', () => {
    const verdict = run(
      (s) => 20 + 8 * s,
      (s) => 50 + 400 * s,
    );
    expect(verdict.decided).toBe(true);
    expect(verdict.overSaturated).toBe(true);
    expect(verdict.concurrency!.slope).toBeGreaterThan(7);
    expect(verdict.concurrency!.slope).toBeLessThan(9);
    expect(verdict.ttft!.slope).toBeGreaterThan(380);
    expect(verdict.ttft!.slope).toBeLessThan(420);
  });

  it('does not when the series are flat, or when only one grows', () => {
    expect(
      run(
        () => 12,
        () => 60,
      ),
    ).toMatchObject({ decided: true, overSaturated: false });
    expect(
      run(
        (s) => 12 + 4 * s,
        () => 60,
      ),
    ).toMatchObject({ decided: true, overSaturated: false });
  });

  it('ignores growth below the floor, however significant', () => {
    // +0.2 per second on a level of 100 is 1.5% across the window: real but not saturation.
    const verdict = run(
      (s) => 100 + 0.2 * s,
      (s) => 500 + 1 * s,
    );
    expect(verdict.overSaturated).toBe(false);
  });

  it('does not decide before minSeconds or with too few points', () => {
    const detector = createOverSaturationDetector(options);
    for (let ms = 0; ms < 4000; ms += 20) {
      detector.observeConcurrency(ms, ms / 10);
      detector.observeTtft(ms, ms);
    }
    expect(detector.evaluate(4000).decided).toBe(false);
    // Past minSeconds, but no data in the window.
    expect(detector.evaluate(40_000).decided).toBe(false);
  });

  it('rejects invalid options with a typed error', () => {
    expect(() => createOverSaturationDetector({ confidence: 1 })).toThrow(InferbenchError);
    expect(() => createOverSaturationDetector({ minIntervals: 2 })).toThrow(/minIntervals/);
  });
});

describe('over-saturation constraint', () => {
  it('stops with reason over-saturation, mode cancel and a detail carrying the slopes', () => {
    const monitor = createOverSaturationConstraint({
      minSeconds: 2,
      intervalSeconds: 0.25,
      minIntervals: 4,
    }).start();
    const state: BenchmarkState = {
      elapsedMs: 0,
      dispatched: 0,
      inFlight: 0,
      successful: 0,
      errored: 0,
      incomplete: 0,
    };
    let decision;
    // 60 req/s offered to a server that finishes 20 req/s: the queue and the TTFT grow.
    for (let ms = 0; ms <= 4000 && decision === undefined; ms += 10) {
      state.elapsedMs = ms;
      if (ms % 50 === 0 && ms > 0) {
        state.inFlight--;
        state.successful++;
        const record = { dispatchedAt: 0, firstTokenAt: ms * 0.6 } as RequestRecord;
        decision = monitor.afterRequest?.('successful', state, record);
        if (decision !== undefined) break;
      }
      if (ms % 50 === 0 || ms % 50 === 20 || ms % 50 === 40) {
        decision = monitor.beforeDispatch?.(state);
        state.inFlight++;
        state.dispatched++;
      }
    }
    expect(decision).toMatchObject({ reason: 'over-saturation', mode: 'cancel' });
    expect(state.elapsedMs).toBeGreaterThanOrEqual(2000);
    expect(decision!.detail).toMatch(/in-flight requests grew 40\.\d+ ± \d+\.\d+ per s/);
    expect(decision!.detail).toMatch(/TTFT 600\.\d ± \d+\.\d ms per s/);
    expect(decision!.detail).toMatch(/one-sided 95% lower bounds/);
  });
});

describe('overSaturation args', () => {
  it('adds the constraint for true or an options object, and checks the options', () => {
    const names = (overSaturation: unknown) =>
      resolveConstraints(parseArgs({ target: 'mock', maxSeconds: 5, overSaturation } as never)).map(
        (constraint) => constraint.name,
      );
    expect(names(true)).toContain('over-saturation');
    expect(names({ confidence: 0.99, minSeconds: 2 })).toContain('over-saturation');
    expect(names(false)).not.toContain('over-saturation');
    expect(names(undefined)).not.toContain('over-saturation');
    expect(() => names({ confidence: 1.5 })).toThrow(InferbenchError);
    expect(() => names({ window: 3 })).toThrow(InferbenchError);
  });
});
