import type { PacingModel } from './pacing.js';
import type { Scheduler } from './scheduler.js';
import type { EngineSimulator, TokenTimeline } from './simulator.js';

/**
 * The timeline of a response paced by seeded draws: the first token is due a drawn TTFT after
 * `startMs`, each later one a drawn gap after the previous *due* time (never after the moment a
 * write happened), so timer lateness never accumulates into drift.
 */
export function createPacedTimeline(
  pacing: PacingModel,
  scheduler: Scheduler,
  startMs: number,
): TokenTimeline {
  let dueMs = startMs;
  let first = true;
  return {
    after(count, run) {
      for (let i = 0; i < count; i++) {
        dueMs += first ? pacing.drawTtftMs() : pacing.drawItlMs();
        first = false;
      }
      return scheduler.schedule(dueMs, run);
    },
  };
}

/** What {@link createTokenTimeline} needs from the server. */
export interface TimelineContext {
  pacing: PacingModel;
  scheduler: Scheduler;
  /** The engine simulator, when the server simulates one. */
  engine?: EngineSimulator | undefined;
}

/** The timeline of one response: from the engine simulator when there is one, else paced. */
export function createTokenTimeline(
  context: TimelineContext,
  promptTokens: number,
  outputTokens: number,
  startMs: number,
): TokenTimeline {
  return context.engine === undefined
    ? createPacedTimeline(context.pacing, context.scheduler, startMs)
    : context.engine.submit(promptTokens, outputTokens);
}
