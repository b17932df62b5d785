import { InferbenchError, parseShardText, type ShardSpec } from '../index.js';
import { describeReceived } from '../internal/messages.js';

/** The variable the Kubernetes Job controller sets in every pod of an Indexed Job. */
export const JOB_COMPLETION_INDEX = 'JOB_COMPLETION_INDEX';

function usage(field: string, message: string): InferbenchError {
  return new InferbenchError('ERR_INVALID_ARGS', `${field}: ${message}`, { field });
}

function wholeNumber(field: string, text: string, min: number): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) {
    throw usage(field, `expected a whole number >= ${min}, received ${describeReceived(text)}`);
  }
  return Number(text);
}

/**
 * The shard of a `benchmark` command line: `--shard INDEX/COUNT`, or `--shard-count COUNT` with
 * the index from `JOB_COMPLETION_INDEX` (an Indexed Job). Neither flag: not a shard, whatever the
 * environment holds. `JOB_COMPLETION_INDEX` set and different from `--shard`'s index, or
 * `--shard-count` different from `--shard`'s count, is a usage error: a pod would offer another
 * pod's share.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming the flag or variable.
 */
export function shardFromFlags(
  shard: string | undefined,
  shardCount: string | undefined,
  env: NodeJS.ProcessEnv,
): ShardSpec | undefined {
  const indexText = env[JOB_COMPLETION_INDEX];
  const jobIndex =
    indexText === undefined || indexText === ''
      ? undefined
      : wholeNumber(JOB_COMPLETION_INDEX, indexText, 0);
  const count = shardCount === undefined ? undefined : wholeNumber('--shard-count', shardCount, 1);
  if (shard !== undefined) {
    const spec = parseShardText(shard, '--shard');
    if (jobIndex !== undefined && jobIndex !== spec.index) {
      throw usage(
        '--shard',
        `${shard} disagrees with ${JOB_COMPLETION_INDEX}=${jobIndex} (this pod's index in its Indexed Job): expected ${jobIndex}/${spec.count}`,
      );
    }
    if (count !== undefined && count !== spec.count) {
      throw usage('--shard', `${shard} disagrees with --shard-count ${count}: give one of them`);
    }
    return spec;
  }
  if (count === undefined) return undefined;
  if (jobIndex === undefined) {
    throw usage(
      '--shard-count',
      `expected the shard index in ${JOB_COMPLETION_INDEX} (set in every pod of an Indexed Job) or --shard INDEX/COUNT, received neither`,
    );
  }
  if (jobIndex >= count) {
    throw usage(
      '--shard-count',
      `expected more than ${JOB_COMPLETION_INDEX}=${jobIndex} shards, received ${count}`,
    );
  }
  return { index: jobIndex, count };
}

/** `--start-at EPOCH_MS`: a whole number of ms since 1970, as `Date.now()` gives. */
export function startAtFromFlag(text: string | undefined): number | undefined {
  return text === undefined ? undefined : wholeNumber('--start-at', text, 0);
}
