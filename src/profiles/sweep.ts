import type { Benchmark } from '../report/benchmark-schema.js';
import type { Profile } from '../spec/profile.js';
import type { StrategySpec } from '../spec/strategy.js';
import { STRATEGY_DEFAULTS, createStrategy } from '../strategies/create-strategy.js';
import { STOP_ESCALATING } from './fixed.js';

/** Defaults of {@link createSweepProfile}. */
export const SWEEP_DEFAULTS = {
  /** Benchmarks in a sweep: synchronous, throughput, then this many minus two rates. */
  size: 10,
  /** The open-loop strategy of the rate steps (of sweep and capacity). */
  strategy: 'constant',
} as const;

/** Options of {@link createSweepProfile}. */
export interface SweepProfileOptions {
  /**
   * Benchmarks in all: synchronous, throughput, then `size − 2` open-loop rates. At least 2.
   * @default 10
   */
  size?: number;
  /**
   * The open-loop strategy of the rate steps.
   * @default 'constant'
   */
  strategy?: 'constant' | 'poisson';
  /** Seed of the Poisson steps. */
  seed?: string;
  /**
   * Requests in flight at most in the throughput benchmark.
   * @default 512
   */
  throughputMaxConcurrency?: number;
  /**
   * Requests in flight at most in the rate steps.
   * @default 10000
   */
  openLoopMaxConcurrency?: number;
  /** Rampup of the throughput benchmark, in seconds (as GuideLLM does). */
  rampupSeconds?: number;
}

/**
 * The rates of a sweep's open-loop steps: `size − 2` evenly spaced rates strictly between the
 * synchronous and the throughput rate, `linspace(synchronous, throughput, size)[1:-1]`. For
 * size 10 between 1 and 10 req/s: 2, 3, …, 9. (GuideLLM's code takes
 * `linspace(synchronous, throughput, size − 1)[1:]`, whose last step repeats the throughput
 * rate, the edge of saturation the throughput benchmark already measured.)
 */
export function sweepRates(
  synchronousRatePerSecond: number,
  throughputRatePerSecond: number,
  size: number,
): number[] {
  const count = Math.max(0, Math.floor(size) - 2);
  const rates: number[] = [];
  for (let j = 1; j <= count; j++) {
    rates.push(
      synchronousRatePerSecond +
        ((throughputRatePerSecond - synchronousRatePerSecond) * j) / (count + 1),
    );
  }
  return rates;
}

/**
 * The measured rate of a benchmark: successful requests completed per second of its window; 0
 * when the window was empty.
 */
export function measuredRatePerSecond(benchmark: Benchmark): number {
  return benchmark.metrics.requestsPerSecond.successful.mean ?? 0;
}

/**
 * Creates GuideLLM's sweep: a synchronous benchmark, a throughput benchmark, then evenly spaced
 * constant (or Poisson) rates strictly between the two measured request rates (see
 * {@link sweepRates}), exactly `size` benchmarks in all. It stops early only when a rate step
 * ended because the target was failing (over-saturation, errors, a failing start), when the run
 * was aborted, and when neither probe completed a request (no rate to step through).
 */
export function createSweepProfile(options: SweepProfileOptions = {}): Profile {
  const size = Math.max(2, Math.floor(options.size ?? SWEEP_DEFAULTS.size));
  const stepType = options.strategy ?? 'constant';
  const openLoopCap = options.openLoopMaxConcurrency ?? STRATEGY_DEFAULTS.openLoopMaxConcurrency;
  let rates: number[] | undefined;
  return {
    type: 'sweep',
    plannedBenchmarks: size,
    next(finished) {
      const n = finished.length;
      if (n >= size) return undefined;
      const last = finished.at(-1);
      if (last?.stopReason === 'aborted') return undefined;
      if (n === 0) return createStrategy({ type: 'synchronous' });
      if (n === 1) {
        const spec: StrategySpec = {
          type: 'throughput',
          maxConcurrency:
            options.throughputMaxConcurrency ?? STRATEGY_DEFAULTS.throughputMaxConcurrency,
        };
        if (options.rampupSeconds !== undefined && options.rampupSeconds > 0) {
          spec.rampupSeconds = options.rampupSeconds;
        }
        return createStrategy(spec);
      }
      // The throughput benchmark saturates by design; only a rate step that failed stops escalation.
      if (n > 2 && last !== undefined && STOP_ESCALATING.has(last.stopReason)) return undefined;
      rates ??= sweepRates(
        measuredRatePerSecond(finished[0]!),
        measuredRatePerSecond(finished[1]!),
        size,
      );
      const ratePerSecond = rates[n - 2];
      if (ratePerSecond === undefined || !(ratePerSecond > 0)) return undefined;
      return createStrategy(
        stepType === 'poisson'
          ? {
              type: 'poisson',
              ratePerSecond,
              seed: options.seed ?? '42',
              maxConcurrency: openLoopCap,
            }
          : { type: 'constant', ratePerSecond, maxConcurrency: openLoopCap },
      );
    },
  };
}
