import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { RecordStore } from '../../src/core/record-store.js';
import { computeGoodput, goodputThresholds } from '../../src/metrics/goodput.js';
import { parseSlo, sloLabel } from '../../src/metrics/slo-parse.js';
import { evaluateSlo } from '../../src/metrics/slo.js';
import { assembleBenchmark } from '../../src/assembly/assemble-benchmark.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';
import { emptyBenchmark } from '../helpers/empty-benchmark.js';
import { BenchmarkSchema } from '../../src/report/benchmark-schema.js';
import type { RequestRecord, RequestStatus } from '../../src/spec/request-record.js';

describe('parseSlo', () => {
  it('parses the string form with snake_case and camelCase names', () => {
    const { objectives, errors } = parseSlo(
      'ttft_ms.p99<=500, itlMs.p95<50,error_rate<=0.01,requests_per_second>=10,request_latency_ms.median<=2000',
    );
    expect(errors).toEqual([]);
    expect(objectives).toEqual([
      { metric: 'ttftMs', statistic: 'p99', operator: '<=', threshold: 500 },
      { metric: 'itlMs', statistic: 'p95', operator: '<', threshold: 50 },
      { metric: 'errorRate', operator: '<=', threshold: 0.01 },
      { metric: 'requestsPerSecond', statistic: 'mean', operator: '>=', threshold: 10 },
      { metric: 'requestLatencyMs', statistic: 'median', operator: '<=', threshold: 2000 },
    ]);
    expect(objectives.map(sloLabel)).toEqual([
      'ttft_ms.p99<=500',
      'itl_ms.p95<50',
      'error_rate<=0.01',
      'requests_per_second.mean>=10',
      'request_latency_ms.median<=2000',
    ]);
  });

  it('parses the object form with default operators per metric kind', () => {
    const { objectives, errors } = parseSlo({
      ttftMs: { p99: 500, p999: 900 },
      tpot_ms: { mean: 40 },
      errorRate: 0.01,
      outputTokensPerSecond: { mean: 100 },
    });
    expect(errors).toEqual([]);
    expect(objectives).toContainEqual({
      metric: 'ttftMs',
      statistic: 'p999',
      operator: '<=',
      threshold: 900,
    });
    expect(objectives).toContainEqual({
      metric: 'tpotMs',
      statistic: 'mean',
      operator: '<=',
      threshold: 40,
    });
    expect(objectives).toContainEqual({
      metric: 'outputTokensPerSecond',
      statistic: 'mean',
      operator: '>=',
      threshold: 100,
    });
  });

  it('names the bad field, what was expected and what was received', () => {
    expect(parseSlo('ttfb_ms.p99<=500').errors[0]).toMatch(
      /unknown SLO metric "ttfb_ms": expected one of .*ttftMs/,
    );
    expect(parseSlo('ttft_ms.p98<=500').errors[0]).toMatch(/unknown statistic "p98".*p99/);
    expect(parseSlo('ttft_ms<=500').errors[0]).toMatch(/expected a statistic such as ttft_ms\.p99/);
    expect(parseSlo('ttft_ms.p99=500').errors[0]).toMatch(/expected metric\.statistic<=threshold/);
    expect(parseSlo('ttft_ms.p99<=fast').errors[0]).toMatch(/expected a number after <=.*"fast"/);
    expect(parseSlo('error_rate.p99<=0.1').errors[0]).toMatch(/error_rate: takes no statistic/);
    expect(parseSlo('').errors[0]).toMatch(/at least one objective/);
    expect(parseSlo({ ttftMs: 'fast' }).errors[0]).toMatch(/ttftMs/);
    // Several problems are all reported.
    expect(parseSlo('foo.p99<=1,ttft_ms.p98<=2').errors).toHaveLength(2);
  });

  it('rejects bad SLO args with ERR_INVALID_ARGS naming slo', () => {
    const base = { target: 'http://x', maxSeconds: 1 };
    expect(parseArgs({ ...base, slo: 'ttft_ms.p99<=500' }).slo).toBe('ttft_ms.p99<=500');
    expect(() => parseArgs({ ...base, slo: 'ttft.p99<=500' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGS', message: expect.stringMatching(/slo/) }),
    );
    expect(() => parseArgs({ ...base, profile: 'capacity' })).toThrow(
      /slo.*capacity|capacity.*slo/,
    );
  });
});

function record(
  index: number,
  status: RequestStatus,
  dispatchedAt: number,
  ttftMs: number,
  latencyMs: number,
  outputTokens = 5,
): RequestRecord {
  const first = dispatchedAt + ttftMs;
  const end = dispatchedAt + latencyMs;
  const gaps = outputTokens >= 2 ? (end - first) / (outputTokens - 1) : 0;
  return {
    index,
    status,
    scheduledAt: dispatchedAt,
    dispatchedAt,
    headersAt: dispatchedAt + 1,
    firstTokenAt: status === 'errored' ? NaN : first,
    firstOutputTokenAt: status === 'errored' ? NaN : first,
    lastTokenAt: status === 'errored' ? NaN : end,
    endedAt: end,
    promptTokens: 10,
    promptTokensSource: 'server',
    outputTokens: status === 'errored' ? NaN : outputTokens,
    outputTokensSource: 'server',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: NaN,
    promptTokenDifference: NaN,
    contentParts: status === 'errored' ? 0 : outputTokens,
    itlGapsMs: new Float64Array(status === 'errored' ? 0 : outputTokens - 1).fill(gaps),
  };
}

/**
 * Ten requests over a 10 s benchmark, one dispatched per second: TTFT 100..1000 ms, each taking
 * 2000 ms in all (so TPOT (2000 − TTFT) / 4); request 9 errored.
 */
function store(): RecordStore {
  const records = new RecordStore({ initialCapacity: 4 });
  for (let i = 0; i < 10; i++) {
    records.append(record(i, i === 9 ? 'errored' : 'successful', i * 1000, (i + 1) * 100, 2000));
  }
  return records;
}

describe('goodput', () => {
  it('counts the requests meeting every per-request threshold', () => {
    const thresholds = goodputThresholds(parseSlo('ttft_ms.p99<=500,tpot_ms.p50<=400').objectives);
    // TTFT <= 500: requests 0..4; TPOT = (2000 − TTFT)/4 <= 400 needs TTFT >= 400: requests 3..
    const goodput = computeGoodput(store(), { startMs: 0, endMs: 12_000 }, thresholds);
    expect(goodput.goodRequests).toBe(2);
    expect(goodput.finishedRequests).toBe(10);
    expect(goodput.fraction).toBeCloseTo(0.2, 12);
    // Good requests 3 and 4 completed at 5000 and 6000, inside the 12 s window.
    expect(goodput.requestsPerSecond).toBeCloseTo(2 / 12, 12);
  });

  it('takes the loosest bound per metric and ignores throughput and error objectives', () => {
    expect(
      goodputThresholds(
        parseSlo('ttft_ms.p50<=100,ttft_ms.p99<=500,error_rate<=0.1,requests_per_second>=3')
          .objectives,
      ),
    ).toEqual([{ metric: 'ttftMs', operator: '<=', threshold: 500 }]);
  });

  it('applies the window: the fraction by dispatch, the rate by completion', () => {
    const thresholds = goodputThresholds(parseSlo('ttft_ms.p99<=10000').objectives);
    // Window [3000, 7000]: dispatched inside are 3..7 (all good); completed inside are 1..5.
    const goodput = computeGoodput(store(), { startMs: 3000, endMs: 7000 }, thresholds);
    expect(goodput.goodRequests).toBe(5);
    expect(goodput.finishedRequests).toBe(5);
    expect(goodput.requestsPerSecond).toBeCloseTo(5 / 4, 12);
  });

  it('uses a request’s mean gap for itl_ms', () => {
    // Mean gap (2000 − TTFT)/4 < 300 needs TTFT > 800: only request 8 (request 9 errored).
    const thresholds = goodputThresholds(parseSlo('itl_ms.p99<300').objectives);
    const goodput = computeGoodput(store(), { startMs: 0, endMs: 12_000 }, thresholds);
    expect(goodput.goodRequests).toBe(1);
  });
});

/** What an SLO is measured on, taken from an assembled benchmark. */
function subject(benchmark: Benchmark) {
  return { metrics: benchmark.metrics, dispatched: benchmark.measuredRequestCounts.dispatched };
}

describe('evaluateSlo', () => {
  function benchmark() {
    const records = store();
    return assembleBenchmark({
      index: 0,
      strategy: { type: 'synchronous' },
      status: 'completed',
      stopReason: 'max-seconds',
      startMs: 0,
      endMs: 10_000,
      records,
      eventLoopDelayMs: { p50: 0, p99: 0, max: 0 },
      retainRequests: false,
      startedAtEpochMs: 0,
    });
  }

  it('gives each objective its measured value and verdict, and passes only when all pass', () => {
    const { objectives } = parseSlo(
      'ttft_ms.max<=900,ttft_ms.p50<=400,error_rate<=0.2,requests_per_second>=0.8',
    );
    const report = evaluateSlo(objectives, subject(benchmark()));
    expect(report.objectives.map((o) => [o.name, o.measured, o.passed])).toEqual([
      ['ttft_ms.max<=900', 900, true],
      ['ttft_ms.p50<=400', 500, false],
      ['error_rate<=0.2', 0.1, true],
      ['requests_per_second.mean>=0.8', 0.9, true],
    ]);
    expect(report.passed).toBe(false);
    expect(evaluateSlo(objectives.slice(0, 1), subject(benchmark())).passed).toBe(true);
  });

  it('fails an objective with nothing to measure instead of passing on zeros', () => {
    const empty = emptyBenchmark();
    const report = evaluateSlo(
      parseSlo('ttft_ms.p99<=500,error_rate<=0.5').objectives,
      subject(empty),
    );
    expect(report.objectives.map((o) => o.measured)).toEqual([null, null]);
    expect(report.passed).toBe(false);
    expect(BenchmarkSchema.shape.slo.parse(report)).toEqual(report);
  });
});
