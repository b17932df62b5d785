import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import {
  normalizeTransientPhase,
  parseTransientPhaseString,
} from '../../src/args/transient-phase.js';
import { RecordStore } from '../../src/core/record-store.js';
import type { ScheduleResult } from '../../src/core/schedule-types.js';
import { computeMeasuredWindow } from '../../src/metrics/measured-window.js';
import { finishBenchmark } from '../../src/assembly/finish-benchmark.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

describe('warmup and cooldown specs', () => {
  it('reads numbers GuideLLM-style: below 1 a fraction, from 1 seconds', () => {
    expect(normalizeTransientPhase(0.1)).toEqual({ fraction: 0.1 });
    expect(normalizeTransientPhase(5)).toEqual({ seconds: 5 });
    expect(normalizeTransientPhase({ requests: 20 })).toEqual({ requests: 20 });
    expect(normalizeTransientPhase(undefined)).toBeUndefined();
  });

  it('parses the string forms and names what is wrong', () => {
    expect(parseTransientPhaseString('10%')).toEqual({ fraction: 0.1 });
    expect(parseTransientPhaseString('2.5s')).toEqual({ seconds: 2.5 });
    expect(parseTransientPhaseString('20req')).toEqual({ requests: 20 });
    expect(parseTransientPhaseString('requests=7')).toEqual({ requests: 7 });
    expect(parseTransientPhaseString('0.2')).toEqual({ fraction: 0.2 });
    expect(parseTransientPhaseString('3')).toEqual({ seconds: 3 });
    expect(parseTransientPhaseString('2.5req')).toMatch(/whole number of requests/);
    expect(parseTransientPhaseString('fraction=1.5')).toMatch(/fraction in \[0, 1\)/);
    expect(parseTransientPhaseString('soon')).toMatch(/received "soon"/);
  });

  it('validates warmup and cooldown args with the field named', () => {
    const base = { target: 'http://x', maxSeconds: 1 };
    expect(parseArgs({ ...base, warmup: 0.1, cooldown: { requests: 3 } }).warmup).toBe(0.1);
    expect(() => parseArgs({ ...base, warmup: { fraction: 1.2 } })).toThrow(/warmup/);
    expect(() => parseArgs({ ...base, cooldown: 'abc' })).toThrow(/cooldown.*abc/);
    expect(() => parseArgs({ ...base, warmup: -1 })).toThrow(/warmup/);
  });
});

describe('computeMeasuredWindow', () => {
  const span = { startMs: 1000, endMs: 11_000, dispatchedAt: [], endedAt: [] };

  it('cuts a fraction of the actual duration from each end', () => {
    expect(
      computeMeasuredWindow({ ...span, warmup: { fraction: 0.1 }, cooldown: { fraction: 0.2 } }),
    ).toEqual({ startMs: 2000, endMs: 9000 });
  });

  it('cuts seconds from the start and the end', () => {
    expect(
      computeMeasuredWindow({ ...span, warmup: { seconds: 1.5 }, cooldown: { seconds: 0.5 } }),
    ).toEqual({ startMs: 2500, endMs: 10_500 });
  });

  it('cuts requests by the (N+1)-th dispatch and the (N+1)-th completion from the last', () => {
    const window = computeMeasuredWindow({
      ...span,
      // Unordered on purpose: the store keeps completion order.
      dispatchedAt: [1300, 1000, 1200, 1100, 1400],
      endedAt: [5000, 9000, 7000, NaN, 8000],
      warmup: { requests: 2 },
      cooldown: { requests: 1 },
    });
    expect(window).toEqual({ startMs: 1200, endMs: 8000 });
  });

  it('leaves an empty window when the phases overlap or there are too few requests', () => {
    const overlap = computeMeasuredWindow({
      ...span,
      warmup: { fraction: 0.6 },
      cooldown: { fraction: 0.6 },
    });
    expect(overlap.endMs - overlap.startMs).toBe(0);
    const few = computeMeasuredWindow({
      ...span,
      dispatchedAt: [1000, 1100],
      endedAt: [2000, 2100],
      warmup: { requests: 5 },
    });
    expect(few.endMs - few.startMs).toBe(0);
  });

  it('keeps the whole benchmark without phases', () => {
    expect(computeMeasuredWindow(span)).toEqual({ startMs: 1000, endMs: 11_000 });
  });
});

/**
 * Records as a manual clock would stamp them: request i is dispatched at 1000 i ms and takes
 * 1500 ms (TTFT 100 + 10 i ms), over a benchmark from 0 to 10 000 ms.
 */
function manualClockRun(): ScheduleResult {
  const records: RequestRecord[] = [];
  for (let i = 0; i < 9; i++) {
    const dispatchedAt = i * 1000;
    records.push({
      index: i,
      status: 'successful',
      scheduledAt: dispatchedAt,
      dispatchedAt,
      headersAt: dispatchedAt + 50,
      firstTokenAt: dispatchedAt + 100 + 10 * i,
      firstOutputTokenAt: dispatchedAt + 100 + 10 * i,
      lastTokenAt: dispatchedAt + 1400,
      endedAt: dispatchedAt + 1500,
      promptTokens: 10,
      promptTokensSource: 'server',
      outputTokens: 4,
      outputTokensSource: 'server',
      tokenCountDiscrepancy: NaN,
      intendedPromptTokens: NaN,
      promptTokenDifference: NaN,
      contentParts: 4,
      itlGapsMs: new Float64Array([400, 400, 400]),
    });
  }
  const store = new RecordStore();
  for (const record of records) store.append(record);
  return {
    startMs: 0,
    endMs: 10_000,
    stop: { reason: 'max-seconds', mode: 'cancel', detail: '' },
    aborted: false,
    records: store,
    eventLoopDelayMs: { p50: 0, p99: 0, max: 0 },
  };
}

function finish(overrides: Partial<Parameters<typeof finishBenchmark>[0]>) {
  return finishBenchmark({
    index: 0,
    strategy: { type: 'synchronous' },
    result: manualClockRun(),
    retainRequests: false,
    startedAtEpochMs: 0,
    ...overrides,
  });
}

describe('measured window in a finished benchmark', () => {
  it('counts latency by dispatch and throughput by completion inside the window', async () => {
    // Window [2000, 8000]: dispatched inside are requests 2..8; completed inside (endedAt
    // 1500 + 1000 i) are requests 1..6.
    const benchmark = await finish({ warmup: { seconds: 2 }, cooldown: { seconds: 2 } });
    expect(benchmark.timings.measureStart).toBe(2000);
    expect(benchmark.timings.measureEnd).toBe(8000);
    expect(benchmark.timings.warmup).toBe(2000);
    expect(benchmark.timings.cooldown).toBe(2000);
    const ttft = benchmark.metrics.ttftMs.successful;
    expect(ttft.count).toBe(7);
    expect(ttft.min).toBe(120);
    expect(ttft.max).toBe(180);
    expect(benchmark.metrics.requestsPerSecond.successful.mean).toBeCloseTo(6 / 6, 10);
    // Request counts keep the whole benchmark.
    expect(benchmark.requestCounts.total).toBe(9);
  });

  it('cuts by requests: the first N dispatched and the last N completed', async () => {
    const benchmark = await finish({ warmup: { requests: 3 }, cooldown: { requests: 2 } });
    // The 4th dispatch (3000) opens the window; the 3rd completion from the last (7500) closes
    // it, leaving requests 3..7 dispatched inside and requests 2..6 completed inside.
    expect(benchmark.timings.measureStart).toBe(3000);
    expect(benchmark.timings.measureEnd).toBe(7500);
    expect(benchmark.metrics.ttftMs.successful.count).toBe(5);
    expect(benchmark.metrics.requestsPerSecond.successful.mean).toBeCloseTo(5 / 4.5, 10);
    expect(benchmark.metrics.ttftMs.successful.min).toBe(130);
  });

  it('measures everything without warmup or cooldown', async () => {
    const benchmark = await finish({});
    expect(benchmark.metrics.ttftMs.successful.count).toBe(9);
    expect(benchmark.timings.warmup).toBe(0);
    expect(benchmark.timings.cooldown).toBe(0);
  });
});
