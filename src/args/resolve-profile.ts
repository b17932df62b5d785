import type { Profile } from '../spec/profile.js';
import type { StrategySpec } from '../spec/strategy.js';
import { createFixedProfile } from '../profiles/fixed.js';
import { createSweepProfile } from '../profiles/sweep.js';
import { createCapacityProfile } from '../profiles/capacity.js';
import { DEFAULTS } from './defaults.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/** Builds the run's profile from args: a Profile instance passes through. */
export function resolveProfile(args: ParsedBenchmarkArgs): Profile {
  if (typeof args.profile !== 'string') return args.profile;
  const rates = args.rate === undefined ? [] : Array.isArray(args.rate) ? args.rate : [args.rate];
  const seed = String(args.randomSeed);
  const openLoopCap = args.maxConcurrency ?? DEFAULTS.openLoopMaxConcurrency;
  const rampup = args.rampup !== undefined && args.rampup > 0 ? args.rampup : undefined;
  const throughputCap = args.maxConcurrency ?? DEFAULTS.throughputMaxConcurrency;
  if (args.profile === 'sweep') {
    return createSweepProfile({
      size: rates[0] ?? DEFAULTS.sweepSize,
      strategy: args.sweepStrategy,
      seed,
      throughputMaxConcurrency: throughputCap,
      openLoopMaxConcurrency: openLoopCap,
      ...(rampup === undefined ? {} : { rampupSeconds: rampup }),
    });
  }
  if (args.profile === 'capacity') {
    return createCapacityProfile({
      minRate: args.capacity?.minRate,
      maxRate: args.capacity?.maxRate,
      precision: args.capacity?.precision ?? DEFAULTS.capacityPrecision,
      maxSteps: args.capacity?.maxSteps ?? DEFAULTS.capacityMaxSteps,
      strategy: args.sweepStrategy,
      seed,
      throughputMaxConcurrency: throughputCap,
      openLoopMaxConcurrency: openLoopCap,
      rampupSeconds: rampup,
    });
  }
  const withRampup = <T extends StrategySpec>(spec: T): T =>
    rampup === undefined ? spec : { ...spec, rampupSeconds: rampup };
  let specs: StrategySpec[];
  switch (args.profile) {
    case 'synchronous':
      specs = [{ type: 'synchronous' }];
      break;
    case 'concurrent':
      specs = rates.map((streams) => withRampup({ type: 'concurrent', streams }));
      break;
    case 'throughput':
      specs = [withRampup({ type: 'throughput', maxConcurrency: rates[0] ?? throughputCap })];
      break;
    case 'constant':
      // A shard's rate is its share (src/shards/shard-share.ts); its arrivals interleave with the
      // other shards' instead of all shards sending at the same instants.
      specs = rates.map((ratePerSecond) =>
        withRampup({
          type: 'constant',
          ratePerSecond,
          maxConcurrency: openLoopCap,
          ...(args.shard !== undefined && args.shard.count > 1
            ? { interleave: { index: args.shard.index, count: args.shard.count } }
            : {}),
        }),
      );
      break;
    case 'replay':
      specs = [{ type: 'replay', timeScale: args.timeScale, maxConcurrency: openLoopCap }];
      break;
    case 'poisson':
      specs = rates.map((ratePerSecond) => ({
        type: 'poisson',
        ratePerSecond,
        seed,
        maxConcurrency: openLoopCap,
      }));
      break;
  }
  return createFixedProfile(args.profile, specs);
}
