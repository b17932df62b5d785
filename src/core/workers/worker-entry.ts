/**
 * A request worker thread: sends the requests the main thread's schedule hands it, with an
 * HTTP pool of its own, and posts their records back (see protocol.ts). Built as its own file,
 * since a worker starts from a file.
 */
import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { createOpenAIHttpBackend } from '../../backends/openai-http.js';
import type { Clock } from '../../spec/clock.js';
import type { RequestRecord } from '../../spec/request-record.js';
import { startLoopDelayMonitor, type LoopDelay } from '../loop-delay.js';
import { waitForQuietLoop } from '../quiet-loop.js';
import { requestOutcome } from '../request-outcome.js';
import { RequestTimer } from '../request-timer.js';
import { CANCEL_GRACE_MS } from '../schedule-types.js';
import { shiftToMain } from './clock-shift.js';
import type { RequestWorkerStart, WorkerNews, WorkerOrder } from './protocol.js';
import { encodeRecords } from './record-batch.js';

const start = workerData as RequestWorkerStart;
const port = parentPort!;
const backend = createOpenAIHttpBackend(start.backend);
const shift = shiftToMain(start.mainClock);
const shiftMs = shift.gapMs;
/** The main thread's clock, read here. */
const clock: Clock = { now: () => performance.now() + shiftMs };

/** One benchmark's state in this worker. */
interface Benchmark {
  originMs: number;
  keepText: boolean;
  cancel: AbortController;
  /** Each request in flight, with what settles it now (at the end of a cancel's grace). */
  inFlight: Map<RequestTimer, () => void>;
  cancelled: ReadonlySet<RequestTimer> | undefined;
  openedBefore: number | undefined;
  openedAtCancel: number | undefined;
  loopDelay: { stop(): LoopDelay };
  grace: NodeJS.Timeout | undefined;
}

let current: Benchmark | undefined;
let pending: RequestRecord[] = [];
let pendingTexts: string[] = [];
let flushQueued = false;

function tell(news: WorkerNews, transfer: ArrayBuffer[] = []): void {
  port.postMessage(news, transfer);
}

/** Posts the records settled in this event-loop turn as one batch. */
function flush(): void {
  flushQueued = false;
  if (pending.length === 0) return;
  const batch = encodeRecords(pending, current?.keepText === true ? pendingTexts : undefined);
  pending = [];
  pendingTexts = [];
  tell({ type: 'records', batch }, [
    batch.numbers.buffer as ArrayBuffer,
    batch.gaps.buffer as ArrayBuffer,
  ]);
}

function settle(
  bench: Benchmark,
  index: number,
  timer: RequestTimer,
  scheduledAt: number,
  dispatchedAt: number,
  dataPromptTokens: number | undefined,
  thrown: unknown,
): void {
  if (!bench.inFlight.delete(timer)) return;
  const endedAt = timer.now();
  const cancelled = bench.cancelled?.has(timer) === true;
  const { status, error } = requestOutcome(cancelled, timer, thrown);
  const fields = { index, status, scheduledAt, dispatchedAt, endedAt, dataPromptTokens };
  pending.push(timer.finish(error === undefined ? fields : { ...fields, error }));
  if (bench.keepText) pendingTexts.push(timer.text);
  if (!flushQueued) {
    flushQueued = true;
    setImmediate(flush);
  }
}

function send(bench: Benchmark, order: Extract<WorkerOrder, { type: 'send' }>): void {
  const { index, request } = order;
  const timer = new RequestTimer(clock, bench.originMs, bench.keepText, request.outputTokens);
  const dispatchedAt = timer.now();
  const scheduledAt = Number.isNaN(order.scheduledAt) ? dispatchedAt : order.scheduledAt;
  const done = (thrown: unknown): void =>
    settle(bench, index, timer, scheduledAt, dispatchedAt, request.promptTokens, thrown);
  bench.inFlight.set(timer, () => done(undefined));
  if (bench.cancelled !== undefined) {
    // Ordered before the cancel, arrived after it: cancelled before it was sent.
    bench.cancelled = new Set([...bench.cancelled, timer]);
    done(undefined);
    return;
  }
  backend.send(request, { signal: bench.cancel.signal, onPart: timer.onPart }).then(
    () => done(undefined),
    (thrown: unknown) => done(thrown ?? 'unknown error'),
  );
}

async function begin(order: Extract<WorkerOrder, { type: 'begin' }>): Promise<void> {
  if (order.connections > 0) {
    try {
      await backend.warmUp?.({ connections: order.connections });
    } catch {
      // The benchmark's requests will meet the same problem and record it.
    }
  }
  const cancel = new AbortController();
  setMaxListeners(0, cancel.signal);
  current = {
    originMs: order.originMs,
    keepText: order.keepText,
    cancel,
    inFlight: new Map(),
    cancelled: undefined,
    openedBefore: backend.connectionsOpened,
    openedAtCancel: undefined,
    loopDelay: startLoopDelayMonitor(),
    grace: undefined,
  };
  tell({ type: 'begun' });
}

function cancelAll(bench: Benchmark): void {
  if (bench.cancelled !== undefined) return;
  bench.cancelled = new Set(bench.inFlight.keys());
  bench.openedAtCancel = backend.connectionsOpened;
  bench.cancel.abort();
  // Requests still in flight when the grace ends settle as incomplete with what they had.
  bench.grace = setTimeout(() => {
    for (const settleNow of [...bench.inFlight.values()]) settleNow();
  }, CANCEL_GRACE_MS);
}

async function end(bench: Benchmark): Promise<void> {
  clearTimeout(bench.grace);
  flush();
  const opened = bench.openedAtCancel ?? backend.connectionsOpened;
  const eventLoopDelayMs = bench.loopDelay.stop();
  // Cancelled requests' connections are still being torn down here, as on the main thread: the
  // next benchmark's requests must not wait behind that.
  if (bench.cancelled !== undefined && bench.cancelled.size > 0) await waitForQuietLoop();
  tell({
    type: 'ended',
    eventLoopDelayMs,
    newConnections:
      opened === undefined || bench.openedBefore === undefined
        ? undefined
        : opened - bench.openedBefore,
  });
  current = undefined;
}

port.on('message', (order: WorkerOrder) => {
  switch (order.type) {
    case 'send':
      if (current !== undefined) send(current, order);
      return;
    case 'begin':
      void begin(order);
      return;
    case 'cancel':
      if (current !== undefined) cancelAll(current);
      return;
    case 'end':
      if (current !== undefined) void end(current);
      return;
    case 'close':
      void backend.close().then(() => {
        tell({ type: 'closed' });
        port.close();
      });
      return;
  }
});
tell({ type: 'ready', clock: shift });
