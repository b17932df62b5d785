import type { Benchmark } from '../report/benchmark-schema.js';
import type { Capacity, CapacityStep } from '../report/report-schema.js';
import type { Profile } from '../spec/profile.js';
import type { Strategy, StrategySpec } from '../spec/strategy.js';
import { CLIENT_BOUND_THRESHOLDS } from '../metrics/client.js';
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

/** A capacity step's verdict, and why when it did not pass. */
export interface StepVerdict {
  verdict: CapacityStep['verdict'];
  reason?: string;
}

/**
 * True when the load generator delivered clearly less than the schedule offered: its achieved
 * dispatch rate fell below {@link CLIENT_BOUND_THRESHOLDS}' fraction of the scheduled rate (a
 * busy client, or a `maxConcurrency` cap holding requests back). The server never saw the rate.
 */
function offeredLoadShort(benchmark: Benchmark): boolean {
  const { achievedRatePerSecond, scheduledRatePerSecond } = benchmark.client;
  const limits = CLIENT_BOUND_THRESHOLDS;
  return (
    scheduledRatePerSecond !== undefined &&
    benchmark.requestCounts.total >= limits.minDispatchesForRate &&
    achievedRatePerSecond < limits.achievedRateFraction * scheduledRatePerSecond
  );
}

/**
 * The verdict of a finished capacity step. It passes only when every SLO held **and** the
 * server kept up (it completed the offered rate and its queue did not keep growing, see
 * `keptUp`), and it did not stop because the target was failing. When the load generator could
 * not keep up, the step is neither a pass nor a fail (`client-bound`) if the server never saw
 * the rate (the client delivered less than scheduled) or if it failed (late dispatches and a
 * delayed event loop inflate latencies, so the failure may be the client's own); a step that
 * passed although its client was slow passed all the same.
 */
export function stepVerdict(benchmark: Benchmark): StepVerdict {
  const clientReason = benchmark.client.clientBoundReason ?? 'see client';
  if (benchmark.client.clientBound && offeredLoadShort(benchmark)) {
    return {
      verdict: 'client-bound',
      reason: `the load generator could not offer this rate: ${clientReason}`,
    };
  }
  const reasons: string[] = [];
  const failed = (benchmark.slo?.objectives ?? []).filter((objective) => !objective.passed);
  if (benchmark.slo?.passed !== true) {
    reasons.push(
      failed.length === 0
        ? 'no SLO verdict'
        : `SLO failed: ${failed.map((objective) => objective.name).join(', ')}`,
    );
  }
  // Not knowing whether the server kept up is no pass: the run was too short to tell.
  if (benchmark.keptUp !== undefined && benchmark.keptUp.keptUp !== true) {
    reasons.push(
      `${benchmark.keptUp.keptUp === false ? 'the server did not keep up' : 'cannot tell whether the server kept up'}: ${benchmark.keptUp.reason ?? ''}`,
    );
  }
  if (FAILING_STOPS.has(benchmark.stopReason)) {
    reasons.push(`stopped: ${benchmark.stopDetail ?? benchmark.stopReason}`);
  }
  if (reasons.length === 0) return { verdict: 'passed' };
  if (benchmark.client.clientBound) {
    return {
      verdict: 'client-bound',
      reason: `${reasons.join('; ')}, but the load generator could not keep up (${clientReason}), so the failure may be its own`,
    };
  }
  return { verdict: 'failed', reason: reasons.join('; ') };
}

/** Whether a finished step passed (see {@link stepVerdict}). */
export function stepPassed(benchmark: Benchmark): boolean {
  return stepVerdict(benchmark).verdict === 'passed';
}

/**
 * What set the answer's upper side: a step above it that failed (`slo`), the load generator
 * (`client`: a step it could not offer, or a throughput probe it could not saturate), the
 * throughput probe's full-load rate (`full-load`), or the given `maxRate` (`max-rate`).
 */
function limitOf(
  outcome: ReturnType<CapacitySearch['result']> | undefined,
  probe: { probed: boolean; probeClientBound: boolean },
): Capacity['limitedBy'] {
  if (outcome === undefined || outcome.maxRatePerSecond === 0) return undefined;
  if (outcome.limitedBy === 'failed') return 'slo';
  if (outcome.limitedBy === 'client') return 'client';
  if (!probe.probed) return 'max-rate';
  return probe.probeClientBound ? 'client' : 'full-load';
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
  /** The throughput probe ran: its rate is what the server completes at full load. */
  let probed = false;
  /** The throughput probe's load generator could not keep up: its rate is the client's. */
  let probeClientBound = false;
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
      probed = true;
      probeClientBound = benchmark.client.clientBound;
    } else {
      const { verdict, reason } = stepVerdict(benchmark);
      search?.record(verdict === 'client-bound' ? 'client-bound' : verdict === 'passed');
      steps.push({
        ratePerSecond: pending.rate,
        passed: verdict === 'passed',
        verdict,
        ...(reason === undefined ? {} : { reason }),
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
      // Never above what the server completes at full load (the throughput probe), nor above
      // a given maxRate: the upper bound is a ceiling.
      search ??= createCapacitySearch({
        lowRatePerSecond: probed ? Math.min(low, high) : low,
        highRatePerSecond: high,
        precision,
        maxSteps: maxSteps - finished.length,
        growthFactor: 1,
      });
      const rate = search.next();
      if (rate === undefined) return undefined;
      pending = { kind: 'step', rate };
      return stepStrategy(rate);
    },
    result() {
      const outcome = search?.result();
      const limitedBy = limitOf(outcome, { probed, probeClientBound });
      return {
        capacity: {
          maxRatePerSecond: outcome?.maxRatePerSecond ?? 0,
          ...(limitedBy === undefined
            ? {}
            : { limitedBy, lowerBound: limitedBy === 'client' || limitedBy === 'max-rate' }),
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
