import type { MessagePort } from 'node:worker_threads';
import type { MockServerOptions } from './options.js';
import type { SimulatorStats } from './simulator.js';
import type { MockServerStats } from './stats.js';

/**
 * The messages between a mock server in a worker thread and its handle in the caller's thread.
 * Reads of counters are synchronous on the caller's side: it posts a question, sleeps on a
 * shared flag until the worker has put the answer on the reply port, and takes it from there.
 */

/** What the worker starts from (structured-cloned into it). */
export interface WorkerStart {
  /** The options, without a tokenizer object (it cannot cross threads). */
  options: Omit<MockServerOptions, 'tokenizer' | 'worker'>;
  /** Int32Array over this buffer: slot 0 is raised by the worker once an answer is posted. */
  flag: SharedArrayBuffer;
  /** Where the worker posts its answers (transferred to it). */
  replies: MessagePort;
}

/** The caller's questions and orders. */
export type WorkerRequest =
  { type: 'stats' } | { type: 'simulator' } | { type: 'reset-stats' } | { type: 'close' };

/** The worker's answers on the reply port. */
export type WorkerReply =
  | { type: 'stats'; stats: MockServerStats }
  | { type: 'simulator'; simulator: SimulatorStats | undefined }
  | { type: 'reset-stats' };

/** The worker's news on its parent port. */
export type WorkerEvent =
  | { type: 'ready'; url: string; port: number; host: string; model: string }
  | { type: 'failed'; code: string; message: string; field: string | undefined }
  | { type: 'closed' };
