import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { redactArgs } from '../../src/args/redact.js';
import { planServerMetrics } from '../../src/args/server-metrics-args.js';
import { resolveConstraints } from '../../src/args/resolve-constraints.js';
import { withServerStateAtBracket } from '../../src/assembly/capacity-server-state.js';
import { addBenchmarkOptions, type BenchmarkFlags } from '../../src/cli/benchmark-options.js';
import { benchmarkArgs } from '../../src/cli/benchmark-args.js';
import { createOverSaturationDetector } from '../../src/constraints/over-saturation.js';
import { InferbenchError } from '../../src/errors.js';
import type { Benchmark } from '../../src/report/benchmark-schema.js';
import type { Capacity } from '../../src/report/report-schema.js';
import { summarizeWindow } from '../../src/server-metrics/summarize.js';
import type { BenchmarkState } from '../../src/spec/constraint.js';

function rejection(run: () => unknown): InferbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof InferbenchError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('serverMetrics args', () => {
  it('reads every form into one plan', () => {
    expect(planServerMetrics(undefined)).toEqual({
      urls: ['auto'],
      intervalMs: 1000,
      timeoutMs: 2000,
      keepRaw: false,
      explicit: false,
    });
    expect(planServerMetrics(true)).toMatchObject({ urls: ['auto'], explicit: true });
    expect(planServerMetrics(false)).toBeUndefined();
    expect(planServerMetrics('none')).toBeUndefined();
    expect(planServerMetrics('http://gpu:9400/metrics')).toMatchObject({
      urls: ['http://gpu:9400/metrics'],
      explicit: true,
    });
    expect(
      planServerMetrics({
        urls: ['auto', 'http://gpu:9400/metrics'],
        intervalMs: 250,
        keepRaw: true,
      }),
    ).toEqual({
      urls: ['auto', 'http://gpu:9400/metrics'],
      intervalMs: 250,
      timeoutMs: 2000,
      keepRaw: true,
      explicit: true,
    });
  });

  it('rejects what is not an endpoint, naming the field and what it received', () => {
    const error = rejection(() =>
      parseArgs({ target: 'http://localhost:8000', serverMetrics: ['auto', 'ftp://x/metrics'] }),
    );
    expect(error.code).toBe('ERR_INVALID_ARGS');
    expect(error.message).toContain('serverMetrics');
    expect(error.message).toContain('"ftp://x/metrics"');
    const interval = rejection(() =>
      parseArgs({ target: 'http://localhost:8000', serverMetrics: { intervalMs: 0 } }),
    );
    expect(interval.message).toContain('serverMetrics');
    expect(() =>
      parseArgs({ target: 'http://localhost:8000', serverMetrics: { interval: 5 } }),
    ).toThrow(InferbenchError);
  });

  it('keeps credentials of endpoint URLs out of the echoed args', () => {
    const echoed = redactArgs(
      parseArgs({
        target: 'http://localhost:8000',
        serverMetrics: { urls: ['auto', 'http://user:s3cret@gpu:9400/metrics?token=abc'] },
      }),
    );
    expect(JSON.stringify(echoed)).not.toContain('s3cret');
    expect(JSON.stringify(echoed)).not.toContain('abc');
    expect(echoed['serverMetrics']).toMatchObject({
      urls: ['auto', expect.stringContaining('gpu:9400')],
    });
  });
});

describe('--server-metrics', () => {
  const argsOf = (argv: string[]) => {
    const command = addBenchmarkOptions(new Command('benchmark')).exitOverride();
    command.parse(['--target', 'http://localhost:8000', ...argv], { from: 'user' });
    return benchmarkArgs(command.opts<BenchmarkFlags>(), command, new AbortController().signal);
  };

  it('is repeatable, takes auto and none, and an interval', () => {
    expect(argsOf([]).serverMetrics).toBeUndefined();
    expect(
      argsOf(['--server-metrics', 'auto', '--server-metrics', 'http://gpu:9400/metrics'])
        .serverMetrics,
    ).toEqual(['auto', 'http://gpu:9400/metrics']);
    expect(argsOf(['--server-metrics', 'none']).serverMetrics).toBe(false);
    expect(argsOf(['--server-metrics-interval-ms', '250']).serverMetrics).toEqual({
      intervalMs: 250,
    });
    expect(
      argsOf(['--server-metrics', 'http://gpu:9400/metrics', '--server-metrics-interval-ms', '500'])
        .serverMetrics,
    ).toEqual({ urls: ['http://gpu:9400/metrics'], intervalMs: 500 });
  });

  it('refuses none beside an endpoint', () => {
    const error = rejection(() =>
      argsOf(['--server-metrics', 'none', '--server-metrics', 'http://gpu:9400/metrics']),
    );
    expect(error.field).toBe('--server-metrics');
    expect(error.message).toContain('"none" turns scraping off');
  });
});

describe("over-saturation on the server's queue", () => {
  /** Feeds a detector 30 s of one sample per 100 ms and evaluates it at the end. */
  function feed(series: {
    inFlight: (s: number) => number;
    ttft: (s: number) => number;
    waiting?: (s: number) => number;
  }) {
    const detector = createOverSaturationDetector({ minSeconds: 5 });
    for (let ms = 0; ms < 30_000; ms += 100) {
      const s = ms / 1000;
      // A little deterministic wobble so the fits have residuals.
      const wobble = ((ms / 100) % 7) / 7 - 0.5;
      detector.observeConcurrency(ms, series.inFlight(s) + wobble);
      detector.observeTtft(ms, series.ttft(s) + wobble * 3);
      if (series.waiting !== undefined) detector.observeServerWaiting(ms, series.waiting(s));
    }
    return detector.evaluate(30_000);
  }

  it("decides on the server's waiting requests when it has them", () => {
    // The client caps what is in flight, so its count stays flat, while the server's queue and
    // TTFT grow: a backlog only the server's metrics show.
    const verdict = feed({ inFlight: () => 64, ttft: (s) => 100 + 40 * s, waiting: (s) => 2 * s });
    expect(verdict.queue).toBe('server-waiting');
    expect(verdict.serverWaiting!.exceeds).toBe(true);
    expect(verdict.concurrency!.exceeds).toBe(false);
    expect(verdict.overSaturated).toBe(true);
    // The same run without the server's metrics is not judged over-saturated.
    const clientOnly = feed({ inFlight: () => 64, ttft: (s) => 100 + 40 * s });
    expect(clientOnly.queue).toBe('client-in-flight');
    expect(clientOnly.overSaturated).toBe(false);
  });

  it("still stops on the client's count when the server admits everything into its batch", () => {
    const growing = { inFlight: (s: number) => 10 + 3 * s, ttft: (s: number) => 100 + 40 * s };
    const verdict = feed({ ...growing, waiting: () => 0 });
    expect(verdict.serverWaiting!.exceeds).toBe(false);
    expect(verdict.queue).toBe('client-in-flight');
    expect(verdict.overSaturated).toBe(true);
    // A flat TTFT is no over-saturation, whatever either queue does.
    const flat = feed({ inFlight: () => 64, ttft: () => 100, waiting: (s) => 2 * s });
    expect(flat.queue).toBe('server-waiting');
    expect(flat.overSaturated).toBe(false);
  });

  it('reads the waiting queue through the constraint the run builds', () => {
    let waiting = 0;
    const [constraint] = resolveConstraints(
      parseArgs({
        target: 'http://localhost:8000',
        maxRequests: 1_000_000,
        overSaturation: { minSeconds: 5 },
      }),
      { serverWaiting: () => waiting },
    ).filter((candidate) => candidate.name === 'over-saturation');
    const monitor = constraint!.start();
    const state = (elapsedMs: number): BenchmarkState => ({
      elapsedMs,
      dispatched: elapsedMs / 10,
      inFlight: 64,
      successful: 0,
      errored: 0,
      incomplete: 0,
    });
    let decision;
    for (let ms = 0; ms <= 30_000 && decision === undefined; ms += 100) {
      waiting = Math.floor(ms / 500);
      decision = monitor.beforeDispatch!(state(ms));
      const ttft = 100 + ms / 25;
      decision ??= monitor.afterRequest!('successful', state(ms), {
        dispatchedAt: ms - ttft - 50,
        firstTokenAt: ms - 50,
      } as never);
    }
    expect(decision?.reason).toBe('over-saturation');
    expect(decision?.detail).toContain("the server's waiting requests grew");
  });
});

describe('capacity: the server at the bracket', () => {
  const summary = (peakWaiting: number) => ({
    ...summarizeWindow([], 0, 0).summary,
    peakWaiting,
  });
  const capacity: Capacity = {
    maxRatePerSecond: 10,
    bracket: [10, 12],
    outcome: 'converged',
    converged: true,
    precision: 0.2,
    strategy: 'constant',
    boundsSource: 'args',
    steps: [
      {
        ratePerSecond: 8,
        passed: true,
        benchmarkIndex: 0,
        achievedRatePerSecond: 8,
        stopReason: 'max-seconds',
        failedObjectives: [],
      },
      {
        ratePerSecond: 12,
        passed: false,
        benchmarkIndex: 1,
        achievedRatePerSecond: 11,
        stopReason: 'max-seconds',
        failedObjectives: ['ttft_ms.p99<=200'],
      },
      {
        ratePerSecond: 10,
        passed: true,
        benchmarkIndex: 2,
        achievedRatePerSecond: 10,
        stopReason: 'max-seconds',
        failedObjectives: [],
      },
    ],
  };
  const benchmark = (index: number, peakWaiting?: number): Benchmark =>
    ({
      index,
      ...(peakWaiting === undefined
        ? {}
        : {
            serverMetrics: { scrapes: 3, series: {}, summary: summary(peakWaiting), endpoints: [] },
          }),
    }) as unknown as Benchmark;

  it('records the server state of the highest passing and the lowest failing step', () => {
    const withState = withServerStateAtBracket(capacity, [
      benchmark(0, 0),
      benchmark(1, 40),
      benchmark(2, 1),
    ])!;
    expect(withState.serverAtBracket!.passing!.peakWaiting).toBe(1);
    expect(withState.serverAtBracket!.failing!.peakWaiting).toBe(40);
    expect(withState.steps).toEqual(capacity.steps);
  });

  it('leaves the answer as it is without server metrics', () => {
    const plain = withServerStateAtBracket(capacity, [benchmark(0), benchmark(1), benchmark(2)]);
    expect(plain).toBe(capacity);
    expect(withServerStateAtBracket(undefined, [])).toBeUndefined();
  });
});
