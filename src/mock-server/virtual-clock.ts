import type { ScheduledJob, Scheduler } from './scheduler.js';

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

interface Job extends ScheduledJob {
  dueMs: number;
  sequence: number;
  run: (() => void) | undefined;
}

/** Creates a {@link VirtualClock} at time 0. */
export function createVirtualClock(): VirtualClock {
  const heap: Job[] = [];
  let time = 0;
  let sequence = 0;
  let live = 0;

  const before = (a: Job, b: Job): boolean =>
    a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.sequence < b.sequence);

  function push(job: Job): void {
    heap.push(job);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  function pop(): Job | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
    return top;
  }

  return {
    now: () => time,
    schedule(dueMs, run) {
      const job: Job = {
        dueMs: Math.max(dueMs, time),
        sequence: sequence++,
        run,
        cancel() {
          if (job.run === undefined) return;
          job.run = undefined;
          live--;
        },
      };
      live++;
      push(job);
      return job;
    },
    get pending() {
      return live;
    },
    cancelAll() {
      for (const job of heap) job.run = undefined;
      heap.length = 0;
      live = 0;
    },
    runUntil(endMs) {
      while (heap.length > 0 && heap[0]!.dueMs <= endMs) {
        const job = pop()!;
        const run = job.run;
        if (run === undefined) continue;
        job.run = undefined;
        live--;
        time = job.dueMs;
        run();
      }
      time = Math.max(time, endMs);
    },
  };
}
