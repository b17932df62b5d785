import { beforeEach, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import {
  createOverSaturationConstraint,
  type OverSaturationVerdict,
} from '../../src/constraints/over-saturation.js';
import type { SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { useMockServers } from '../helpers/mock-servers.js';

// Two slots; a slot is held for a 20 ms prefill plus 7 steps of 10 ms (8 output tokens), so the
// engine serves 2 / 0.090 = 22.2 requests per second.
const SIMULATOR_FLAGS = [
  '--max-batch',
  '2',
  '--prefill-ms-base',
  '20',
  '--prefill-ms-per-token',
  '0',
  '--decode-step-ms',
  '10',
  '--decode-step-ms-per-seq',
  '0',
];
const CAPACITY = 2 / 0.09;
const DATA = 'prompt_tokens=16,output_tokens=8';
// Short intervals and an early start, so that a few seconds suffice; the method is the same.
const DETECTOR = { minSeconds: 1.5, intervalSeconds: 0.25, minIntervals: 4 };

const mocks = useMockServers();
let mock: SpawnedMockServer;

beforeEach(async () => {
  mock = await mocks.spawn(SIMULATOR_FLAGS);
});

describe('over-saturation detection against the engine simulator', () => {
  it('stops a benchmark offered three times the capacity, and the rate list with it', async () => {
    const report = await runBenchmark({
      target: mock.url,
      data: DATA,
      profile: 'constant',
      rate: [3 * CAPACITY, 6 * CAPACITY],
      maxSeconds: 4,
      overSaturation: DETECTOR,
    });
    expect(report.benchmarks).toHaveLength(1);
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('over-saturation');
    expect(report.stopReason).toBe('over-saturation');
    expect(benchmark.timings.duration).toBeLessThan(3000);
    // The queue grows by the excess rate: 3 × 22.2 − 22.2 ≈ 44 requests per second.
    const detail = JSON.stringify(benchmark);
    const slope = /in-flight requests grew (\d+\.\d+) ± (\d+\.\d+) per s/.exec(detail);
    expect(slope).not.toBeNull();
    expect(Number(slope![1])).toBeGreaterThan(30);
    expect(Number(slope![1])).toBeLessThan(55);
    expect(detail).toMatch(/TTFT \d+\.\d ± \d+\.\d ms per s/);
  });

  it('does not stop a benchmark offered half the capacity', async () => {
    const verdicts: OverSaturationVerdict[] = [];
    const report = await runBenchmark({
      target: mock.url,
      data: DATA,
      profile: 'constant',
      rate: CAPACITY / 2,
      maxSeconds: 3.5,
      constraints: [
        createOverSaturationConstraint({ ...DETECTOR, onEvaluate: (v) => verdicts.push(v) }),
      ],
    });
    expect(report.benchmarks[0]!.stopReason).toBe('max-seconds');
    // The detector had enough data to decide, several times, and each time said no.
    const decided = verdicts.filter((verdict) => verdict.decided);
    expect(decided.length).toBeGreaterThanOrEqual(5);
    expect(decided.every((verdict) => !verdict.overSaturated)).toBe(true);
  });
});
