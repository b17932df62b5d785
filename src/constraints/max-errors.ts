import type { Constraint } from '../spec/constraint.js';

/** Stops a benchmark once `count` requests have failed. */
export function createMaxErrorsConstraint(count: number): Constraint {
  return {
    name: 'max-errors',
    start: () => ({
      afterRequest: (_status, state) =>
        state.errored >= count
          ? {
              reason: 'max-errors',
              mode: 'cancel',
              detail: `${state.errored} requests failed (limit ${count})`,
            }
          : undefined,
    }),
  };
}
