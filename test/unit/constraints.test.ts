import { describe, expect, it } from 'vitest';
import type { BenchmarkState } from '../../src/spec/constraint.js';
import type { RequestRecord } from '../../src/spec/request-record.js';
import { createMaxErrorRateConstraint } from '../../src/constraints/max-error-rate.js';
import { createMaxErrorsConstraint } from '../../src/constraints/max-errors.js';
import { createMaxRequestsConstraint } from '../../src/constraints/max-requests.js';
import { createMaxSecondsConstraint } from '../../src/constraints/max-seconds.js';

/** A finished request; these constraints look only at its status, passed separately. */
const RECORD: RequestRecord = {
  index: 0,
  status: 'successful',
  scheduledAt: 0,
  dispatchedAt: 0,
  headersAt: 1,
  firstTokenAt: 2,
  firstOutputTokenAt: 2,
  lastTokenAt: 3,
  endedAt: 3,
  promptTokens: 1,
  promptTokensSource: 'data',
  outputTokens: 2,
  outputTokensSource: 'parts',
  tokenCountDiscrepancy: NaN,
  intendedPromptTokens: NaN,
  promptTokenDifference: NaN,
  contentParts: 2,
  itlGapsMs: new Float64Array([1]),
};

function state(overrides: Partial<BenchmarkState> = {}): BenchmarkState {
  return {
    elapsedMs: 0,
    dispatched: 0,
    inFlight: 0,
    successful: 0,
    errored: 0,
    incomplete: 0,
    ...overrides,
  };
}

describe('max-seconds', () => {
  it('sets a cancelling deadline at the limit', () => {
    const deadline = createMaxSecondsConstraint(2.5).start().deadline?.();
    expect(deadline?.atMs).toBe(2500);
    expect(deadline?.decision).toMatchObject({ reason: 'max-seconds', mode: 'cancel' });
  });
});

describe('max-requests', () => {
  it('refuses the dispatch after the limit and drains', () => {
    const monitor = createMaxRequestsConstraint(3).start();
    expect(monitor.beforeDispatch?.(state({ dispatched: 2 }))).toBeUndefined();
    expect(monitor.beforeDispatch?.(state({ dispatched: 3 }))).toMatchObject({
      reason: 'max-requests',
      mode: 'drain',
    });
  });
});

describe('max-errors', () => {
  it('stops once the error count reaches the limit', () => {
    const monitor = createMaxErrorsConstraint(2).start();
    expect(monitor.afterRequest?.('errored', state({ errored: 1 }), RECORD)).toBeUndefined();
    expect(monitor.afterRequest?.('errored', state({ errored: 2 }), RECORD)).toMatchObject({
      reason: 'max-errors',
      mode: 'cancel',
    });
  });
});

describe('max-error-rate', () => {
  it('judges only a full window', () => {
    const monitor = createMaxErrorRateConstraint(0.5, 4).start();
    // Three failures in a row: 100%, but the window of 4 is not full yet.
    for (let i = 0; i < 3; i++)
      expect(monitor.afterRequest?.('errored', state(), RECORD)).toBeUndefined();
    expect(monitor.afterRequest?.('successful', state(), RECORD)).toMatchObject({
      reason: 'max-error-rate',
    });
  });

  it('slides: old failures leave the window', () => {
    const monitor = createMaxErrorRateConstraint(0.5, 4).start();
    const verdicts = [
      'errored',
      'successful',
      'successful',
      'successful',
      'successful',
      'errored',
      'successful',
      'errored',
      'errored',
    ].map(
      (status) =>
        monitor.afterRequest?.(status as 'errored' | 'successful', state(), RECORD)?.reason ?? null,
    );
    // Windows after each request (from the 4th): [E,S,S,S]=25%, [S,S,S,S]=0%, [S,S,S,E]=25%,
    // [S,S,E,S]=25%, [S,E,S,E]=50% (trips), [E,S,E,E]=75% (trips).
    expect(verdicts).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'max-error-rate',
      'max-error-rate',
    ]);
  });

  it('gives fresh state to each benchmark', () => {
    const constraint = createMaxErrorRateConstraint(0.5, 2);
    const first = constraint.start();
    first.afterRequest?.('errored', state(), RECORD);
    expect(first.afterRequest?.('errored', state(), RECORD)).toBeDefined();
    const second = constraint.start();
    expect(second.afterRequest?.('errored', state(), RECORD)).toBeUndefined();
  });
});
