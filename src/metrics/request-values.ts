import type { RecordStore } from '../core/record-store.js';
import type { RequestValue } from './catalogue-types.js';

/**
 * Each request's own value of a per-request metric, one per row of `store`, as the catalogue
 * entry's `reads` says; NaN where the metric does not exist for the request (no first token,
 * fewer than two output tokens, no gaps). The metrics' distributions and goodput's per-request
 * thresholds both read these columns, so a metric has one formula.
 */
export function requestValues(reads: RequestValue, store: RecordStore): Float64Array {
  switch (reads.kind) {
    case 'span':
      return difference(store.column(reads.to), store.column(reads.from));
    case 'span-per-output-token':
      return perOutputToken(
        store.column(reads.from),
        store.column(reads.to),
        store.column('outputTokens'),
      );
    case 'count':
      return store.column(reads.column).slice();
    case 'gaps':
      return meanGaps(store);
  }
}

/** `later − earlier` per row; NaN (absent) where either moment is absent. */
function difference(later: Float64Array, earlier: Float64Array): Float64Array {
  const out = new Float64Array(later.length);
  for (let i = 0; i < later.length; i++) out[i] = (later[i] as number) - (earlier[i] as number);
  return out;
}

/** `(last − first) / (outputTokens − 1)`, only for `outputTokens ≥ 2`. */
function perOutputToken(
  first: Float64Array,
  last: Float64Array,
  outputTokens: Float64Array,
): Float64Array {
  const out = new Float64Array(first.length);
  for (let i = 0; i < first.length; i++) {
    const tokens = outputTokens[i] as number;
    out[i] = tokens >= 2 ? ((last[i] as number) - (first[i] as number)) / (tokens - 1) : NaN;
  }
  return out;
}

/** Each request's mean gap between content parts; NaN for a request without gaps. */
function meanGaps(store: RecordStore): Float64Array {
  const gaps = store.allItlGaps();
  const offsets = store.itlOffsets();
  const lengths = store.itlLengths();
  const out = new Float64Array(store.size);
  for (let i = 0; i < store.size; i++) {
    const length = lengths[i] as number;
    if (length === 0) {
      out[i] = NaN;
      continue;
    }
    const offset = offsets[i] as number;
    let sum = 0;
    for (let g = 0; g < length; g++) sum += gaps[offset + g] as number;
    out[i] = sum / length;
  }
  return out;
}
