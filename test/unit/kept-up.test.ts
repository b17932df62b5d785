import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../src/core/record-store.js';
import { assessKeptUp } from '../../src/metrics/kept-up.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

/** A successful request dispatched at `at` ms that took `latencyMs`. */
function request(index: number, at: number, latencyMs: number): RequestRecord {
  return {
    index,
    status: 'successful',
    scheduledAt: at,
    dispatchedAt: at,
    headersAt: at + 1,
    firstTokenAt: at + 2,
    firstOutputTokenAt: at + 2,
    lastTokenAt: at + latencyMs,
    endedAt: at + latencyMs,
    promptTokens: 16,
    promptTokensSource: 'data',
    outputTokens: 8,
    outputTokensSource: 'server',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: NaN,
    promptTokenDifference: NaN,
    contentParts: 8,
    itlGapsMs: new Float64Array(7).fill(1),
  };
}

/**
 * A server with `slots` slots that each serve a request in `serviceMs`, offered `rate`
 * requests per second for `seconds`: requests wait in a FIFO queue when every slot is busy.
 */
function simulate(rate: number, seconds: number, slots: number, serviceMs: number): RecordStore {
  const store = new RecordStore({ retainText: false, initialCapacity: 16 });
  const free = new Array<number>(slots).fill(0);
  const count = Math.floor(rate * seconds);
  for (let i = 0; i < count; i++) {
    const at = (i * 1000) / rate;
    const slot = free.indexOf(Math.min(...free));
    const start = Math.max(at, free[slot]!);
    free[slot] = start + serviceMs;
    store.append(request(i, at, start + serviceMs - at));
  }
  return store;
}

const WINDOW = { startMs: 0, endMs: 4000 };

describe('did the server keep up', () => {
  it('yes, at 80% of what the server can serve: it completes the offered rate, no queue grows', () => {
    // 4 slots of 100 ms: 40 requests/s at most.
    const report = assessKeptUp({
      records: simulate(32, 4, 4, 100),
      window: WINDOW,
      arrivals: 'constant',
      latencyP50Ms: 100,
    });
    expect(report.keptUp).toBe(true);
    expect(report.reason).toBeUndefined();
    expect(report.completedRatePerSecond).toBeGreaterThan(30);
    expect(report.concurrencyTrend).not.toBeNull();
    expect(report.concurrencyTrend!.growing).toBe(false);
    // Judged over the window less one median latency: 125 requests offered in its first 3.9 s.
    expect(report.offeredRatePerSecond).toBeCloseTo(125 / 3.9, 9);
    expect(report.requiredRatePerSecond).toBeCloseTo((125 * 0.95 - 1) / 3.9, 9);
  });

  it('no, at 140%: it completes what it can serve and the queue keeps growing', () => {
    const report = assessKeptUp({
      records: simulate(56, 4, 4, 100),
      window: WINDOW,
      arrivals: 'constant',
      latencyP50Ms: 500,
    });
    expect(report.keptUp).toBe(false);
    expect(report.completedRatePerSecond).toBeLessThan(41);
    expect(report.concurrencyTrend!.growing).toBe(true);
    // 16 more requests per second than served pile up in flight.
    expect(report.concurrencyTrend!.slopePerSecond).toBeGreaterThan(10);
    expect(report.reason).toMatch(
      /^completed [\d.]+ requests\/s of the 5\d\.\d+ offered .*; requests in flight grew by/,
    );
  });

  it('no, just past the edge where a short window hides the queue in the SLOs', () => {
    // 10% over: the completion rate is what tells.
    const report = assessKeptUp({
      records: simulate(44, 4, 4, 100),
      window: WINDOW,
      arrivals: 'constant',
      latencyP50Ms: 200,
    });
    expect(report.keptUp).toBe(false);
    expect(report.completedRatePerSecond).toBeLessThan(report.requiredRatePerSecond);
  });

  it('gives Poisson arrivals two standard deviations of room', () => {
    const report = assessKeptUp({
      records: simulate(30, 4, 4, 100),
      window: WINDOW,
      arrivals: 'poisson',
      latencyP50Ms: 100,
    });
    // 118 requests offered in the first 3.9 s.
    expect(report.offeredRatePerSecond).toBeCloseTo(118 / 3.9, 9);
    expect(report.requiredRatePerSecond).toBeCloseTo((118 * 0.95 - 2 * Math.sqrt(118)) / 3.9, 9);
  });

  it('cannot tell from a window under twice the median latency', () => {
    const report = assessKeptUp({
      records: simulate(30, 1, 4, 100),
      window: { startMs: 0, endMs: 1000 },
      arrivals: 'constant',
      latencyP50Ms: 600,
    });
    expect(report.keptUp).toBeNull();
    expect(report.reason).toBe(
      'the measured window (1 s) is under twice the median request latency (0.6 s): too short to tell',
    );
  });
});
