import { performance } from 'node:perf_hooks';
import type { ResolvedSimulatorOptions } from './simulator-options.js';
import type { ScheduledJob, Scheduler } from './scheduler.js';

/**
 * When the tokens of one response are due. `after(count, run)` calls `run` once `count` more
 * tokens of the response exist (at the moment the last of them is due); `cancel()` on the job
 * it returns abandons the response.
 */
export interface TokenTimeline {
  after(count: number, run: () => void): ScheduledJob;
}

/** What the engine simulator has done so far, and how punctual its step timer was. */
export interface SimulatorStats {
  /** Requests waiting in the queue for a batch slot. */
  waiting: number;
  /** Sequences holding a batch slot (prefilling or decoding). */
  running: number;
  /** Decode steps run. */
  steps: number;
  /** Tokens generated, first tokens included. */
  tokens: number;
  /** The longest the queue has been. */
  maxWaiting: number;
  /**
   * How late the engine's timer woke after the simulated instant it was due (a step end or a
   * prefill end), in ms. Lateness never accumulates, since each step is due at the previous
   * step's due end; it only delays the writes of that instant.
   */
  lagMs: { mean: number; p99: number; max: number; count: number };
}

/** A serving engine in the mock server: batch slots, a FIFO queue, prefill and decode steps. */
export interface EngineSimulator {
  /** Queues one request; its tokens come from the engine's steps. */
  submit(promptTokens: number, outputTokens: number): TokenTimeline;
  /** A snapshot of the counters. */
  stats(): SimulatorStats;
}

interface Sequence {
  promptTokens: number;
  outputTokens: number;
  /** Tokens generated so far. */
  generated: number;
  /** `run` is called once `generated` reaches this. */
  target: number;
  run: (() => void) | undefined;
  /** Where it is in the engine; `gone` once it finished or was cancelled. */
  state: 'queued' | 'prefilling' | 'joining' | 'decoding' | 'gone';
  /** Simulated instant its prefill is done. */
  prefillEndMs: number;
}

/** Lag histogram: 0.1 ms bins up to 100 ms, and one overflow bin. */
const LAG_BIN_MS = 0.1;
const LAG_BINS = 1000;

/**
 * Creates the engine simulator of one mock server. One timer job drives it: at each simulated
 * instant (the end of a decode step or of a prefill) it emits the tokens due, frees the slots of
 * finished sequences, admits queued requests and arms itself for the next instant. Instants are
 * absolute: the next step is due at the previous step's due end, so timer lateness never turns
 * into drift, and when the timer falls behind the missed instants run at once, in order.
 *
 * The model: a request waits in a FIFO queue until a slot is free; slots are handed out when
 * the engine is idle or at a step boundary. A request's prefill lasts
 * `prefillMsBase + prefillMsPerToken × promptTokens`, runs beside the decode steps, and ends
 * with its first token. It then joins the next decode step; a step with `k` sequences lasts
 * `decodeStepMs + decodeStepMsPerSequence × (k − 1)` and gives each of them one token.
 */
export function createEngineSimulator(
  options: ResolvedSimulatorOptions,
  scheduler: Scheduler,
  now: () => number = () => performance.now(),
): EngineSimulator {
  const queue: Sequence[] = [];
  let queueHead = 0;
  let waiting = 0;
  const prefilling: Sequence[] = [];
  /** The sequences of the step in progress. */
  const batch: Sequence[] = [];
  /** Sequences whose prefill is done, waiting for the next step. */
  let joining: Sequence[] = [];
  let slots = 0;
  let stepEndMs: number | undefined;
  let wake: ScheduledJob | undefined;
  let wakeAtMs = Infinity;
  let waking = false;
  const deferred: Sequence[] = [];
  let steps = 0;
  let tokens = 0;
  let maxWaiting = 0;
  const lagBins = new Uint32Array(LAG_BINS + 1);
  let lagCount = 0;
  let lagSum = 0;
  let lagMax = 0;

  const stepMs = (size: number): number =>
    options.decodeStepMs + options.decodeStepMsPerSequence * (size - 1);
  const prefillMs = (sequence: Sequence): number =>
    options.prefillMsBase + options.prefillMsPerToken * sequence.promptTokens;

  function release(sequence: Sequence): void {
    if (sequence.state === 'gone') return;
    sequence.state = 'gone';
    slots--;
  }

  /**
   * Takes a cancelled sequence out of the engine at once, as a serving engine aborts a request
   * whose client went away: out of the queue, or out of its slot. The step in progress keeps its
   * length, unless no sequence is left in it: then it ends now.
   */
  function cancel(sequence: Sequence): void {
    const state = sequence.state;
    if (state === 'gone') return;
    sequence.run = undefined;
    // A token's write cannot close its response synchronously, but if it ever did, the lists
    // being walked must not change under the walk: cancel once the instant is done.
    if (waking) {
      deferred.push(sequence);
      return;
    }
    sequence.state = 'gone';
    if (state === 'queued') {
      // Its queue entry is skipped at admission.
      waiting--;
      return;
    }
    const list = state === 'prefilling' ? prefilling : state === 'joining' ? joining : batch;
    const at = list.indexOf(sequence);
    if (at !== -1) list.splice(at, 1);
    slots--;
    // A step left with no sequence computes nothing: it ends now.
    if (stepEndMs !== undefined && batch.length === 0) stepEndMs = undefined;
    if (stepEndMs === undefined) {
      admit(now());
      startStep(now());
    }
    arm();
  }

  /** One more token for `sequence`; true when it is finished. */
  function generate(sequence: Sequence): boolean {
    sequence.generated++;
    tokens++;
    if (sequence.run !== undefined && sequence.generated >= sequence.target) {
      const run = sequence.run;
      sequence.run = undefined;
      run();
    }
    return sequence.generated >= sequence.outputTokens;
  }

  function admit(atMs: number): void {
    while (slots < options.maxBatch && queueHead < queue.length) {
      const sequence = queue[queueHead]!;
      queue[queueHead++] = undefined as unknown as Sequence;
      // Cancelled while queued: already uncounted.
      if (sequence.state !== 'queued') continue;
      waiting--;
      slots++;
      sequence.state = 'prefilling';
      sequence.prefillEndMs = atMs + prefillMs(sequence);
      prefilling.push(sequence);
    }
    // Compact the consumed head now and then rather than shifting on every admission.
    if (queueHead > 1024 && queueHead * 2 > queue.length) {
      queue.splice(0, queueHead);
      queueHead = 0;
    }
  }

  function finishPrefills(atMs: number): void {
    let kept = 0;
    for (const sequence of prefilling) {
      if (sequence.prefillEndMs > atMs) {
        prefilling[kept++] = sequence;
      } else if (generate(sequence)) {
        release(sequence);
      } else {
        sequence.state = 'joining';
        joining.push(sequence);
      }
    }
    prefilling.length = kept;
  }

  function endStep(atMs: number): void {
    steps++;
    let kept = 0;
    for (const sequence of batch) {
      if (generate(sequence)) release(sequence);
      else batch[kept++] = sequence;
    }
    batch.length = kept;
    admit(atMs);
  }

  function startStep(atMs: number): void {
    if (stepEndMs !== undefined) return;
    // A step's members are fixed when it starts; sequences ready later join the one after.
    for (const sequence of joining) {
      sequence.state = 'decoding';
      batch.push(sequence);
    }
    joining = [];
    if (batch.length > 0) stepEndMs = atMs + stepMs(batch.length);
  }

  function onWake(): void {
    waking = true;
    const atMs = wakeAtMs;
    wake = undefined;
    wakeAtMs = Infinity;
    const lag = Math.max(0, now() - atMs);
    lagCount++;
    lagSum += lag;
    if (lag > lagMax) lagMax = lag;
    lagBins[Math.min(LAG_BINS, Math.floor(lag / LAG_BIN_MS))]!++;

    finishPrefills(atMs);
    if (stepEndMs !== undefined && stepEndMs <= atMs) {
      stepEndMs = undefined;
      endStep(atMs);
    } else if (stepEndMs === undefined) {
      // An idle engine hands out slots at once (a prefill ending may have freed one).
      admit(atMs);
    }
    startStep(atMs);
    arm();
    waking = false;
    if (deferred.length > 0) for (const sequence of deferred.splice(0)) cancel(sequence);
  }

  function arm(): void {
    let next = stepEndMs ?? Infinity;
    for (const sequence of prefilling) {
      if (sequence.prefillEndMs < next) next = sequence.prefillEndMs;
    }
    if (next === wakeAtMs) return;
    wake?.cancel();
    wake = undefined;
    wakeAtMs = next;
    if (next !== Infinity) wake = scheduler.schedule(next, onWake);
  }

  function lagPercentile(fraction: number): number {
    if (lagCount === 0) return 0;
    const rank = Math.ceil(fraction * lagCount);
    let seen = 0;
    for (let bin = 0; bin <= LAG_BINS; bin++) {
      seen += lagBins[bin]!;
      if (seen >= rank) return bin === LAG_BINS ? lagMax : (bin + 1) * LAG_BIN_MS;
    }
    return lagMax;
  }

  return {
    submit(promptTokens, outputTokens) {
      const sequence: Sequence = {
        promptTokens,
        outputTokens,
        generated: 0,
        target: 0,
        run: undefined,
        state: 'queued',
        prefillEndMs: Infinity,
      };
      queue.push(sequence);
      waiting++;
      if (waiting > maxWaiting) maxWaiting = waiting;
      // A busy engine admits at its next step boundary; an idle one right away.
      if (stepEndMs === undefined) {
        admit(now());
        arm();
      }
      const job: ScheduledJob = {
        cancel() {
          cancel(sequence);
        },
      };
      return {
        after(count, run) {
          sequence.target = sequence.generated + count;
          sequence.run = run;
          return job;
        },
      };
    },
    stats() {
      return {
        waiting,
        running: slots,
        steps,
        tokens,
        maxWaiting,
        lagMs: {
          mean: lagCount === 0 ? 0 : lagSum / lagCount,
          p99: lagPercentile(0.99),
          max: lagMax,
          count: lagCount,
        },
      };
    },
  };
}
