import { performance } from 'node:perf_hooks';
import type { RequestObserver } from './engine-sequence.js';
import type { PacingModel } from './pacing.js';
import type { ScheduledJob, Scheduler } from './scheduler.js';
import type { EngineRequest, EngineSimulator, TokenTimeline } from './simulator.js';

/**
 * The timeline of a response paced by seeded draws: the first token is due a drawn TTFT after
 * `startMs`, each later one a drawn gap after the previous *due* time (never after the moment a
 * write happened), so timer lateness never accumulates into drift. `observer` sees each token
 * at its due time once it is written, and the response's end or abandonment.
 */
export function createPacedTimeline(
  pacing: PacingModel,
  scheduler: Scheduler,
  startMs: number,
  outputTokens: number,
  observer?: RequestObserver,
): TokenTimeline {
  let dueMs = startMs;
  let emitted = 0;
  let ended = false;
  observer?.scheduled(startMs);
  return {
    after(count, run) {
      const dues: number[] = [];
      for (let i = 0; i < count; i++) {
        dueMs += emitted + i === 0 ? pacing.drawTtftMs() : pacing.drawItlMs();
        dues.push(dueMs);
      }
      const job = scheduler.schedule(dueMs, () => {
        for (const due of dues) observer?.token(due);
        emitted += count;
        if (emitted >= outputTokens && !ended) {
          ended = true;
          observer?.finished(dueMs);
        }
        run();
      });
      return {
        cancel() {
          job.cancel();
          if (ended) return;
          ended = true;
          observer?.aborted(performance.now());
        },
      } satisfies ScheduledJob;
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
  request: EngineRequest,
  startMs: number,
): TokenTimeline {
  return context.engine === undefined
    ? createPacedTimeline(
        context.pacing,
        context.scheduler,
        startMs,
        request.outputTokens,
        request.observer,
      )
    : context.engine.submit(request);
}
