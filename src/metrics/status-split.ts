import { REQUEST_STATUSES, STATUS_CODES } from '../core/record-store.js';
import type { StatusDistributions } from './distribution-types.js';
import { computeDistribution } from './distribution.js';

const STATUS_COUNT = REQUEST_STATUSES.length;

/**
 * Distributions of per-row `values` for each status and for all rows together. A row takes part
 * when its `mask` entry is 1 (every row when no mask is given) and its value is finite: NaN means
 * the metric does not exist for that request.
 *
 * @param statusCodes - each row's status code, as `RecordStore#statusCodes()` gives them
 */
export function splitByStatus(
  values: Float64Array,
  statusCodes: Uint8Array,
  mask?: Uint8Array,
): StatusDistributions {
  return toStatusDistributions(groupByStatus(values, statusCodes, mask));
}

/**
 * The samples {@link splitByStatus} summarises: one array per status code, then one of all rows
 * (index `REQUEST_STATUSES.length`).
 */
export function groupByStatus(
  values: Float64Array,
  statusCodes: Uint8Array,
  mask?: Uint8Array,
): Float64Array[] {
  const counts = new Uint32Array(STATUS_COUNT + 1);
  for (let i = 0; i < values.length; i++) {
    if ((mask === undefined || mask[i] === 1) && Number.isFinite(values[i])) {
      counts[statusCodes[i] as number]!++;
      counts[STATUS_COUNT]!++;
    }
  }
  const groups = Array.from({ length: STATUS_COUNT + 1 }, (_, k) => new Float64Array(counts[k]!));
  const fill = new Uint32Array(STATUS_COUNT + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if ((mask === undefined || mask[i] === 1) && Number.isFinite(v)) {
      const code = statusCodes[i] as number;
      groups[code]![fill[code]!++] = v;
      groups[STATUS_COUNT]![fill[STATUS_COUNT]!++] = v;
    }
  }
  return groups;
}

/**
 * Distributions of pooled per-row samples (e.g. ITL gaps): row `i` owns
 * `pool[offsets[i] .. offsets[i] + lengths[i])`, and takes part when its `mask` entry is 1.
 */
export function splitPooledByStatus(
  pool: Float64Array,
  offsets: Float64Array,
  lengths: Uint32Array,
  statusCodes: Uint8Array,
  mask?: Uint8Array,
): StatusDistributions {
  return toStatusDistributions(groupPooledByStatus(pool, offsets, lengths, statusCodes, mask));
}

/** The samples {@link splitPooledByStatus} summarises, grouped as {@link groupByStatus} does. */
export function groupPooledByStatus(
  pool: Float64Array,
  offsets: Float64Array,
  lengths: Uint32Array,
  statusCodes: Uint8Array,
  mask?: Uint8Array,
): Float64Array[] {
  const counts = new Float64Array(STATUS_COUNT + 1);
  for (let i = 0; i < offsets.length; i++) {
    if (mask === undefined || mask[i] === 1) {
      counts[statusCodes[i] as number]! += lengths[i]!;
      counts[STATUS_COUNT]! += lengths[i]!;
    }
  }
  const groups = Array.from({ length: STATUS_COUNT + 1 }, (_, k) => new Float64Array(counts[k]!));
  const fill = new Float64Array(STATUS_COUNT + 1);
  for (let i = 0; i < offsets.length; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    const code = statusCodes[i] as number;
    const gaps = pool.subarray(offsets[i]!, offsets[i]! + lengths[i]!);
    groups[code]!.set(gaps, fill[code]!);
    fill[code]! += gaps.length;
    groups[STATUS_COUNT]!.set(gaps, fill[STATUS_COUNT]!);
    fill[STATUS_COUNT]! += gaps.length;
  }
  return groups;
}

/** The exact distribution of each group of {@link groupByStatus}, by status name. */
export function toStatusDistributions(groups: Float64Array[]): StatusDistributions {
  return {
    successful: computeDistribution(groups[STATUS_CODES.successful]!),
    errored: computeDistribution(groups[STATUS_CODES.errored]!),
    incomplete: computeDistribution(groups[STATUS_CODES.incomplete]!),
    total: computeDistribution(groups[STATUS_COUNT]!),
  };
}
