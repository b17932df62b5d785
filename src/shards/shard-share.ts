import type { ShardSpec } from './shard-spec.js';

/**
 * Shard `shard`'s share of a whole number `total` (streams, requests, a concurrency cap): the
 * total split as evenly as whole numbers allow, the first `total mod count` shards taking one
 * more, so the shares add up to `total` exactly.
 */
export function wholeShare(total: number, shard: ShardSpec): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index < total % shard.count ? 1 : 0);
}

/** Shard `shard`'s share of a rate: `rate / count`, so the shards' rates add up to `rate`. */
export function rateShare(rate: number, shard: ShardSpec): number {
  return rate / shard.count;
}

/** The fields of the args a shard divides among the shards. */
export interface ShardedFields {
  profile: unknown;
  rate?: number | number[] | undefined;
  maxRequests?: number | undefined;
  maxConcurrency?: number | undefined;
  randomSeed: number | string;
}

/** The profiles a shard can offer a share of: those whose load is fixed in advance. */
export const SHARDABLE_PROFILES: readonly string[] = [
  'synchronous',
  'concurrent',
  'throughput',
  'constant',
  'poisson',
];

/**
 * What is wrong with sharding `args` over `shard`, each as `[field, message]`: an adaptive or
 * custom profile (each shard would adapt to its own results), or a whole number too small to
 * give every shard at least one (streams, requests, a concurrency cap).
 */
export function shardProblems(args: ShardedFields, shard: ShardSpec): [string, string][] {
  const problems: [string, string][] = [];
  const profile = typeof args.profile === 'string' ? args.profile : 'a Profile instance';
  if (!SHARDABLE_PROFILES.includes(profile)) {
    problems.push([
      'shard',
      `expected a profile of fixed load (${SHARDABLE_PROFILES.join(', ')}) with shards, received ${profile === 'a Profile instance' ? profile : `profile "${profile}"`}: every shard would adapt to its own results`,
    ]);
  }
  const rates = args.rate === undefined ? [] : Array.isArray(args.rate) ? args.rate : [args.rate];
  if (profile === 'concurrent' || profile === 'throughput') {
    for (const streams of rates) {
      if (streams < shard.count) {
        problems.push([
          'rate',
          `expected at least one stream per shard (rate >= ${shard.count}) with ${shard.count} shards, received ${streams}`,
        ]);
      }
    }
  }
  for (const field of ['maxRequests', 'maxConcurrency'] as const) {
    const value = args[field];
    if (value !== undefined && value < shard.count) {
      problems.push([
        field,
        `expected at least one per shard (>= ${shard.count}) with ${shard.count} shards, received ${value}`,
      ]);
    }
  }
  return problems;
}

/**
 * The args one shard runs with: the whole run's rate, streams, request limit and concurrency cap
 * divided among the shards (see {@link rateShare} and {@link wholeShare}); Poisson arrivals from
 * a seed of their own, so the shards' arrivals are independent and together a Poisson process of
 * the whole rate. Everything else, the data's seed included, is the whole run's.
 */
export function shardShareOf<T extends ShardedFields>(args: T, shard: ShardSpec): T {
  if (shard.count === 1) return args;
  const streams = args.profile === 'concurrent' || args.profile === 'throughput';
  const split = (value: number): number =>
    streams ? wholeShare(value, shard) : rateShare(value, shard);
  return {
    ...args,
    ...(args.rate === undefined
      ? {}
      : { rate: Array.isArray(args.rate) ? args.rate.map(split) : split(args.rate) }),
    ...(args.maxRequests === undefined ? {} : { maxRequests: wholeShare(args.maxRequests, shard) }),
    ...(args.maxConcurrency === undefined
      ? {}
      : { maxConcurrency: wholeShare(args.maxConcurrency, shard) }),
    ...(args.profile === 'poisson'
      ? { randomSeed: `${args.randomSeed}/shard-${shard.index}-of-${shard.count}` }
      : {}),
  };
}
