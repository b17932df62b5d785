import type { ScheduledJob } from './scheduler.js';

interface Job extends ScheduledJob {
  dueMs: number;
  sequence: number;
  run: (() => void) | undefined;
}

/**
 * The jobs of a scheduler in due order (ties in scheduling order), on a binary min-heap.
 * Cancelled jobs stay in the heap until they reach its top, where they are dropped.
 */
export interface JobQueue {
  /** Adds a job; its `cancel()` drops it if it has not been taken yet. */
  add(dueMs: number, run: () => void): ScheduledJob;
  /** Due time of the earliest job not cancelled, if any. */
  nextDueMs(): number | undefined;
  /** Takes the earliest job due at or before `atMs`, with its due time. */
  take(atMs: number): { dueMs: number; run: () => void } | undefined;
  /** Jobs added and neither taken nor cancelled. */
  readonly pending: number;
  /** Cancels every job. */
  clear(): void;
}

/** Creates an empty {@link JobQueue}. */
export function createJobQueue(): JobQueue {
  const heap: Job[] = [];
  let live = 0;
  let sequence = 0;
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

  function top(): Job | undefined {
    while (heap.length > 0 && heap[0]!.run === undefined) pop();
    return heap[0];
  }

  return {
    add(dueMs, run) {
      const job: Job = {
        dueMs,
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
    nextDueMs: () => top()?.dueMs,
    take(atMs) {
      const job = top();
      if (job === undefined || job.dueMs > atMs) return undefined;
      pop();
      const run = job.run!;
      job.run = undefined;
      live--;
      return { dueMs: job.dueMs, run };
    },
    get pending() {
      return live;
    },
    clear() {
      for (const job of heap) job.run = undefined;
      heap.length = 0;
      live = 0;
    },
  };
}
