import type { Constraint } from '../spec/constraint.js';

/** Stops a benchmark `seconds` after it starts; requests still in flight are cancelled. */
export function createMaxSecondsConstraint(seconds: number): Constraint {
  return {
    name: 'max-seconds',
    start: () => ({
      deadline: () => ({
        atMs: seconds * 1000,
        decision: {
          reason: 'max-seconds',
          mode: 'cancel',
          detail: `reached the time limit of ${seconds} s`,
        },
      }),
    }),
  };
}
