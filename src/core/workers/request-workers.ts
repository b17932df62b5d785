import { Worker } from 'node:worker_threads';
import type { OpenAIHttpBackendOptions } from '../../backends/openai-http-options.js';
import { InferbenchError } from '../../errors.js';
import { workerScript } from '../../internal/worker-script.js';
import type { BackendRequest } from '../../spec/backend.js';
import type { Clock } from '../../spec/clock.js';
import type { RequestRecord } from '../../spec/request-record.js';
import type { LoopDelay } from '../loop-delay.js';
import { RequestTimer } from '../request-timer.js';
import { measureClockGap, type ClockGap } from './clock-shift.js';
import type { RequestWorkerStart, WorkerNews, WorkerOrder } from './protocol.js';
import { decodeRecords } from './record-batch.js';

/**
 * How long after a cancel the main thread waits for a worker's records before it settles the
 * rest itself as incomplete: the worker's own grace (`CANCEL_GRACE_MS`) plus this margin, so a
 * worker that is alive always reports its requests with what they received.
 */
const RESCUE_MARGIN_MS = 500;

/** What one benchmark hands its workers. */
export interface WorkerBenchmark {
  /** The main thread's clock and the run's origin on it: every timestamp is relative to it. */
  clock: Clock;
  originMs: number;
  /** Keep output text (to retain or count it). */
  keepText: boolean;
  /** Connections to open before the clock starts, shared among the workers. */
  connections: number;
  /** Cancel grace of the benchmark (ms). */
  graceMs: number;
  /** Receives each settled request, in the order the main thread hears of it. */
  onRecord(record: RequestRecord, text: string, prompt: string): void;
}

/** What the workers saw during one benchmark, with the main thread's part, as a benchmark reports it. */
export interface WorkerBenchmarkEnd {
  /** The worst p50, p99 and max of the main thread's and the workers' event loops. */
  eventLoopDelayMs: LoopDelay;
  /** Connections the workers opened after their warm-up; absent if one did not say. */
  newConnections?: number;
  /** How many workers, and the requests each one sent (in worker order). */
  workers: { count: number; requestsPerWorker: number[] };
}

interface Outstanding {
  worker: number;
  scheduledAt: number;
  postedAt: number;
  prompt: string;
  promptTokens: number | undefined;
}

interface Thread {
  worker: Worker;
  inFlight: number;
  alive: boolean;
  /** Resolves the next `begun` or `ended`. */
  waiting: ((news: WorkerNews) => void) | undefined;
}

/**
 * N worker threads that send one benchmark's requests, each with its own HTTP pool (its own
 * OpenAI HTTP backend), from the schedule the main thread keeps: the scheduler decides when a
 * request is due and calls {@link RequestWorkers.send}, which posts it to the worker with the
 * fewest requests in flight. Records come back in batches and reach `onRecord` on the main
 * thread, where the record store, the live statistics and the constraints see the whole run.
 */
export class RequestWorkers {
  readonly #threads: Thread[];
  #bench: WorkerBenchmark | undefined;
  readonly #outstanding = new Map<number, Outstanding>();
  #sent: number[];
  #next = 0;
  #rescue: NodeJS.Timeout | undefined;
  #cancelled = false;

  private constructor(workers: Worker[]) {
    this.#threads = workers.map((worker) => ({
      worker,
      inFlight: 0,
      alive: true,
      waiting: undefined,
    }));
    this.#sent = workers.map(() => 0);
    this.#threads.forEach((thread, at) => this.#listen(thread, at));
  }

  /** Worker threads in the pool. */
  get size(): number {
    return this.#threads.length;
  }

  /**
   * Starts `count` workers, each with an OpenAI HTTP backend built from `backend` (whose
   * `model` should be resolved, so no worker asks the server for it again).
   *
   * @throws {InferbenchError} `ERR_INTERNAL` when a worker cannot start.
   */
  static async start(count: number, backend: OpenAIHttpBackendOptions): Promise<RequestWorkers> {
    const mainClock: ClockGap = measureClockGap();
    const start: RequestWorkerStart = { backend, mainClock };
    const { script, evaluated } = workerScript(
      import.meta.url,
      './worker-entry.ts',
      'request-worker',
    );
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++) {
        workers.push(new Worker(script, { eval: evaluated, workerData: start }));
      }
      await Promise.all(workers.map(ready));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new RequestWorkers(workers);
  }

  /** Starts a benchmark: every worker opens its share of the connections and takes the origin. */
  async begin(bench: WorkerBenchmark): Promise<void> {
    this.#bench = bench;
    this.#sent = this.#threads.map(() => 0);
    this.#cancelled = false;
    const share = Math.ceil(bench.connections / this.#threads.length);
    await Promise.all(
      this.#threads.map((thread) =>
        this.#ask(thread, {
          type: 'begin',
          originMs: bench.originMs,
          keepText: bench.keepText,
          connections: share,
        }),
      ),
    );
  }

  /**
   * Has a worker send `request` now; `scheduledAt` (run-relative) is undefined for a closed loop.
   */
  send(index: number, request: BackendRequest, scheduledAt: number | undefined): void {
    const bench = this.#bench!;
    const at = this.#pick();
    const outstanding: Outstanding = {
      worker: at,
      scheduledAt: scheduledAt ?? NaN,
      postedAt: bench.clock.now() - bench.originMs,
      prompt: request.prompt,
      promptTokens: request.promptTokens,
    };
    this.#outstanding.set(index, outstanding);
    if (at < 0) {
      this.#settleHere(index, outstanding, 'errored');
      return;
    }
    const thread = this.#threads[at]!;
    thread.inFlight++;
    thread.worker.postMessage({
      type: 'send',
      index,
      scheduledAt: outstanding.scheduledAt,
      request,
    } satisfies WorkerOrder);
  }

  /**
   * Cancels every request in flight in every worker; those a worker has not reported within
   * its grace and a margin are settled here as incomplete.
   */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    for (const thread of this.#threads) {
      if (thread.alive) thread.worker.postMessage({ type: 'cancel' } satisfies WorkerOrder);
    }
    const graceMs = this.#bench?.graceMs ?? 0;
    this.#rescue = setTimeout(() => {
      for (const [index, outstanding] of [...this.#outstanding]) {
        this.#settleHere(index, outstanding, 'incomplete');
      }
    }, graceMs + RESCUE_MARGIN_MS);
  }

  /**
   * Ends the benchmark once every request has settled: what the workers saw, joined with the
   * main thread's event-loop delay (`mainLoopDelay`).
   */
  async finish(mainLoopDelay: LoopDelay): Promise<WorkerBenchmarkEnd> {
    clearTimeout(this.#rescue);
    const ends = await Promise.all(
      this.#threads.map((thread) => this.#ask(thread, { type: 'end' })),
    );
    this.#bench = undefined;
    const loop: LoopDelay = { ...mainLoopDelay };
    let newConnections: number | undefined = 0;
    for (const end of ends) {
      if (end?.type !== 'ended') {
        newConnections = undefined;
        continue;
      }
      loop.p50 = Math.max(loop.p50, end.eventLoopDelayMs.p50);
      loop.p99 = Math.max(loop.p99, end.eventLoopDelayMs.p99);
      loop.max = Math.max(loop.max, end.eventLoopDelayMs.max);
      newConnections =
        newConnections === undefined || end.newConnections === undefined
          ? undefined
          : newConnections + end.newConnections;
    }
    return {
      eventLoopDelayMs: loop,
      ...(newConnections === undefined ? {} : { newConnections }),
      workers: { count: this.#threads.length, requestsPerWorker: [...this.#sent] },
    };
  }

  /** Closes every worker's connections and ends the threads. */
  async close(): Promise<void> {
    clearTimeout(this.#rescue);
    await Promise.all(
      this.#threads.map(async (thread) => {
        if (thread.alive) {
          const closed = this.#ask(thread, { type: 'close' });
          await Promise.race([closed, delay(5_000)]);
        }
        thread.alive = false;
        await thread.worker.terminate();
      }),
    );
  }

  /** The live worker with the fewest requests in flight (ties in turn), or -1 when none is left. */
  #pick(): number {
    const threads = this.#threads;
    let best = -1;
    for (let k = 0; k < threads.length; k++) {
      const at = (this.#next + k) % threads.length;
      const thread = threads[at]!;
      if (thread.alive && (best < 0 || thread.inFlight < threads[best]!.inFlight)) best = at;
    }
    this.#next = (this.#next + 1) % threads.length;
    return best;
  }

  #listen(thread: Thread, at: number): void {
    thread.worker.on('message', (news: WorkerNews) => {
      if (news.type === 'records') {
        decodeRecords(news.batch, (record, text) => this.#settled(record, text, at));
        return;
      }
      const waiting = thread.waiting;
      thread.waiting = undefined;
      waiting?.(news);
    });
    const lost = (why: string): void => {
      if (!thread.alive) return;
      thread.alive = false;
      thread.waiting?.({ type: 'failed', message: why });
      thread.waiting = undefined;
      // Its requests will never report: failed requests are data, not a stalled benchmark.
      for (const [index, outstanding] of [...this.#outstanding]) {
        if (outstanding.worker === at) this.#settleHere(index, outstanding, 'errored', why);
      }
    };
    thread.worker.on('error', (error) => lost(`a request worker failed: ${error.message}`));
    thread.worker.on('exit', (code) => lost(`a request worker exited (${code})`));
  }

  #settled(record: RequestRecord, text: string, at: number): void {
    const outstanding = this.#outstanding.get(record.index);
    // Already settled here (the rescue after a cancel, or a lost worker).
    if (outstanding === undefined) return;
    this.#outstanding.delete(record.index);
    this.#threads[at]!.inFlight--;
    this.#sent[at]!++;
    this.#bench?.onRecord(record, text, outstanding.prompt);
  }

  /** Settles a request no worker will report, from what the main thread knows of it. */
  #settleHere(
    index: number,
    outstanding: Outstanding,
    status: 'incomplete' | 'errored',
    why = 'no request worker is left to send it',
  ): void {
    const bench = this.#bench;
    this.#outstanding.delete(index);
    if (bench === undefined) return;
    const thread = this.#threads[outstanding.worker];
    if (thread !== undefined) {
      thread.inFlight--;
      this.#sent[outstanding.worker]!++;
    }
    const timer = new RequestTimer(bench.clock, bench.originMs, false);
    const fields = {
      index,
      status,
      scheduledAt: Number.isNaN(outstanding.scheduledAt)
        ? outstanding.postedAt
        : outstanding.scheduledAt,
      dispatchedAt: outstanding.postedAt,
      endedAt: timer.now(),
      dataPromptTokens: outstanding.promptTokens,
    };
    const record = timer.finish(
      status === 'errored' ? { ...fields, error: { code: 'CLIENT_ERROR', message: why } } : fields,
    );
    bench.onRecord(record, '', outstanding.prompt);
  }

  #ask(thread: Thread, order: WorkerOrder): Promise<WorkerNews | undefined> {
    if (!thread.alive) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      thread.waiting = resolve;
      thread.worker.postMessage(order);
    });
  }
}

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (message: string): void =>
      reject(new InferbenchError('ERR_INTERNAL', `workers: a request worker ${message}`));
    worker.once('message', (news: WorkerNews) => {
      if (news.type === 'ready') resolve();
      else fail(news.type === 'failed' ? `failed: ${news.message}` : `said ${news.type}`);
    });
    worker.once('error', (error) => fail(`failed to start: ${error.message}`));
    worker.once('exit', (code) => fail(`exited while starting (${code})`));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
