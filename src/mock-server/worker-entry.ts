/**
 * The mock server's worker thread: starts a server from the options it is given and answers
 * its handle in the caller's thread (see worker-protocol.ts). Built as its own file, since a
 * worker starts from a file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InferbenchError } from '../errors.js';
import { createMockServer, type MockServer } from './server.js';
import type { WorkerEvent, WorkerReply, WorkerRequest, WorkerStart } from './worker-protocol.js';

const start = workerData as WorkerStart;
const flag = new Int32Array(start.flag);
const events = parentPort!;

function reply(message: WorkerReply): void {
  start.replies.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function tell(event: WorkerEvent): void {
  events.postMessage(event);
}

async function main(): Promise<void> {
  let server: MockServer;
  try {
    server = await createMockServer(start.options);
  } catch (error) {
    tell({
      type: 'failed',
      code: error instanceof InferbenchError ? error.code : 'ERR_INTERNAL',
      message: error instanceof Error ? error.message : String(error),
      field: error instanceof InferbenchError ? error.field : undefined,
    });
    events.close();
    start.replies.close();
    return;
  }
  events.on('message', (request: WorkerRequest) => {
    switch (request.type) {
      case 'stats':
        reply({ type: 'stats', stats: server.stats });
        return;
      case 'simulator':
        reply({ type: 'simulator', simulator: server.simulator });
        return;
      case 'reset-stats':
        server.resetStats();
        reply({ type: 'reset-stats' });
        return;
      case 'close':
        void server.close().then(() => {
          tell({ type: 'closed' });
          events.close();
          start.replies.close();
        });
        return;
    }
  });
  tell({
    type: 'ready',
    url: server.url,
    port: server.port,
    host: server.host,
    model: server.model,
  });
}

void main();
