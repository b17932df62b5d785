import { REQUEST_STATUSES, STATUS_CODES, type RecordStore } from '../core/record-store.js';
import { isInWindow, type MeasuredWindow } from './measured-window.js';

/** Request counts by status; `total` is all three. */
export interface StatusCounts {
  successful: number;
  errored: number;
  incomplete: number;
  total: number;
}

/** The requests of the measured window: those dispatched in it and those completed in it. */
export interface MeasuredRequestCounts {
  /** Requests dispatched inside the window: the population of the per-request metrics. */
  dispatched: StatusCounts;
  /** Requests that ended inside the window: the population of the throughput metrics. */
  completed: StatusCounts;
}

/** Counts the rows of `store` by status, only those whose `times` value lies in `window` if given. */
export function countStatuses(
  store: RecordStore,
  times?: Float64Array,
  window?: MeasuredWindow,
): StatusCounts {
  const codes = store.statusCodes();
  const counts = new Array<number>(REQUEST_STATUSES.length).fill(0);
  for (let i = 0; i < codes.length; i++) {
    if (times !== undefined && window !== undefined && !isInWindow(times[i] as number, window)) {
      continue;
    }
    counts[codes[i] as number]!++;
  }
  const successful = counts[STATUS_CODES.successful]!;
  const errored = counts[STATUS_CODES.errored]!;
  const incomplete = counts[STATUS_CODES.incomplete]!;
  return { successful, errored, incomplete, total: successful + errored + incomplete };
}

/** The requests dispatched in `window` and those completed in it, by status. */
export function countMeasuredRequests(
  store: RecordStore,
  window: MeasuredWindow,
): MeasuredRequestCounts {
  return {
    dispatched: countStatuses(store, store.column('dispatchedAt'), window),
    completed: countStatuses(store, store.column('endedAt'), window),
  };
}
