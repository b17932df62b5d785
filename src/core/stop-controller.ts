import type { StopDecision } from '../spec/constraint.js';

/**
 * Merges every stop source of one benchmark (constraints, deadlines, the user's signal) into
 * one decision; the first decision wins and becomes the benchmark's stop reason, and a later
 * `cancel` can still escalate a `drain`.
 */
export class StopController {
  decision: StopDecision | undefined;
  /** True once no new request may be dispatched. */
  draining = false;
  /** True once requests in flight must be cancelled. */
  cancelling = false;
  private readonly listeners: Array<() => void> = [];

  stop(decision: StopDecision): void {
    this.decision ??= decision;
    this.draining = true;
    if (decision.mode === 'cancel' && !this.cancelling) this.cancelling = true;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` on every stop or escalation. */
  onStop(listener: () => void): void {
    this.listeners.push(listener);
  }
}
