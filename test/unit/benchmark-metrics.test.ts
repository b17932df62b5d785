import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../src/core/record-store.js';
import {
  assembleBenchmark,
  type AssembleBenchmarkInput,
} from '../../src/assembly/assemble-benchmark.js';
import { buildReport } from '../../src/report/build-report.js';
import { validateReport } from '../../src/report/validate-report.js';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

const PRECISION = 10;

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    index: 0,
    status: 'successful',
    scheduledAt: NaN,
    dispatchedAt: NaN,
    headersAt: NaN,
    firstTokenAt: NaN,
    firstOutputTokenAt: NaN,
    lastTokenAt: NaN,
    endedAt: NaN,
    promptTokens: NaN,
    promptTokensSource: 'server',
    outputTokens: NaN,
    outputTokensSource: 'server',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: NaN,
    promptTokenDifference: NaN,
    contentParts: 0,
    itlGapsMs: new Float64Array(0),
    ...overrides,
  };
}

/**
 * A 10 s benchmark with warmup [0, 1000) and cooldown (9000, 10000], so the measured window is
 * [1000, 9000]. Times in ms since run start.
 *
 *   E  successful  dispatched   500 (warmup)   ended 1200 (inside)  → throughput only
 *   A  successful  dispatched  1002             ended 1500
 *   B  successful  dispatched  2000 (reasoning first: output starts at 2300)  ended 2600
 *   C  errored     dispatched  3000  HTTP 500 at 3010, no tokens
 *   D  incomplete  dispatched  8500  cancelled at 9500 (cooldown)        → latency only
 *   F  successful  dispatched  9200 (cooldown)  ended 9800               → neither
 */
function handMadeStore(): RecordStore {
  const store = new RecordStore({ initialCapacity: 2 });
  const gaps = (...values: number[]) => new Float64Array(values);
  // Appended in completion order, as the core does.
  store.append(
    record({
      index: 0,
      scheduledAt: 500,
      dispatchedAt: 500,
      firstTokenAt: 600,
      firstOutputTokenAt: 600,
      lastTokenAt: 700,
      endedAt: 1200,
      promptTokens: 7,
      outputTokens: 5,
      contentParts: 5,
      itlGapsMs: gaps(25, 25, 25, 25),
    }),
  ); // E
  store.append(
    record({
      index: 1,
      scheduledAt: 1000,
      dispatchedAt: 1002,
      headersAt: 1050,
      firstTokenAt: 1100,
      firstOutputTokenAt: 1100,
      lastTokenAt: 1400,
      endedAt: 1500,
      promptTokens: 10,
      outputTokens: 4,
      contentParts: 4,
      itlGapsMs: gaps(100, 100, 100),
    }),
  ); // A
  store.append(
    record({
      index: 2,
      scheduledAt: 2000,
      dispatchedAt: 2000,
      firstTokenAt: 2200,
      firstOutputTokenAt: 2300,
      lastTokenAt: 2600,
      endedAt: 2600,
      promptTokens: 20,
      outputTokens: 3,
      contentParts: 3,
      itlGapsMs: gaps(150, 250),
      tokenCountDiscrepancy: 2,
    }),
  ); // B
  store.append(
    record({
      index: 3,
      status: 'errored',
      scheduledAt: 3000,
      dispatchedAt: 3000,
      headersAt: 3010,
      endedAt: 3010,
      promptTokens: 5,
      promptTokensSource: 'data',
      outputTokens: 0,
      outputTokensSource: 'parts',
      error: { code: 'HTTP_ERROR', message: 'HTTP 500', httpStatus: 500 },
    }),
  ); // C
  store.append(
    record({
      index: 5,
      scheduledAt: 9200,
      dispatchedAt: 9200,
      firstTokenAt: 9300,
      firstOutputTokenAt: 9300,
      lastTokenAt: 9500,
      endedAt: 9800,
      promptTokens: 9,
      outputTokens: 3,
      contentParts: 3,
      itlGapsMs: gaps(100, 100),
    }),
  ); // F
  store.append(
    record({
      index: 4,
      status: 'incomplete',
      scheduledAt: 8500,
      dispatchedAt: 8500,
      firstTokenAt: 8600,
      firstOutputTokenAt: 8600,
      lastTokenAt: 8800,
      endedAt: 9500,
      promptTokens: 8,
      outputTokens: 2,
      outputTokensSource: 'parts',
      contentParts: 2,
      itlGapsMs: gaps(200),
    }),
  ); // D
  return store;
}

function input(overrides: Partial<AssembleBenchmarkInput> = {}): AssembleBenchmarkInput {
  return {
    index: 0,
    strategy: { type: 'constant', ratePerSecond: 1 },
    status: 'completed',
    stopReason: 'max-seconds',
    startMs: 0,
    endMs: 10_000,
    // The measured window [1000, 9000].
    warmup: { seconds: 1 },
    cooldown: { seconds: 1 },
    records: handMadeStore(),
    eventLoopDelayMs: { p50: 1, p99: 2, max: 5 },
    retainRequests: true,
    startedAtEpochMs: Date.UTC(2026, 0, 1),
    ...overrides,
  };
}

describe('assembleBenchmark per-request metrics', () => {
  const { metrics, tokenCounts } = assembleBenchmark(input());

  it('computes TTFT and TTFOT from dispatch, for requests dispatched inside the window', () => {
    // A: 1100 − 1002 = 98; B: 2200 − 2000 = 200. E (warmup) and F (cooldown) are left out.
    expect(metrics.ttftMs.successful).toMatchObject({ count: 2, min: 98, max: 200, mean: 149 });
    expect(metrics.ttftMs.errored.count).toBe(0); // C never saw a token
    expect(metrics.ttftMs.incomplete).toMatchObject({ count: 1, mean: 100 }); // D: 8600 − 8500
    // total [98, 100, 200]: median is the middle sample
    expect(metrics.ttftMs.total).toMatchObject({ count: 3, median: 100, sum: 398 });
    // TTFOT: A 98; B 2300 − 2000 = 300 (reasoning came first)
    expect(metrics.ttfotMs.successful).toMatchObject({ min: 98, max: 300 });
  });

  it('pools ITL gaps and computes TPOT per request', () => {
    // Successful gaps: A [100, 100, 100] + B [150, 250] → sorted [100, 100, 100, 150, 250]
    const itl = metrics.itlMs.successful;
    expect(itl).toMatchObject({ count: 5, mode: 100, median: 100, mean: 140, sum: 700 });
    // p90: h = 0.9 · 4 = 3.6 → 150 + 0.6 · (250 − 150) = 210
    expect(itl.percentiles.p90).toBeCloseTo(210, PRECISION);
    // Total adds D's [200]: [100, 100, 100, 150, 200, 250]; p50: h = 2.5 → 100 + 0.5·50 = 125
    expect(metrics.itlMs.total).toMatchObject({ count: 6, mean: 150, median: 125 });
    // TPOT: A (1400 − 1100)/(4 − 1) = 100; B (2600 − 2200)/(3 − 1) = 200; D (8800 − 8600)/1 = 200
    expect(metrics.tpotMs.successful).toMatchObject({ count: 2, min: 100, max: 200 });
    expect(metrics.tpotMs.incomplete).toMatchObject({ count: 1, mean: 200 });
    expect(metrics.tpotMs.errored.count).toBe(0); // 0 output tokens: no TPOT
    // Decode time: A 300, B 400, D 200
    expect(metrics.decodeTimeMs.total).toMatchObject({ count: 3, min: 200, max: 400, mean: 300 });
  });

  it('gives a one-token answer a TTFT but no TPOT and no ITL', () => {
    const store = new RecordStore();
    store.append(
      record({
        scheduledAt: 0,
        dispatchedAt: 0,
        firstTokenAt: 50,
        firstOutputTokenAt: 50,
        lastTokenAt: 50,
        endedAt: 60,
        outputTokens: 1,
        contentParts: 1,
      }),
    );
    const one = assembleBenchmark(
      input({ records: store, startMs: 0, endMs: 100, warmup: undefined, cooldown: undefined }),
    ).metrics;
    expect(one.ttftMs.total).toMatchObject({ count: 1, mean: 50 });
    expect(one.tpotMs.total.count).toBe(0);
    expect(one.itlMs.total.count).toBe(0);
    expect(one.decodeTimeMs.total).toMatchObject({ count: 1, mean: 0 });
  });

  it('computes latency per status, and the scheduled (coordinated-omission) variants', () => {
    // A 1500 − 1002 = 498, B 600, C 10, D 1000
    expect(metrics.requestLatencyMs.successful).toMatchObject({ count: 2, min: 498, max: 600 });
    expect(metrics.requestLatencyMs.errored).toMatchObject({ count: 1, mean: 10 });
    expect(metrics.requestLatencyMs.incomplete).toMatchObject({ count: 1, mean: 1000 });
    // total [10, 498, 600, 1000]: h = 1.5 → 498 + 0.5 · 102 = 549
    expect(metrics.requestLatencyMs.total.median).toBe(549);
    // From scheduledAt: A 1500 − 1000 = 500, B 600; TTFT A 100, B 200
    expect(metrics.scheduledLatencyMs.successful).toMatchObject({ min: 500, max: 600 });
    expect(metrics.scheduledTtftMs.successful).toMatchObject({ min: 100, max: 200 });
    // Dispatch lag: A 2, B 0, C 0, D 0 → mean 0.5; p99: h = 2.97 → 0 + 0.97 · 2 = 1.94
    expect(metrics.dispatchLagMs.total.mean).toBe(0.5);
    expect(metrics.dispatchLagMs.total.percentiles.p99).toBeCloseTo(1.94, PRECISION);
  });

  it('summarises token counts and their sources', () => {
    expect(metrics.promptTokens.total).toMatchObject({ count: 4, sum: 10 + 20 + 5 + 8 });
    expect(metrics.outputTokens.errored).toMatchObject({ count: 1, mean: 0 });
    expect(metrics.outputTokens.successful).toMatchObject({ count: 2, sum: 7 });
    // Sources of the four requests dispatched in the window (A, B, C, D).
    expect(tokenCounts.outputTokensSource).toEqual({
      server: 2,
      tokenizer: 0,
      data: 0,
      parts: 2,
      none: 0,
    });
    expect(tokenCounts.promptTokensSource).toMatchObject({ server: 3, data: 1 });
    expect(tokenCounts.tokenCountDiscrepancy).toMatchObject({ count: 1, mean: 2 });
  });
});

describe('assembleBenchmark rates, concurrency and counts', () => {
  const benchmark = assembleBenchmark(input());
  const { metrics } = benchmark;

  it('counts throughput by completion inside the window', () => {
    // Window 8 s. Completed inside: E (1200), A (1500), B (2600), C (3010). D and F end after 9000.
    expect(metrics.requestsPerSecond.total.mean).toBe(4 / 8);
    expect(metrics.requestsPerSecond.successful.mean).toBe(3 / 8); // E, A, B
    expect(metrics.requestsPerSecond.errored.mean).toBe(1 / 8); // C
    expect(metrics.requestsPerSecond.incomplete.mean).toBe(0);
    // Eight 1 s buckets from 1000: [2, 1, 1, 0, 0, 0, 0, 0] requests
    expect(metrics.requestsPerSecond.total).toMatchObject({ count: 8, max: 2, min: 0, median: 0 });
    // Tokens: output E 5 + A 4 + B 3 + C 0 = 12; prompt 7 + 10 + 20 + 5 = 42
    expect(metrics.outputTokensPerSecond.total.mean).toBe(12 / 8);
    expect(metrics.promptTokensPerSecond.total.mean).toBe(42 / 8);
    expect(metrics.totalTokensPerSecond.total.mean).toBe(54 / 8);
  });

  it('weights concurrency by time over the window', () => {
    // In flight, clipped to [1000, 9000]: E [1000,1200] A [1002,1500] B [2000,2600] C [3000,3010]
    // D [8500,9000]. Level 2 for 1002–1200 (198 ms); level 1 for 2 + 300 + 600 + 10 + 500 = 1412
    // ms; level 0 for the remaining 8000 − 1610 = 6390 ms.
    const total = metrics.concurrency.total;
    expect(total.mean).toBeCloseTo((1412 + 2 * 198) / 8000, PRECISION); // 0.226
    // E[X²] − mean² = (1412 + 4 · 198) / 8000 − 0.226² = 0.2755 − 0.051076 = 0.224424
    expect(total.variance).toBeCloseTo(0.224424, PRECISION);
    expect(total.mode).toBe(0);
    expect(total.percentiles.p50).toBe(0); // 6390 / 8000 = 79.9% of the time at 0
    expect(total.percentiles.p90).toBe(1); // cumulative 7802 / 8000 = 97.5% at ≤ 1
    expect(total.percentiles.p99).toBe(2);
    expect(total.count).toBe(5); // E, A, B, C, D
    expect(total.sum).toBeCloseTo(1.808, PRECISION); // request-seconds
    // Successful only (E, A, B): level 2 for 198 ms, level 1 for 2 + 300 + 600 = 902 ms
    expect(metrics.concurrency.successful.mean).toBeCloseTo((902 + 2 * 198) / 8000, PRECISION);
    expect(metrics.concurrency.incomplete.mean).toBeCloseTo(500 / 8000, PRECISION);
  });

  it('counts the measured window’s requests: dispatched in it and completed in it', () => {
    // Dispatched in [1000, 9000]: A, B (successful), C (errored), D (incomplete). Completed in
    // it: E, A, B (successful), C (errored); D and F end after 9000.
    expect(benchmark.measuredRequestCounts).toEqual({
      dispatched: { successful: 2, errored: 1, incomplete: 1, total: 4 },
      completed: { successful: 3, errored: 1, incomplete: 0, total: 4 },
    });
    // They are the populations the metrics count: latency by dispatch, throughput by completion.
    expect(metrics.requestLatencyMs.total.count).toBe(
      benchmark.measuredRequestCounts.dispatched.total,
    );
    expect(metrics.requestsPerSecond.total.mean! * 8).toBe(
      benchmark.measuredRequestCounts.completed.total,
    );
  });

  it('counts every request of the benchmark and errors by code', () => {
    expect(benchmark.requestCounts).toEqual({ successful: 4, errored: 1, incomplete: 1, total: 6 });
    expect(benchmark.errorsByCode).toEqual({ HTTP_ERROR: 1 });
  });

  it('records timings and per-second series over the whole benchmark', () => {
    expect(benchmark.timings).toMatchObject({
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:10.000Z',
      measureStart: 1000,
      measureEnd: 9000,
      duration: 10_000,
      measureDuration: 8000,
      warmup: 1000,
      cooldown: 1000,
    });
    const series = benchmark.timeSeries;
    expect(series.requestsCompleted).toEqual([0, 2, 1, 1, 0, 0, 0, 0, 0, 2]);
    expect(series.requestsDispatched).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1]);
    expect(series.requestsErrored[3]).toBe(1);
    expect(series.outputTokens[1]).toBe(9); // E 5 + A 4
    expect(series.concurrency[0]).toBe(0.5); // E in flight 500–1000
  });

  it('keeps requests in dispatch order, absent moments as null', () => {
    const requests = benchmark.requests ?? [];
    expect(requests.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(requests[3]).toMatchObject({ status: 'errored', firstTokenAt: null, itlGapsMs: [] });
    expect(requests[3]?.error).toEqual({
      code: 'HTTP_ERROR',
      message: 'HTTP 500',
      httpStatus: 500,
    });
    expect(assembleBenchmark(input({ retainRequests: false })).requests).toBeUndefined();
  });

  it('defaults the window to the whole benchmark', () => {
    const whole = assembleBenchmark(input({ warmup: undefined, cooldown: undefined }));
    expect(whole.timings).toMatchObject({ warmup: 0, cooldown: 0, measureDuration: 10_000 });
    expect(whole.metrics.ttftMs.total.count).toBe(5); // E and F join
    expect(whole.metrics.requestsPerSecond.total.mean).toBe(6 / 10);
  });
});

describe('client honesty', () => {
  it('passes an honest client', () => {
    const { client } = assembleBenchmark(input());
    expect(client.clientBound).toBe(false);
    expect(client.clientBoundReason).toBeUndefined();
    expect(client.targetRatePerSecond).toBe(1);
    // 6 dispatches from 500 to 9200: (6 − 1) / 8.7 s
    expect(client.achievedRatePerSecond).toBeCloseTo(5 / 8.7, PRECISION);
  });

  it('flags a busy event loop', () => {
    const { client } = assembleBenchmark(input({ eventLoopDelayMs: { p50: 5, p99: 45, max: 80 } }));
    expect(client.clientBound).toBe(true);
    expect(client.clientBoundReason).toMatch(/event-loop delay p99 45 ms/);
  });

  it('flags dispatch lag and a rate that falls behind the schedule', () => {
    const store = new RecordStore();
    // Scheduled every 100 ms (10/s) but dispatched every 150 ms: the lag grows by 50 ms each time.
    for (let i = 0; i < 20; i++) {
      const dispatchedAt = i * 150;
      store.append(
        record({ index: i, scheduledAt: i * 100, dispatchedAt, endedAt: dispatchedAt + 50 }),
      );
    }
    const { client } = assembleBenchmark(
      input({
        records: store,
        startMs: 0,
        endMs: 3000,
        warmup: undefined,
        cooldown: undefined,
        strategy: { type: 'constant', ratePerSecond: 10 },
      }),
    );
    expect(client.clientBound).toBe(true);
    expect(client.clientBoundReason).toMatch(/dispatch lag p99/);
    expect(client.clientBoundReason).toMatch(/achieved 6\.67 requests\/s/); // 19 / 2.85 s
    expect(client.scheduledRatePerSecond).toBeCloseTo(10, PRECISION); // 19 / 1.9 s
  });
});

describe('report from a benchmark', () => {
  function findNonFinite(value: unknown, path: string, found: string[]): void {
    if (typeof value === 'number' && !Number.isFinite(value)) found.push(path);
    else if (Array.isArray(value)) value.forEach((v, i) => findNonFinite(v, `${path}.${i}`, found));
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) findNonFinite(v, `${path}.${key}`, found);
    }
  }

  it('passes the report schema and carries no NaN or Infinity', () => {
    const startedAtEpochMs = Date.UTC(2026, 0, 1);
    const report = validateReport(
      buildReport({
        status: 'completed',
        stopReason: 'max-seconds',
        startedAtEpochMs,
        endedAtEpochMs: startedAtEpochMs + 10_000,
        args: { target: 'http://localhost:8000' },
        benchmarks: [
          assembleBenchmark(input()),
          assembleBenchmark(input({ records: new RecordStore(), index: 1 })),
        ],
      }),
    );
    expect(BenchmarkReportSchema.safeParse(report).success).toBe(true);
    const found: string[] = [];
    findNonFinite(report, 'report', found);
    expect(found).toEqual([]);
    expect(report.definitions.itlMs).toMatch(/pooled/);
    expect(report.environment.package.name).toBe('inferbench');
    // An empty benchmark has empty distributions (null statistics), never NaN.
    expect(report.benchmarks[1]?.metrics.ttftMs.total.count).toBe(0);
  });
});
