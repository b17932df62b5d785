import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { InferbenchError } from '../errors.js';
import { workerScript } from '../internal/worker-script.js';
import type { InferbenchErrorCode } from '../spec/errors.js';
import { resolveMockServerOptions, type MockServerOptions } from './options.js';
import { resolveSimulatorOptions } from './simulator-options.js';
import type { MockServer } from './server.js';
import type { SimulatorStats } from './simulator.js';
import type { MockServerStats } from './stats.js';
import type { WorkerEvent, WorkerReply, WorkerRequest, WorkerStart } from './worker-protocol.js';

/** How long a read of the worker's counters may block the caller before it is an error. */
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * Starts a mock server in a worker thread of its own and returns a handle with the same
 * surface as one in this thread: `stats` and `simulator` are read synchronously, by waiting
 * (at most a few ms) for the worker's answer.
 */
export async function startMockServerInWorker(options: MockServerOptions): Promise<MockServer> {
  if (options.tokenizer !== undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      'tokenizer: a mock server in a worker thread cannot take a tokenizer object (it cannot cross threads); give tokenizerPath, a local tokenizer.json or a folder holding one, or leave both unset for the word tokenizer',
      { field: 'tokenizer' },
    );
  }
  const { tokenizer: _object, worker: _worker, ...rest } = options;
  // Checked here, so that a bad option fails the same way in both threads.
  resolveMockServerOptions(rest);
  resolveSimulatorOptions(rest.simulate);
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const channel = new MessageChannel();
  const start: WorkerStart = { options: rest, flag, replies: channel.port2 };
  // The built `mock-server-worker` file beside this code, or the source entry under tsx.
  const { script, evaluated } = workerScript(
    import.meta.url,
    './worker-entry.ts',
    'mock-server-worker',
  );
  const worker = new Worker(script, {
    eval: evaluated,
    workerData: start,
    transferList: [channel.port2],
  });
  const replies = channel.port1;

  const ready = await new Promise<Extract<WorkerEvent, { type: 'ready' }>>((resolve, reject) => {
    const onEvent = (event: WorkerEvent): void => {
      if (event.type === 'ready') resolve(event);
      if (event.type === 'failed') {
        reject(
          new InferbenchError(
            event.code as InferbenchErrorCode,
            event.message,
            event.field === undefined ? {} : { field: event.field },
          ),
        );
      }
    };
    worker.on('message', onEvent);
    worker.once('error', (error) =>
      reject(
        new InferbenchError('ERR_INTERNAL', `the mock server's worker failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    worker.once('exit', (code) =>
      reject(new InferbenchError('ERR_INTERNAL', `the mock server's worker exited (${code})`)),
    );
  }).catch(async (error: unknown) => {
    replies.close();
    await worker.terminate();
    throw error;
  });

  let closing: Promise<void> | undefined;
  let last: { stats: MockServerStats; simulator: SimulatorStats | undefined } | undefined;

  function ask<T extends WorkerRequest['type']>(type: T): Extract<WorkerReply, { type: T }> {
    Atomics.store(flagView, 0, 0);
    worker.postMessage({ type } satisfies WorkerRequest);
    Atomics.wait(flagView, 0, 0, ANSWER_TIMEOUT_MS);
    const received = receiveMessageOnPort(replies);
    const message = received?.message as WorkerReply | undefined;
    if (message?.type !== type) {
      throw new InferbenchError(
        'ERR_INTERNAL',
        `the mock server's worker did not answer "${type}" within ${ANSWER_TIMEOUT_MS} ms`,
      );
    }
    return message as Extract<WorkerReply, { type: T }>;
  }

  return {
    url: ready.url,
    port: ready.port,
    host: ready.host,
    model: ready.model,
    inWorker: true,
    get stats() {
      return last?.stats ?? ask('stats').stats;
    },
    get simulator() {
      return last === undefined ? ask('simulator').simulator : last.simulator;
    },
    resetStats() {
      if (last === undefined) ask('reset-stats');
    },
    close() {
      closing ??= (async () => {
        // Counters stay readable after close, as they do for a server in this thread.
        last = { stats: ask('stats').stats, simulator: ask('simulator').simulator };
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (event: WorkerEvent) => {
            if (event.type === 'closed') resolve();
          });
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        await closed;
        replies.close();
        await worker.terminate();
      })();
      return closing;
    },
  };
}
