import type { Constraint } from '../spec/constraint.js';

/** Sends at most `count` requests in a benchmark, then lets those in flight finish. */
export function createMaxRequestsConstraint(count: number): Constraint {
  return {
    name: 'max-requests',
    start: () => ({
      beforeDispatch: (state) =>
        state.dispatched >= count
          ? { reason: 'max-requests', mode: 'drain', detail: `sent the limit of ${count} requests` }
          : undefined,
    }),
  };
}
