import type { Constraint, StopDecision } from '../spec/constraint.js';

/**
 * Stops a benchmark `seconds` after it starts; requests still in flight are cancelled. The
 * deadline is also checked before every dispatch, so a dispatch loop that keeps the event loop
 * busy (an unreachable rate such as 1e12 requests/s) cannot send past it while the deadline's
 * timer waits for its turn.
 */
export function createMaxSecondsConstraint(seconds: number): Constraint {
  const decision: StopDecision = {
    reason: 'max-seconds',
    mode: 'cancel',
    detail: `reached the time limit of ${seconds} s`,
  };
  return {
    name: 'max-seconds',
    start: () => ({
      deadline: () => ({ atMs: seconds * 1000, decision }),
      beforeDispatch: (state) => (state.elapsedMs >= seconds * 1000 ? decision : undefined),
    }),
  };
}
