import type { OpenAIHttpBackendOptions } from '../../backends/openai-http-options.js';
import type { BackendRequest } from '../../spec/backend.js';
import type { ClockGap } from './clock-shift.js';
import type { LoopDelay } from '../loop-delay.js';
import type { RecordBatch } from './record-batch.js';

/**
 * The messages between the scheduler (main thread) and its request workers. The main thread
 * keeps the one schedule: it decides when each request is due and which worker sends it, and
 * posts that worker a `send`; the worker sends it at once with its own HTTP pool, stamps every
 * part on the main thread's clock, and posts the finished records back in batches.
 */

/** What a worker starts from (structured-cloned into it). */
export interface RequestWorkerStart {
  /** The built-in OpenAI HTTP backend's options, the model resolved. */
  backend: OpenAIHttpBackendOptions;
  /** The main thread's clock gap (see clock-shift.ts). */
  mainClock: ClockGap;
}

/** The main thread's orders. */
export type WorkerOrder =
  /**
   * A benchmark starts: timestamps are relative to `originMs` (main-thread clock), output text
   * is kept when `keepText`, and `connections` connections are opened first.
   */
  | { type: 'begin'; originMs: number; keepText: boolean; connections: number }
  /** Send one request now; `scheduledAt` is NaN for a closed loop (then it is its dispatch). */
  | { type: 'send'; index: number; scheduledAt: number; request: BackendRequest }
  /** Cancel every request in flight (and any that arrives later) as incomplete. */
  | { type: 'cancel' }
  /** The benchmark is over (every record is back): say what the worker saw. */
  | { type: 'end' }
  | { type: 'close' };

/** The worker's news. */
export type WorkerNews =
  | { type: 'ready'; clock: ClockGap }
  | { type: 'failed'; message: string }
  /** The connections of a `begin` are open. */
  | { type: 'begun' }
  | { type: 'records'; batch: RecordBatch }
  | {
      type: 'ended';
      eventLoopDelayMs: LoopDelay;
      /** Connections opened after the warm-up (until a cancel), when the backend says. */
      newConnections: number | undefined;
    }
  | { type: 'closed' };
