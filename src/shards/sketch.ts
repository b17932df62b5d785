import seedrandom from 'seedrandom';
import { TDigest } from 'tdigest';
import type { Sketch } from '../report/sketch-schema.js';

/** The t-digest compression of shard sketches: a centroid holds at most 1% of the mass. */
export const SKETCH_DELTA = 0.01;

/**
 * A t-digest that never recompresses on its own: the library's recompression shuffles with
 * `Math.random`, and a report must be the same for the same samples. Points are fed in a seeded
 * random order instead, which is what keeps a t-digest small (sorted input is its worst case).
 */
function newDigest(): TDigest {
  return new TDigest(SKETCH_DELTA, 0);
}

/** Visits `0 … length − 1` in an order shuffled by a fixed seed (Fisher–Yates). */
function shuffledOrder(length: number): Uint32Array {
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  const random = seedrandom('inferbench-sketch');
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/** The sketch of `samples` (finite values; see {@link Sketch}): exact moments, t-digest centroids. */
export function sketchSamples(samples: Float64Array): Sketch {
  const count = samples.length;
  if (count === 0) return { count: 0, sum: null, min: null, max: null, m2: null, centroids: [] };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const value of samples) {
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / count;
  let m2 = 0;
  for (const value of samples) m2 += (value - mean) * (value - mean);
  const digest = newDigest();
  for (const i of shuffledOrder(count)) digest.push(samples[i]!);
  return { count, sum, min, max, m2, centroids: centroidsOf(digest) };
}

function centroidsOf(digest: TDigest): [number, number][] {
  return digest.toArray().map((centroid): [number, number] => [centroid.mean, centroid.n]);
}

/**
 * The digest of several sketches' centroids together: a merged t-digest, fed centroid by
 * centroid in a seeded random order.
 */
export function mergeDigests(sketches: readonly Sketch[]): TDigest {
  const centroids = sketches.flatMap((sketch) => sketch.centroids);
  const digest = newDigest();
  for (const i of shuffledOrder(centroids.length)) {
    const [mean, n] = centroids[i]!;
    digest.push_centroid({ mean, n });
  }
  return digest;
}

/** The centroids of {@link mergeDigests}, as a sketch stores them. */
export function mergedCentroids(sketches: readonly Sketch[]): [number, number][] {
  return centroidsOf(mergeDigests(sketches));
}
