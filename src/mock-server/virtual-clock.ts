import { createJobQueue } from './job-queue.js';
import type { Scheduler } from './scheduler.js';

/**
 * A {@link Scheduler} on simulated time: jobs run in due order when `runUntil` advances the
 * clock, with no waiting, so minutes of engine time simulate in milliseconds.
 */
export interface VirtualClock extends Scheduler {
  /** The simulated time, in ms. */
  now(): number;
  /** Runs every job due up to `endMs` (and those they schedule), then sets the time to `endMs`. */
  runUntil(endMs: number): void;
}

/** Creates a {@link VirtualClock} at time 0. */
export function createVirtualClock(): VirtualClock {
  const jobs = createJobQueue();
  let time = 0;
  return {
    now: () => time,
    // A job due in the past runs at the present, as a real timer would.
    schedule: (dueMs, run) => jobs.add(Math.max(dueMs, time), run),
    get pending() {
      return jobs.pending;
    },
    cancelAll: () => jobs.clear(),
    runUntil(endMs) {
      for (let job = jobs.take(endMs); job !== undefined; job = jobs.take(endMs)) {
        time = job.dueMs;
        job.run();
      }
      time = Math.max(time, endMs);
    },
  };
}
