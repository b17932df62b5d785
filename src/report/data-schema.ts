import { z } from 'zod';

/**
 * Where a run's data came from and what it sent (schema 2.1, optional): the source, the column
 * mapping used, rows skipped, distinct prefixes, and a content hash of the requests sent.
 */
export const DataReportSchema = z.object({
  /** `synthetic`, `file`, `hub`, or `custom` for a user's DataSource. */
  kind: z.enum(['synthetic', 'file', 'hub', 'custom']),
  /** The source's name. */
  name: z.string(),
  /** File data: the path as given. */
  path: z.string().optional(),
  /** File data: the format it was read as. */
  format: z.string().optional(),
  /** Hub data: the dataset id. */
  dataset: z.string().optional(),
  /** Hub data: the configuration read. */
  config: z.string().optional(),
  /** Hub data: the split read. */
  split: z.string().optional(),
  /** Hub data: the revision read (`refs/convert/parquet` for the Hub's Parquet conversion). */
  revision: z.string().optional(),
  /** Hub data: the commit that revision pointed to. */
  commit: z.string().optional(),
  /** Hub data: `hub` when files were listed or fetched, `cache` when the cache alone answered. */
  from: z.enum(['hub', 'cache']).optional(),
  /** The column each role was read from (`text`, `messages`, `prefix`, token counts). */
  mapping: z.record(z.string(), z.string()).optional(),
  /** Rows skipped: unreadable, or without a usable prompt. */
  skippedRows: z.number().int().nonnegative().optional(),
  /** The first reasons rows were skipped, with their row numbers. */
  skipReasons: z.array(z.string()).optional(),
  /** Requests sent over the whole run. */
  requests: z.number().int().nonnegative(),
  /**
   * `sha256:` and the SHA-256 of the requests sent, in dispatch order: prompt, messages and
   * output budget of each. Same seed and data give the same hash.
   */
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** Distinct shared prefixes (system prompts) among the requests sent. */
  distinctPrefixes: z.number().int().nonnegative(),
});

/** The report's `data` section; see {@link DataReportSchema}. */
export type DataReport = z.infer<typeof DataReportSchema>;
