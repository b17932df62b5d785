import type { Profile } from '../spec/profile.js';
import type { StrategySpec } from '../spec/strategy.js';
import { createFixedProfile } from '../profiles/fixed.js';
import { DEFAULTS } from './defaults.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/** Builds the run's profile from args: a Profile instance passes through. */
export function resolveProfile(args: ParsedBenchmarkArgs): Profile {
  if (typeof args.profile !== 'string') return args.profile;
  const rates = args.rate === undefined ? [] : Array.isArray(args.rate) ? args.rate : [args.rate];
  const seed = String(args.randomSeed);
  const openLoopCap = args.maxConcurrency ?? DEFAULTS.openLoopMaxConcurrency;
  let specs: StrategySpec[];
  switch (args.profile) {
    case 'synchronous':
      specs = [{ type: 'synchronous' }];
      break;
    case 'concurrent':
      specs = rates.map((streams) => ({ type: 'concurrent', streams }));
      break;
    case 'throughput':
      specs = [
        {
          type: 'throughput',
          maxConcurrency: rates[0] ?? args.maxConcurrency ?? DEFAULTS.throughputMaxConcurrency,
        },
      ];
      break;
    case 'constant':
      specs = rates.map((ratePerSecond) => ({
        type: 'constant',
        ratePerSecond,
        maxConcurrency: openLoopCap,
      }));
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
