import { z } from 'zod';

/** Which shard of a run a report is (schema 2.1.0; see docs/guides/kubernetes.md). */
export const ShardInfoSchema = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** The epoch ms every shard of the run waited for, when one was given. */
  startAt: z.number().int().nonnegative().optional(),
});

/** One shard report a merged report was made of. */
export const MergedShardSchema = z.object({
  index: z.number().int().nonnegative(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** Requests in the shard's benchmarks, all statuses. */
  requests: z.number().int().nonnegative(),
});

/** How a merged report was made (schema 2.1.0): what `mergeReports` merged, and how. */
export const MergeInfoSchema = z.object({
  shardCount: z.number().int().positive(),
  /**
   * `exact`: every shard retained its records, and every distribution was computed from their
   * union; `tdigest`: per-request distributions are t-digest estimates (see each benchmark's
   * `distributionSource`).
   */
  distributionSource: z.enum(['exact', 'tdigest']),
  shards: z.array(MergedShardSchema),
});

/** A shard report's shard; see {@link ShardInfoSchema}. */
export type ShardInfo = z.infer<typeof ShardInfoSchema>;
/** How a report was merged; see {@link MergeInfoSchema}. */
export type MergeInfo = z.infer<typeof MergeInfoSchema>;
