import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/mock-server/scheduler.js';

describe('mock server scheduler', () => {
  it('runs jobs in due order, ties in schedule order, and never early', async () => {
    const scheduler = createScheduler();
    const base = performance.now();
    const ran: { name: string; lateMs: number }[] = [];
    const done = new Promise<void>((resolve) => {
      const add = (name: string, offsetMs: number, last = false): void => {
        scheduler.schedule(base + offsetMs, () => {
          ran.push({ name, lateMs: performance.now() - (base + offsetMs) });
          if (last) resolve();
        });
      };
      add('c', 12);
      add('a', 3);
      add('b1', 7);
      add('b2', 7);
      add('past', -5);
      add('d', 20, true);
    });
    expect(scheduler.pending).toBe(6);
    await done;
    expect(ran.map((job) => job.name)).toEqual(['past', 'a', 'b1', 'b2', 'c', 'd']);
    for (const job of ran) expect(job.lateMs).toBeGreaterThanOrEqual(0);
    expect(scheduler.pending).toBe(0);
  });

  it('lets a job schedule the next one, and cancel drops a job', async () => {
    const scheduler = createScheduler();
    const start = performance.now();
    const times: number[] = [];
    const cancelled = scheduler.schedule(start + 5, () => times.push(-1));
    await new Promise<void>((resolve) => {
      let due = start + 2;
      const tick = (): void => {
        times.push(performance.now() - start);
        if (times.length === 5) return resolve();
        due += 2;
        scheduler.schedule(due, tick);
      };
      scheduler.schedule(due, tick);
      cancelled.cancel();
    });
    expect(times).toHaveLength(5);
    expect(times.includes(-1)).toBe(false);
    times.forEach((time, i) => expect(time).toBeGreaterThanOrEqual(2 + 2 * i));
    expect(scheduler.pending).toBe(0);
  });

  it('cancelAll drops every job', async () => {
    const scheduler = createScheduler();
    let ran = 0;
    for (let i = 0; i < 10; i++) scheduler.schedule(performance.now() + 1 + i, () => ran++);
    scheduler.cancelAll();
    expect(scheduler.pending).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toBe(0);
  });
});
