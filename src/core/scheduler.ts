import { setMaxListeners } from 'node:events';
import type { BenchmarkState, StopDecision } from '../spec/constraint.js';
import type { RequestSample } from '../spec/data-source.js';
import type { RequestRecord } from '../spec/request-record.js';
import { LiveStats } from './live-stats.js';
import { startLoopDelayMonitor } from './loop-delay.js';
import { OutputTokenCounter } from './output-token-counter.js';
import { RecordStore, TOKEN_COUNT_SOURCES } from './record-store.js';
import { requestOutcome } from './request-outcome.js';
import { RequestTimer } from './request-timer.js';
import { conversationOnWorkersError, isConversation, turnAsData, type Session } from './session.js';
import { Conversations } from './conversations.js';
import { createLatch, type Latch } from './latch.js';
import { StopController } from './stop-controller.js';
import { waitForQuietLoop } from './quiet-loop.js';
import {
  CANCEL_GRACE_MS,
  toRequest,
  type ScheduleInput,
  type ScheduleResult,
} from './schedule-types.js';
import { snapshotEvent } from './snapshot-event.js';
import { createDispatchWaiter } from './wait-until.js';
import { connectionsToWarm, warmUpConnections } from './warm-up.js';

const SERVER = TOKEN_COUNT_SOURCES.indexOf('server');

/** The warning code of a spill file that could not be written (the rows stayed in memory). */
export const SPILL_FAILED = 'SPILL_FAILED';

/**
 * Runs one benchmark: dispatches requests as the strategy says, stamps every part, applies the
 * constraints, and returns the records once every request has settled.
 *
 * @throws {InferbenchError} the data source's error (see `SampleFeeder.next`), once the
 * requests in flight have been cancelled and have settled.
 */
export async function runSchedule(input: ScheduleInput): Promise<ScheduleResult> {
  const { strategy, backend, feeder, clock, originMs, bus } = input;
  const remote = input.workers;
  const stop = new StopController();
  const stopped = createLatch();
  const monitors = input.constraints.map((constraint) => constraint.start());
  const state: BenchmarkState = {
    elapsedMs: 0,
    dispatched: 0,
    inFlight: 0,
    successful: 0,
    errored: 0,
    incomplete: 0,
  };
  // One signal cancels every request in flight: an AbortController per request cost about a
  // tenth of the scheduler's CPU per request. A request is incomplete when it had not settled
  // at the moment of the cancel, as if it had had its own signal.
  const cancel = new AbortController();
  setMaxListeners(0, cancel.signal);
  // Each request in flight, with what settles it now (used when a cancel outlasts its grace).
  const inFlight = new Map<RequestTimer, () => void>();
  let cancelled: ReadonlySet<RequestTimer> = new Set();
  let openedAtCancel: number | undefined;
  const retainText = input.retainText === true;
  const spill = input.spill;
  const records = new RecordStore({
    retainText,
    ...(spill === undefined || spill === false
      ? {}
      : {
          spill: {
            ...spill,
            onError: (error) =>
              input.warn?.(
                SPILL_FAILED,
                `records stay in memory: the spill file failed (${error.message}); set TMPDIR to a writable folder to keep memory flat on long runs`,
              ),
          },
        }),
  });
  const tokenizer = input.countingTokenizer;
  const counter = tokenizer === undefined ? undefined : new OutputTokenCounter(records, tokenizer);
  const uncountedOutputs =
    input.countingServer === undefined ? undefined : new Map<number, string>();
  // Text is kept while a request is in flight only when it may be retained or counted.
  const keepText = retainText || counter !== undefined || uncountedOutputs !== undefined;
  const live = new LiveStats();
  const wantsRequestEvents = bus.wantsRequestEvents;
  const waiter = createDispatchWaiter(clock, stopped);
  let wake: Latch = createLatch();
  let settled: Latch | undefined;
  let dataFailure: { error: unknown } | undefined;
  const conversations = new Conversations({
    stop,
    now: () => clock.now(),
    mayDispatch: () => mayDispatch(),
    send(sample, dueAbs, session) {
      dispatch(sample, dueAbs, session);
      input.onDispatch?.(turnAsData(session));
    },
  });

  stop.onStop(() => {
    stopped.open();
    if (stop.cancelling && !cancel.signal.aborted) {
      cancelled = new Set(inFlight.keys());
      // A pool may reopen the connections of cancelled requests: those served no request.
      openedAtCancel = backend.connectionsOpened;
      cancel.abort();
      remote?.cancel();
    }
    // A stop sends no new turn: conversations waiting for one end here.
    conversations.stopWaiting();
    wake.open();
    if (state.inFlight === 0) settled?.open();
  });
  const onAbort = (): void =>
    stop.stop({ reason: 'aborted', mode: 'cancel', detail: 'the run was aborted' });
  if (input.signal?.aborted === true) onAbort();
  input.signal?.addEventListener('abort', onAbort);

  // Connection set-up is not the server's latency: open the pool before the clock starts.
  if (remote !== undefined) {
    await remote.begin({
      clock,
      originMs,
      keepText,
      connections: stop.draining ? 0 : connectionsToWarm(strategy, input.maxRequests),
      graceMs: CANCEL_GRACE_MS,
      onRecord: accept,
    });
  } else if (!stop.draining) {
    await warmUpConnections(backend, strategy, input.maxRequests, input.signal);
  }
  const openedBefore = backend.connectionsOpened;

  const loopDelay = startLoopDelayMonitor();
  const startAbs = clock.now();
  const startMs = startAbs - originMs;
  const timers: NodeJS.Timeout[] = [];
  for (const monitor of monitors) {
    const deadline = monitor.deadline?.();
    if (deadline !== undefined) {
      timers.push(
        setTimeout(
          () => stop.stop(deadline.decision),
          Math.max(0, deadline.atMs - (clock.now() - startAbs)),
        ),
      );
    }
  }
  const snapshotTimer = setInterval(() => publishSnapshot(), input.snapshotIntervalMs);
  snapshotTimer.unref();

  const snapshotContext = {
    benchmarkIndex: input.index,
    strategy: strategy.spec,
    maxSeconds: input.maxSeconds,
    maxRequests: input.maxRequests,
    warmup: input.warmup,
    cooldown: input.cooldown,
  };
  function publishSnapshot(): void {
    bus.publish(snapshotEvent(snapshotContext, state, live, clock.now() - startAbs));
  }

  function decide(decision: StopDecision | undefined): boolean {
    if (decision === undefined) return false;
    stop.stop(decision);
    return true;
  }

  function settle(
    index: number,
    sample: RequestSample,
    timer: RequestTimer,
    scheduledAt: number,
    dispatchedAt: number,
    thrown: unknown,
    session?: Session,
  ): void {
    // Settled once: by the backend, or by the end of a cancel's grace, whichever comes first.
    if (!inFlight.delete(timer)) return;
    const endedAt = timer.now();
    const { status, error } = requestOutcome(cancelled.has(timer), timer, thrown);
    const fields = {
      index,
      status,
      scheduledAt,
      dispatchedAt,
      endedAt,
      dataPromptTokens: sample.promptTokens,
    };
    const record = timer.finish(error === undefined ? fields : { ...fields, error });
    if (session !== undefined) record.turnIndex = session.turn;
    accept(record, timer.text, sample.prompt, session);
  }

  /**
   * Takes one settled request's record (from this thread, or from a worker) into the run; a
   * conversation's turn then leads to its next turn.
   */
  function accept(record: RequestRecord, text: string, prompt: string, session?: Session): void {
    const { status } = record;
    if (retainText) {
      record.outputText = text;
      record.prompt = prompt;
    }
    const row = records.size;
    records.append(record);
    counter?.add(row, text);
    if (uncountedOutputs !== undefined && records.outputTokensSourceCode(row) !== SERVER) {
      uncountedOutputs.set(row, text);
    }
    state.inFlight--;
    state[status]++;
    state.elapsedMs = clock.now() - startAbs;
    if (status === 'successful') live.add(record);
    if (wantsRequestEvents) {
      bus.publish({
        type: 'request-end',
        benchmarkIndex: input.index,
        status,
        ttftMs: record.firstTokenAt - record.dispatchedAt,
        latencyMs: record.endedAt - record.dispatchedAt,
        outputTokens: record.outputTokens,
      });
    }
    for (const monitor of monitors) {
      if (decide(monitor.afterRequest?.(status, state, record))) break;
    }
    if (session !== undefined) conversations.afterTurn(session, status, text);
    wake.open();
    if (state.inFlight === 0 && conversations.waiting === 0) settled?.open();
  }

  /**
   * Sends one request. An open-loop request keeps the target time its strategy scheduled; a
   * closed-loop one (`scheduledAbs` undefined) has no schedule, so its `scheduledAt` is its
   * `dispatchedAt`, from the same single clock read.
   */
  function dispatch(
    sample: RequestSample,
    scheduledAbs: number | undefined,
    turnOf?: Session,
  ): void {
    const index = state.dispatched;
    state.dispatched++;
    state.inFlight++;
    if (remote !== undefined) {
      remote.send(
        index,
        toRequest(sample),
        scheduledAbs === undefined ? undefined : scheduledAbs - originMs,
      );
      return;
    }
    const session = turnOf ?? conversations.open(sample);
    // A conversation's answers are its next turns' history: their text is always kept.
    const timer = new RequestTimer(
      clock,
      originMs,
      keepText || session !== undefined,
      sample.outputTokens,
    );
    const dispatchedAt = timer.now();
    const scheduledAt = scheduledAbs === undefined ? dispatchedAt : scheduledAbs - originMs;
    // One closure settles it: the backend's outcome, or the end of a cancel's grace (no argument).
    const end = (thrown?: unknown): void =>
      settle(index, sample, timer, scheduledAt, dispatchedAt, thrown, session);
    inFlight.set(timer, end);
    backend.send(toRequest(sample), { signal: cancel.signal, onPart: timer.onPart }).then(
      () => end(undefined),
      (thrown: unknown) => end(thrown ?? 'unknown error'),
    );
  }

  function mayDispatch(): boolean {
    if (stop.draining) return false;
    state.elapsedMs = clock.now() - startAbs;
    for (const monitor of monitors) if (decide(monitor.beforeDispatch?.(state))) return false;
    return true;
  }

  /**
   * Waits for every request in flight to settle; once they are cancelled, for at most
   * {@link CANCEL_GRACE_MS}, after which those left are settled as incomplete at once.
   */
  async function untilSettledOrGraceOver(latch: Latch): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    const startGrace = (): void => {
      grace ??= setTimeout(() => {
        for (const settleNow of [...inFlight.values()]) settleNow();
      }, CANCEL_GRACE_MS);
    };
    if (stop.cancelling) startGrace();
    else stop.onStop(() => stop.cancelling && startGrace());
    try {
      await latch.promise;
    } finally {
      clearTimeout(grace);
    }
  }

  async function waitForSlot(): Promise<void> {
    while (state.inFlight + conversations.waiting >= strategy.maxConcurrency && !stop.draining) {
      wake = createLatch();
      await wake.promise;
    }
  }

  try {
    const arrivals = strategy.mode === 'open' ? strategy.arrivals?.() : undefined;
    const timeScale = strategy.mode === 'open' ? strategy.timeScale : undefined;
    while (!stop.draining) {
      let scheduledAbs: number | undefined;
      if (arrivals !== undefined) {
        const next = arrivals.next();
        if (next.done === true) {
          await conversations.untilEnded();
          stop.stop({
            reason: 'completed',
            mode: 'drain',
            detail: 'the strategy sent every request it planned',
          });
          break;
        }
        scheduledAbs = startAbs + next.value;
      } else if (timeScale === undefined) {
        await waitForSlot();
        // Rampup: the first starts of a closed loop wait for their offset from the start.
        const rampupAtMs = strategy.startOffsetMs?.(state.dispatched) ?? 0;
        if (rampupAtMs > 0) await waiter.until(startAbs + rampupAtMs);
      }
      let sample: RequestSample | undefined;
      try {
        sample = await feeder.next();
      } catch (error) {
        // The data source failed: cancel what is in flight, let it settle, then fail the run.
        dataFailure = { error };
        stop.stop({ reason: 'failed', mode: 'cancel', detail: 'the data source failed' });
        break;
      }
      if (sample === undefined) {
        await conversations.untilEnded();
        stop.stop({
          reason: 'data-exhausted',
          mode: 'drain',
          detail: 'the data source has no more samples',
        });
        break;
      }
      if (remote !== undefined && isConversation(sample)) {
        // Workers send single requests only: a conversation would lose its later turns.
        dataFailure = { error: conversationOnWorkersError(sample) };
        stop.stop({ reason: 'failed', mode: 'cancel', detail: 'a conversation met workers' });
        break;
      }
      if (timeScale !== undefined) scheduledAbs = startAbs + (sample.timestampMs ?? 0) * timeScale;
      if (scheduledAbs !== undefined) {
        await waiter.until(scheduledAbs);
        await waitForSlot();
      }
      if (!mayDispatch()) break;
      dispatch(sample, scheduledAbs);
      // After the request is on its way, so hashing never delays a dispatch.
      input.onDispatch?.(sample);
    }
    if (state.inFlight > 0) {
      settled = createLatch();
      await untilSettledOrGraceOver(settled);
    }
  } catch (error) {
    records.dispose();
    throw error;
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
    for (const timer of timers) clearTimeout(timer);
    clearInterval(snapshotTimer);
  }
  const eventLoopDelayMs = loopDelay.stop();
  // With workers: their loops' delays, connections and request counts join this thread's.
  const remoteEnd = await remote?.finish(eventLoopDelayMs).catch((error: unknown) => {
    records.dispose();
    throw error;
  });
  publishSnapshot();
  const endMs = clock.now() - originMs;
  counter?.finish();
  // Cancelled requests' connections are still being torn down: let that finish before the
  // next benchmark starts dispatching, or before the run fails.
  if (state.incomplete > 0) await waitForQuietLoop();
  if (dataFailure !== undefined) {
    records.dispose();
    throw dataFailure.error;
  }
  // The rows spilled during the run come back for the assembly, after the measuring is over.
  await records.seal();
  return {
    startMs,
    endMs,
    stop: stop.decision ?? {
      reason: 'completed',
      mode: 'drain',
      detail: 'the benchmark completed',
    },
    aborted: stop.decision?.reason === 'aborted',
    records,
    ...(uncountedOutputs === undefined ? {} : { uncountedOutputs }),
    ...(remoteEnd ?? {
      eventLoopDelayMs,
      ...(openedBefore === undefined || backend.connectionsOpened === undefined
        ? {}
        : { newConnections: (openedAtCancel ?? backend.connectionsOpened) - openedBefore }),
    }),
  };
}
