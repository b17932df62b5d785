import type { DataSource, DataSourceContext, RequestSample } from '../spec/data-source.js';
import type { ShardSpec } from './shard-spec.js';

/**
 * The slice of `source` that shard `shard` sends: the samples at positions `index`,
 * `index + count`, `index + 2·count`, … of the source's own sequence. Every shard prepares the
 * source with the same seed, so each sees the same sequence and the slices are disjoint and
 * deterministic; together they are the sequence a single process would send, in order. The
 * source is asked for `count` times the samples this shard needs.
 */
export function shardDataSource(source: DataSource, shard: ShardSpec): DataSource {
  if (shard.count === 1) return source;
  return {
    name: source.name,
    prepare(context: DataSourceContext): Promise<void> {
      return source.prepare(
        context.expectedCount === undefined
          ? context
          : { ...context, expectedCount: context.expectedCount * shard.count },
      );
    },
    samples(): AsyncIterator<RequestSample> {
      const inner = source.samples();
      let position = 0;
      return {
        async next(): Promise<IteratorResult<RequestSample>> {
          for (;;) {
            const result = await inner.next();
            if (result.done === true) return result;
            const mine = position % shard.count === shard.index;
            position++;
            if (mine) return result;
          }
        },
        async return(): Promise<IteratorResult<RequestSample>> {
          await inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
