import { z } from 'zod';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';

/**
 * One shard of a run that several processes (or pods) offer together: shard `index` of `count`,
 * `index` from 0. See docs/guides/kubernetes.md.
 */
export interface ShardSpec {
  /** This shard's position, 0 to `count − 1`. */
  index: number;
  /** How many shards offer the run together, at least 1. */
  count: number;
}

/** The schema of {@link ShardSpec}: whole numbers, `0 <= index < count`. */
export const ShardSpecSchema = z
  .strictObject({
    index: z.number().int().min(0),
    count: z.number().int().min(1),
  })
  .refine((shard) => shard.index < shard.count, {
    message: 'expected index < count (shards are numbered from 0)',
    path: ['index'],
  });

/**
 * Parses `INDEX/COUNT` (`0/4` is the first of four shards), as `--shard` takes it.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` (field `field`) for anything else.
 */
export function parseShardText(text: string, field = '--shard'): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index >= count) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${field}: expected INDEX/COUNT with 0 <= INDEX < COUNT (e.g. 0/4), received ${describeReceived(text)}`,
      { field },
    );
  }
  return { index, count };
}
