import type { Benchmark } from '../report/benchmark-schema.js';
import type { Capacity } from '../report/report-schema.js';
import type { Profile } from '../spec/profile.js';
import type { Strategy, StrategySpec } from '../spec/strategy.js';
import { STRATEGY_DEFAULTS, createStrategy } from '../strategies/create-strategy.js';
import { createCapacitySearch, type CapacitySearch } from './capacity-search.js';
import { SWEEP_DEFAULTS, measuredRatePerSecond } from './sweep.js';

/** Defaults of {@link createCapacityProfile}. */
export const CAPACITY_DEFAULTS = {
  /** Stop when the bracket is this narrow relative to the passing rate. */
  precision: 0.05,
  /** Benchmarks at most, probes included. */
  maxSteps: 10,
} as const;

/** Options of {@link createCapacityProfile}. */
export interface CapacityProfileOptions {
  /** Lower bound in req/s; absent: the rate a synchronous benchmark measures. */
  minRate?: number | undefined;
  /**
   * Upper bound in req/s, a ceiling the search never exceeds; absent: the rate a throughput
   * benchmark measures, which the search raises (×1.5 at a time) while it passes, since a short
   * throughput probe often underestimates what the target sustains.
   */
  maxRate?: number | undefined;
  /**
   * Relative precision: stop when the bracket is this narrow relative to the passing rate.
   * @default 0.05
   */
  precision?: number | undefined;
  /**
   * Benchmarks at most, the synchronous and throughput probes included.
   * @default 10
   */
  maxSteps?: number | undefined;
  /**
   * The open-loop strategy of each step.
   * @default 'constant'
   */
  strategy?: 'constant' | 'poisson' | undefined;
  /** Seed of Poisson steps. */
  seed?: string | undefined;
  /** @default 512 */
  throughputMaxConcurrency?: number | undefined;
  /** @default 10000 */
  openLoopMaxConcurrency?: number | undefined;
  /** Rampup of the throughput probe and the constant steps, in seconds. */
  rampupSeconds?: number | undefined;
}

/** Stop reasons that mean the target could not take the rate: the step failed. */
const FAILING_STOPS: ReadonlySet<string> = new Set([
  'max-errors',
  'max-error-rate',
  'over-saturation',
  'initial-failures',
]);

/** Whether a finished step met every SLO (and did not stop because the target was failing). */
export function stepPassed(benchmark: Benchmark): boolean {
  return benchmark.slo?.passed === true && !FAILING_STOPS.has(benchmark.stopReason);
}

function boundsSource(options: CapacityProfileOptions): Capacity['boundsSource'] {
  const given = Number(options.minRate !== undefined) + Number(options.maxRate !== undefined);
  return given === 2 ? 'args' : given === 0 ? 'measured' : 'mixed';
}

type Pending = { kind: 'synchronous' } | { kind: 'throughput' } | { kind: 'step'; rate: number };

/**
 * Creates the capacity profile: it finds the highest constant (or Poisson) rate at which every
 * SLO holds. It brackets the answer between a lower and an upper rate (given, or measured by a
 * synchronous and a throughput benchmark; a measured upper bound that passes is raised until a
 * rate fails), then bisects on measured verdicts (see
 * `createCapacitySearch` in src/profiles/capacity-search.ts) to `precision` within `maxSteps` benchmarks in all. Each step's
 * verdict is its benchmark's `slo.passed`, so the run must evaluate SLOs; `result()` gives the
 * report's `capacity` section.
 */
export function createCapacityProfile(options: CapacityProfileOptions = {}): Profile {
  const precision = options.precision ?? CAPACITY_DEFAULTS.precision;
  const maxSteps = Math.max(1, Math.floor(options.maxSteps ?? CAPACITY_DEFAULTS.maxSteps));
  const stepType = options.strategy ?? SWEEP_DEFAULTS.strategy;
  const openLoopCap = options.openLoopMaxConcurrency ?? STRATEGY_DEFAULTS.openLoopMaxConcurrency;
  const rampup =
    options.rampupSeconds !== undefined && options.rampupSeconds > 0
      ? options.rampupSeconds
      : undefined;
  let low = options.minRate;
  let high = options.maxRate;
  let search: CapacitySearch | undefined;
  let pending: Pending | undefined;
  let stopped = false;
  const steps: Capacity['steps'] = [];

  function stepStrategy(rate: number): Strategy {
    const spec: StrategySpec =
      stepType === 'poisson'
        ? {
            type: 'poisson',
            ratePerSecond: rate,
            seed: options.seed ?? '42',
            maxConcurrency: openLoopCap,
          }
        : { type: 'constant', ratePerSecond: rate, maxConcurrency: openLoopCap };
    if (spec.type === 'constant' && rampup !== undefined) spec.rampupSeconds = rampup;
    return createStrategy(spec);
  }

  function take(finished: readonly Benchmark[]): void {
    const benchmark = finished.at(-1);
    if (pending === undefined || benchmark === undefined) return;
    if (benchmark.stopReason === 'aborted') {
      stopped = true;
      search?.stop();
    } else if (pending.kind === 'synchronous') {
      low = measuredRatePerSecond(benchmark);
    } else if (pending.kind === 'throughput') {
      high = measuredRatePerSecond(benchmark);
    } else {
      const passed = stepPassed(benchmark);
      search?.record(passed);
      steps.push({
        ratePerSecond: pending.rate,
        passed,
        benchmarkIndex: benchmark.index,
        achievedRatePerSecond: measuredRatePerSecond(benchmark),
        stopReason: benchmark.stopReason,
        failedObjectives: (benchmark.slo?.objectives ?? [])
          .filter((objective) => !objective.passed)
          .map((objective) => objective.name),
      });
    }
    pending = undefined;
  }

  return {
    type: 'capacity',
    plannedBenchmarks: maxSteps,
    next(finished) {
      take(finished);
      if (stopped) return undefined;
      // The search keeps its own budget (what the probes left); the probes need one here.
      if (search === undefined && finished.length >= maxSteps) return undefined;
      if (low === undefined) {
        pending = { kind: 'synchronous' };
        return createStrategy({ type: 'synchronous' });
      }
      if (high === undefined) {
        pending = { kind: 'throughput' };
        const spec: StrategySpec = {
          type: 'throughput',
          maxConcurrency:
            options.throughputMaxConcurrency ?? STRATEGY_DEFAULTS.throughputMaxConcurrency,
        };
        if (rampup !== undefined) spec.rampupSeconds = rampup;
        return createStrategy(spec);
      }
      search ??= createCapacitySearch({
        lowRatePerSecond: low,
        highRatePerSecond: high,
        precision,
        maxSteps: maxSteps - finished.length,
        growthFactor: options.maxRate === undefined ? 1.5 : 1,
      });
      const rate = search.next();
      if (rate === undefined) return undefined;
      pending = { kind: 'step', rate };
      return stepStrategy(rate);
    },
    result() {
      const outcome = search?.result();
      return {
        capacity: {
          maxRatePerSecond: outcome?.maxRatePerSecond ?? 0,
          bracket: outcome?.bracket ?? [0, 0],
          outcome: outcome?.outcome ?? 'stopped',
          converged: outcome?.outcome === 'converged',
          precision,
          strategy: stepType,
          ...(low === undefined ? {} : { lowerBoundRatePerSecond: low }),
          ...(high === undefined ? {} : { upperBoundRatePerSecond: high }),
          boundsSource: boundsSource(options),
          steps: steps.map((step) => ({ ...step })),
        },
      };
    },
  };
}
