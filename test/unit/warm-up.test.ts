import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.js';
import { SampleFeeder } from '../../src/core/sample-feeder.js';
import { runSchedule } from '../../src/core/scheduler.js';
import { connectionsToWarm } from '../../src/core/warm-up.js';
import type { Backend, BackendSendOptions } from '../../src/spec/backend.js';
import type { Constraint } from '../../src/spec/constraint.js';
import type { DataSource } from '../../src/spec/data-source.js';
import {
  createConcurrentStrategy,
  createThroughputStrategy,
} from '../../src/strategies/closed-loop.js';
import { createConstantStrategy } from '../../src/strategies/constant.js';

const data: DataSource = {
  name: 'words',
  prepare: async () => undefined,
  *samples() {
    for (;;) yield { prompt: 'hello', promptTokens: 1, outputTokens: 2 };
  },
};

/**
 * A backend that counts connections as a pool would: warm-up opens `opens(asked)` of the
 * connections it is asked for (all by default), and a request opens one more when it finds
 * more requests in flight than connections warmed.
 */
function countingBackend(hang: (index: number) => boolean, opens = (asked: number) => asked) {
  let sent = 0;
  let inFlight = 0;
  let warmed = 0;
  const calls: number[] = [];
  const backend: Backend & { connectionsOpened: number } = {
    name: 'counting',
    connectionsOpened: 0,
    prepare: async () => ({ model: 'm', url: 'test://' }),
    close: async () => undefined,
    async warmUp({ connections }) {
      calls.push(connections);
      warmed = opens(connections);
      backend.connectionsOpened += warmed;
    },
    async send(_request, { signal, onPart }: BackendSendOptions) {
      const index = sent++;
      inFlight++;
      if (inFlight > warmed) backend.connectionsOpened++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      onPart({ type: 'text', text: 'a' });
      onPart({ type: 'text', text: 'b' });
      if (hang(index)) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        // A pool reopens a cancelled request's connection: no request was waiting for it.
        backend.connectionsOpened++;
      }
      inFlight--;
    },
  };
  return { backend, calls };
}

async function run(
  backend: Backend,
  strategy: ReturnType<typeof createConcurrentStrategy>,
  stop: Constraint,
) {
  const feeder = new SampleFeeder(data);
  await feeder.fill();
  return runSchedule({
    index: 0,
    strategy,
    backend,
    feeder,
    constraints: [stop],
    clock: { now: () => performance.now() },
    originMs: 0,
    signal: undefined,
    bus: new EventBus([]),
    snapshotIntervalMs: 60_000,
    maxSeconds: undefined,
    maxRequests: undefined,
  });
}

function stopAfter(settled: number, mode: 'drain' | 'cancel'): Constraint {
  return {
    name: 'stop-after',
    start: () => ({
      afterRequest: (_status, state) =>
        state.successful + state.errored >= settled
          ? { reason: 'max-requests', mode, detail: 'enough' }
          : undefined,
    }),
  };
}

describe('connection warm-up', () => {
  it('warms twice the streams a strategy keeps in flight, within 1,024', () => {
    expect(connectionsToWarm(createConcurrentStrategy(64))).toBe(128);
    expect(connectionsToWarm(createThroughputStrategy(512))).toBe(1024);
    expect(connectionsToWarm(createThroughputStrategy(4096))).toBe(1024);
    // An open loop: its first 100 ms of requests, within its concurrency cap.
    expect(connectionsToWarm(createConstantStrategy(50, 10_000))).toBe(10);
    expect(connectionsToWarm(createConstantStrategy(0.5, 10_000))).toBe(2);
    expect(connectionsToWarm(createConstantStrategy(2000, 10_000))).toBe(400);
    expect(connectionsToWarm(createConstantStrategy(2000, 20))).toBe(40);
    // Never more than the benchmark will send.
    expect(connectionsToWarm(createConstantStrategy(1e6, 10_000), 300)).toBe(300);
  });

  it('warms before the clock and reports the connections opened while the benchmark ran', async () => {
    const { backend, calls } = countingBackend(() => false);
    const result = await run(backend, createConcurrentStrategy(4), stopAfter(20, 'drain'));
    expect(calls).toEqual([8]);
    expect(result.newConnections).toBe(0);
  });

  it('does not count connections a pool reopens for cancelled requests', async () => {
    const { backend } = countingBackend((index) => index === 3);
    const result = await run(backend, createConcurrentStrategy(4), stopAfter(10, 'cancel'));
    // The hung request (dispatch index 3) was cancelled, with whatever else was in flight.
    const rowOfHung = Array.from(result.records.indices()).indexOf(3);
    expect(result.records.status(rowOfHung)).toBe('incomplete');
    expect(result.newConnections).toBe(0);
    // The reopened connection happened, after the cancel.
    expect(backend.connectionsOpened).toBe(9);
  });

  it('counts a request that had to open a connection', async () => {
    // Warm-up opens one connection where 8 were asked: the other streams open their own.
    const { backend } = countingBackend(
      () => false,
      () => 1,
    );
    const result = await run(backend, createConcurrentStrategy(4), stopAfter(4, 'drain'));
    expect(result.newConnections).toBeGreaterThan(0);
  });

  it('says nothing about connections for a backend that does not count them', async () => {
    const { backend } = countingBackend(() => false);
    const { connectionsOpened: _count, warmUp: _warm, ...plain } = backend;
    const result = await run(plain as Backend, createConcurrentStrategy(2), stopAfter(4, 'drain'));
    expect(result.newConnections).toBeUndefined();
    expect(result.records.size).toBeGreaterThanOrEqual(4);
  });
});
