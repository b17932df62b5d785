import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeDistribution,
  computeWeightedDistribution,
} from '../../src/metrics/distribution.js';
import { PERCENTILE_KEYS } from '../../src/metrics/distribution-types.js';
import {
  CONCURRENCY_EPSILON_MS,
  computeConcurrency,
  sweepConcurrency,
} from '../../src/metrics/concurrency.js';
import { splitByStatus } from '../../src/metrics/status-split.js';
import { RecordStore, STATUS_CODES } from '../../src/core/record-store.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

/** The published test vectors of GuideLLM and vLLM, with the values their tests expect. */
const vectors = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'vectors', name), 'utf8'));
const guidellm = vectors('guidellm-statistics.json');
const vllm = vectors('vllm-benchmarks.json');

interface ConcurrencyVector {
  type: string;
  window: [number, number] | null;
  expected: { mean: number; median: number; stdDev: number };
}

interface PeakVector {
  name: string;
  intervals: [number, number][];
  peak: number;
}

/** numpy.linspace(start, stop, num): `start + i · step`, the last element exactly `stop`. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : start + i * step));
}

/** GuideLLM's concurrency_distributions(type, 1000, 0, 100) as [start, end] intervals. */
function guidellmIntervals(type: string): [number, number][] {
  const n = 1000;
  switch (type) {
    case 'sequential': {
      const t = linspace(0, 100, n + 1);
      return t.slice(0, -1).map((start, i) => [start, t[i + 1]!]);
    }
    case 'parallel':
      return Array.from({ length: n }, () => [0, 100]);
    case 'constant_rate':
      return linspace(0, 90, n).map((start) => [start, start + 10]);
    case 'burst':
      return Array.from({ length: n }, () => [0, 10]);
    case 'triangular_ramp':
      return linspace(0, 50, n).map((start) => [start, start + 50]);
    default:
      throw new Error(`unknown vector ${type}`);
  }
}

/** A record store of successful requests in flight over `intervals` (one time unit = 1 ms). */
function storeOf(intervals: readonly (readonly [number, number])[]): RecordStore {
  const store = new RecordStore({ initialCapacity: intervals.length });
  intervals.forEach(([start, end], index) => {
    const record: RequestRecord = {
      index,
      status: 'successful',
      scheduledAt: start,
      dispatchedAt: start,
      headersAt: NaN,
      firstTokenAt: NaN,
      firstOutputTokenAt: NaN,
      lastTokenAt: NaN,
      endedAt: end,
      promptTokens: NaN,
      promptTokensSource: 'none',
      outputTokens: NaN,
      outputTokensSource: 'none',
      tokenCountDiscrepancy: NaN,
      intendedPromptTokens: NaN,
      promptTokenDifference: NaN,
      contentParts: 0,
      itlGapsMs: new Float64Array(0),
    };
    store.append(record);
  });
  return store;
}

function spanOf(intervals: readonly (readonly [number, number])[]) {
  return {
    startMs: Math.min(...intervals.map(([start]) => start)),
    endMs: Math.max(...intervals.map(([, end]) => end)),
  };
}

describe('GuideLLM statistics vectors', () => {
  it('summarises linspace(0, 100, 1001) as GuideLLM publishes it', () => {
    const [start, stop, num] = guidellm.statistics.values.linspace as [number, number, number];
    const d = computeDistribution(linspace(start, stop, num));
    const expected = guidellm.statistics.expected;
    expect(d.count).toBe(expected.count);
    for (const key of ['mean', 'median', 'variance', 'stdDev', 'min', 'max', 'sum'] as const) {
      expect(d[key]).toBeCloseTo(expected[key], 9);
    }
    for (const key of PERCENTILE_KEYS) {
      expect(d.percentiles[key]).toBeCloseTo(expected.percentiles[key], 9);
    }
  });

  it('weights values like GuideLLM, but counts samples where GuideLLM sums weights', () => {
    const { values, weights, expected } = guidellm.weighted;
    const d = computeWeightedDistribution(values, weights);
    expect(Math.abs(d.mean! - expected.mean)).toBeLessThanOrEqual(expected.meanTolerance);
    // GuideLLM: count = Σ weights = 4; inferbench: count = weighted samples = 3 (documented).
    expect(expected.guidellmCount).toBe(4);
    expect(d.count).toBe(values.length);
  });

  it('splits by status with the counts GuideLLM expects, total the union', () => {
    for (const { successful, incomplete, errored } of guidellm.statusSplit.cases as {
      successful: number[];
      incomplete: number[];
      errored: number[];
    }[]) {
      const values = Float64Array.from([...successful, ...incomplete, ...errored]);
      const codes = Uint8Array.from([
        ...successful.map(() => STATUS_CODES.successful),
        ...incomplete.map(() => STATUS_CODES.incomplete),
        ...errored.map(() => STATUS_CODES.errored),
      ]);
      const split = splitByStatus(values, codes);
      expect(split.successful.count).toBe(successful.length);
      expect(split.incomplete.count).toBe(incomplete.length);
      expect(split.errored.count).toBe(errored.length);
      expect(split.total.count).toBe(successful.length + incomplete.length + errored.length);
    }
  });

  it.each(
    (guidellm.concurrency.cases as ConcurrencyVector[]).map(
      (vector) => [vector.type, vector] as const,
    ),
  )('matches the %s concurrency vector', (type, { window, expected }) => {
    const intervals = guidellmIntervals(type);
    const measured = window === null ? spanOf(intervals) : { startMs: window[0], endMs: window[1] };
    const d = computeConcurrency(storeOf(intervals), measured).total;
    const close = (actual: number | null, wanted: number) =>
      // pytest.approx(wanted, rel=1e-2): relative, and 1e-12 absolute around 0.
      expect(Math.abs(actual! - wanted)).toBeLessThanOrEqual(
        Math.max(guidellm.concurrency.relativeTolerance * Math.abs(wanted), 1e-12),
      );
    close(d.mean, expected.mean);
    close(d.median, expected.median);
    close(d.stdDev, expected.stdDev);
  });

  it('holds the constant-rate vector at one level: events a rounding error apart are one instant', () => {
    // Starts at linspace(0, 90, 1000) and ends 10 later: ends and starts meant to coincide
    // differ by float rounding. Without merging they made levels 110 and 112 (σ 1.07e-7).
    const intervals = guidellmIntervals('constant_rate');
    const d = computeConcurrency(storeOf(intervals), { startMs: 10, endMs: 90 }).total;
    expect(d.min).toBe(111);
    expect(d.max).toBe(111);
    expect(d.stdDev).toBe(0);
  });

  it('describes an empty distribution with null where GuideLLM reports 0', () => {
    const d = computeConcurrency(new RecordStore(), { startMs: 0, endMs: 100 }).total;
    expect(d.count).toBe(guidellm.empty.expected.count);
    expect(guidellm.empty.expected.guidellmMean).toBe(0);
    expect(d.mean).toBeNull();
  });
});

describe('vLLM concurrency vectors', () => {
  const cases = vllm.concurrency.cases as PeakVector[];
  it.each(cases.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const d = computeConcurrency(storeOf(vector.intervals), spanOf(vector.intervals)).total;
    // A peak of 0 (no request ever in flight) is an empty distribution.
    if (vector.peak === 0) expect(d.count).toBe(0);
    else expect(d.max).toBe(vector.peak);
  });
});

describe('the concurrency epsilon', () => {
  it('merges events closer than the epsilon and keeps those farther apart', () => {
    const starts = Float64Array.from([0, 10 + CONCURRENCY_EPSILON_MS / 2]);
    const ends = Float64Array.from([10, 20]);
    const merged = sweepConcurrency(starts, ends, { startMs: 0, endMs: 20 });
    // The hand-over is one instant: level 1 throughout, level 2 never held.
    expect(merged.levelMs[2]).toBe(0);
    expect(merged.levelMs[1]).toBeCloseTo(20, 9);
    const apart = sweepConcurrency(Float64Array.from([0, 10 - 1e-3]), ends, {
      startMs: 0,
      endMs: 20,
    });
    expect(apart.levelMs[2]).toBeCloseTo(1e-3, 9);
  });
});
