import { z } from 'zod';
import { RECORD_METRIC_KEYS, type RecordMetricKey } from '../metrics/catalogue.js';
import { finite } from './distribution-schema.js';

/**
 * A mergeable summary of one metric's samples (schema 2.1.0, in shard reports): exact moments
 * (`count`, `sum`, `min`, `max`, and `m2`, the sum of squared deviations from the mean, from
 * which merged means and variances are exact) and the t-digest centroids `[mean, weight]` in
 * ascending order of mean, from which merged percentiles are estimated. Empty: `count: 0`,
 * `null` moments, no centroids.
 */
export const SketchSchema = z.object({
  count: z.number().int().nonnegative(),
  sum: finite().nullable(),
  min: finite().nullable(),
  max: finite().nullable(),
  m2: finite().nonnegative().nullable(),
  centroids: z.array(z.tuple([finite(), finite().positive()])),
});

/** One {@link SketchSchema} per request status, as distributions are split. */
export const StatusSketchesSchema = z.object({
  successful: SketchSchema,
  errored: SketchSchema,
  incomplete: SketchSchema,
  total: SketchSchema,
});

/**
 * A shard's sketches of every per-request and per-gap metric of the catalogue (those under
 * `metrics`, and `tokenCountDiscrepancy` and `promptTokenDifference`), over the same samples as
 * its exact distributions (schema 2.1.0).
 */
export const BenchmarkSketchesSchema = z.object({
  /** The sketch kind: t-digest (Dunning), merged centroid by centroid. */
  kind: z.literal('tdigest'),
  /** The t-digest compression: the largest share of the mass one centroid may hold. */
  delta: finite().positive(),
  metrics: z.object(
    Object.fromEntries(RECORD_METRIC_KEYS.map((key) => [key, StatusSketchesSchema])) as Record<
      RecordMetricKey,
      typeof StatusSketchesSchema
    >,
  ),
});

/** One metric's mergeable summary; see {@link SketchSchema}. */
export type Sketch = z.infer<typeof SketchSchema>;
/** One sketch per status; see {@link StatusSketchesSchema}. */
export type StatusSketches = z.infer<typeof StatusSketchesSchema>;
/** A benchmark's sketches; see {@link BenchmarkSketchesSchema}. */
export type BenchmarkSketches = z.infer<typeof BenchmarkSketchesSchema>;
