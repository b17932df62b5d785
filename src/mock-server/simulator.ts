import { performance } from 'node:perf_hooks';
import { blockHashes } from './block-hashes.js';
import { tokensOf, type EngineSequence, type RequestObserver } from './engine-sequence.js';
import { createKvBlockPool } from './kv-block-pool.js';
import type { ResolvedSimulatorOptions } from './simulator-options.js';
import { createStepScheduler, type StepPlan } from './step-scheduler.js';
import type { ScheduledJob, Scheduler } from './scheduler.js';
import { createTimerLag, type TimerLag } from './timer-lag.js';

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
  /** Requests waiting in the queue (preempted ones included). */
  waiting: number;
  /** Requests running: scheduled, holding KV blocks, until their last token. */
  running: number;
  /** Engine steps run. */
  steps: number;
  /** Tokens generated, first tokens included. */
  tokens: number;
  /** The longest the queue has been. */
  maxWaiting: number;
  /** Requests preempted (their KV blocks freed, to be recomputed). */
  preemptions: number;
  /** Prompt tokens looked up in the prefix cache at first admission. */
  prefixCacheQueries: number;
  /** Of those, tokens found cached. */
  prefixCacheHits: number;
  /** Fraction of KV blocks held by requests now (0 to 1). */
  kvCacheUsage: number;
  /**
   * How late the engine's timer woke after the simulated instant it was due (a step end or a
   * first token), in ms. Lateness never accumulates, since each step is due at the previous
   * step's due end; it only delays the writes of that instant.
   */
  lagMs: { mean: number; p99: number; max: number; count: number };
}

/** One request for the engine. */
export interface EngineRequest {
  promptTokens: number;
  outputTokens: number;
  /** Token ids of the prompt, for prefix caching; without them the prompt caches nothing. */
  promptTokenIds?: readonly number[] | undefined;
  /** Receives the request's server-side timeline. */
  observer?: RequestObserver | undefined;
}

/** What the engine did in one step, for `/metrics`. */
export interface EngineListener {
  /** A step ended: prompt tokens of the requests that got their first token, tokens generated. */
  stepEnded?(promptTokens: number, generationTokens: number): void;
  preempted?(): void;
  prefixLookup?(queries: number, hits: number): void;
}

/** A serving engine in the mock server: vLLM's scheduling, KV blocks and step timing. */
export interface EngineSimulator {
  /** Queues one request; its tokens come from the engine's steps. */
  submit(request: EngineRequest): TokenTimeline;
  /** A snapshot of the counters. */
  stats(): SimulatorStats;
  /** Prompt and output tokens one request may have at most: what the whole KV cache holds. */
  readonly maxTokensPerRequest: number;
}

/**
 * Creates the engine simulator of one mock server. One timer job drives it: at each simulated
 * instant (the end of a step, or a first token due after a prefill beside the steps) it emits
 * the tokens due, frees the blocks of finished requests, plans the next step and arms itself for
 * the next instant. Instants are absolute: a step is due at the previous step's due end, so
 * timer lateness never turns into drift, and when the timer falls behind the missed instants run
 * at once, in order.
 *
 * A step lasts `decodeStepMs + decodeStepMsPerSequence × (decoding − 1) +
 * stepMsPerPrefillToken × prefillTokens` and ends with one token for every member whose tokens
 * are then all computed; a first token comes `firstTokenMsPerRunningRequest` later per other
 * running request. See docs/guides/mock-server-simulator.md for the whole model.
 */
export function createEngineSimulator(
  options: ResolvedSimulatorOptions,
  scheduler: Scheduler,
  now: () => number = () => performance.now(),
  listener: EngineListener = {},
): EngineSimulator {
  const pool = createKvBlockPool(options.numGpuBlocks);
  /** Requests whose prompt is computed, waiting for their first token's instant. */
  const awaiting: EngineSequence[] = [];
  let preemptions = 0;
  let prefixQueries = 0;
  let prefixHits = 0;
  const steps = createStepScheduler(options, pool, {
    preempted() {
      preemptions++;
      listener.preempted?.();
    },
    prefixLookup(queries, hits) {
      prefixQueries += queries;
      prefixHits += hits;
      listener.prefixLookup?.(queries, hits);
    },
    admitted(sequence, atMs) {
      sequence.scheduledAtMs = atMs;
      sequence.observer?.scheduled(atMs);
    },
    prefilledBeside(sequence, atMs) {
      // The start-of-stream work overlaps the prefill beside the steps.
      const prefill = options.prefillMsBase + options.prefillMsPerToken * sequence.promptTokens;
      const streamStart = options.firstTokenMsPerRunningRequest * (steps.running.length - 1);
      sequence.firstTokenDueMs = atMs + Math.max(prefill, streamStart);
      sequence.awaitingFirstToken = true;
      awaiting.push(sequence);
    },
  });
  let step: StepPlan | undefined;
  let stepEndMs: number | undefined;
  let wake: ScheduledJob | undefined;
  let wakeAtMs = Infinity;
  let waking = false;
  const deferred: EngineSequence[] = [];
  let stepCount = 0;
  let tokens = 0;
  let maxWaiting = 0;
  const lag: TimerLag = createTimerLag();

  const stepMs = (plan: StepPlan): number =>
    options.decodeStepMs +
    options.decodeStepMsPerSequence * Math.max(0, plan.decodeSequences - 1) +
    options.stepMsPerPrefillToken * plan.prefillTokens;

  /** One more token for `sequence` at `atMs`; finishes it after its last. */
  function emit(sequence: EngineSequence, atMs: number): void {
    sequence.generated++;
    tokens++;
    sequence.observer?.token(atMs);
    const done = sequence.generated >= sequence.outputTokens;
    if (done) {
      steps.remove(sequence);
      sequence.observer?.finished(atMs);
    }
    if (sequence.run !== undefined && sequence.generated >= sequence.target) {
      const run = sequence.run;
      sequence.run = undefined;
      run();
    }
  }

  function endStep(plan: StepPlan, atMs: number): void {
    stepCount++;
    let prompt = 0;
    let generation = 0;
    for (let i = 0; i < plan.sequences.length; i++) {
      const sequence = plan.sequences[i]!;
      if (sequence.state !== 'running') continue;
      sequence.computed += plan.tokens[i]!;
      if (sequence.computed < tokensOf(sequence)) continue;
      if (sequence.generated === 0) {
        // Starting a stream costs the server more the more streams it already serves.
        const others = steps.running.length - 1;
        const due = atMs + options.firstTokenMsPerRunningRequest * others;
        if (due > sequence.firstTokenDueMs) sequence.firstTokenDueMs = due;
      }
      if (sequence.generated === 0 && sequence.firstTokenDueMs > atMs) {
        sequence.awaitingFirstToken = true;
        awaiting.push(sequence);
        continue;
      }
      if (sequence.generated === 0) prompt += sequence.promptTokens;
      generation++;
      emit(sequence, atMs);
    }
    listener.stepEnded?.(prompt, generation);
  }

  function emitFirstTokensDue(atMs: number): void {
    let kept = 0;
    for (const sequence of awaiting) {
      if (sequence.state !== 'running' || !sequence.awaitingFirstToken) continue;
      if (sequence.firstTokenDueMs > atMs) {
        awaiting[kept++] = sequence;
        continue;
      }
      sequence.awaitingFirstToken = false;
      emit(sequence, atMs);
    }
    awaiting.length = kept;
  }

  function startStep(atMs: number): void {
    if (stepEndMs !== undefined) return;
    const plan = steps.plan(atMs);
    if (plan.sequences.length === 0) return;
    step = plan;
    stepEndMs = atMs + stepMs(plan);
  }

  function onWake(): void {
    waking = true;
    const atMs = wakeAtMs;
    wake = undefined;
    wakeAtMs = Infinity;
    lag.record(Math.max(0, now() - atMs));
    // First tokens due now come before the next plan, so their requests decode in it.
    emitFirstTokensDue(atMs);
    if (stepEndMs !== undefined && stepEndMs <= atMs) {
      const plan = step!;
      step = undefined;
      stepEndMs = undefined;
      endStep(plan, atMs);
    }
    startStep(atMs);
    arm();
    waking = false;
    if (deferred.length > 0) for (const sequence of deferred.splice(0)) cancel(sequence);
  }

  function arm(): void {
    let next = stepEndMs ?? Infinity;
    for (const sequence of awaiting) {
      if (sequence.firstTokenDueMs < next) next = sequence.firstTokenDueMs;
    }
    if (next === wakeAtMs) return;
    wake?.cancel();
    wake = undefined;
    wakeAtMs = next;
    if (next !== Infinity) wake = scheduler.schedule(next, onWake);
  }

  /**
   * Takes a cancelled request out of the engine at once, as a serving engine aborts a request
   * whose client went away. The step in progress keeps its length, unless none of its members
   * is left: then it ends now and the next one is planned.
   */
  function cancel(sequence: EngineSequence): void {
    if (sequence.state === 'gone') return;
    sequence.run = undefined;
    // Tokens are emitted while the lists are walked: cancel once the instant is done.
    if (waking) {
      deferred.push(sequence);
      return;
    }
    steps.remove(sequence);
    sequence.observer?.aborted(now());
    if (step !== undefined && !step.sequences.some((member) => member.state === 'running')) {
      step = undefined;
      stepEndMs = undefined;
    }
    if (stepEndMs === undefined) startStep(now());
    arm();
  }

  return {
    maxTokensPerRequest: options.numGpuBlocks * options.blockSize,
    submit(request) {
      const sequence: EngineSequence = {
        promptTokens: request.promptTokens,
        outputTokens: Math.max(1, request.outputTokens),
        blockHashes:
          options.enablePrefixCaching && request.promptTokenIds !== undefined
            ? blockHashes(request.promptTokenIds, options.blockSize)
            : [],
        generated: 0,
        computed: 0,
        blocks: [],
        cachedBlocks: 0,
        state: 'waiting',
        preemptions: 0,
        scheduledAtMs: undefined,
        firstTokenDueMs: 0,
        awaitingFirstToken: false,
        target: 0,
        run: undefined,
        observer: request.observer,
      };
      steps.enqueue(sequence);
      if (steps.waiting > maxWaiting) maxWaiting = steps.waiting;
      // A busy engine plans the request into its next step; an idle one starts a step now.
      if (stepEndMs === undefined && !waking) {
        startStep(now());
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
        waiting: steps.waiting,
        running: steps.running.length,
        steps: stepCount,
        tokens,
        maxWaiting,
        preemptions,
        prefixCacheQueries: prefixQueries,
        prefixCacheHits: prefixHits,
        kvCacheUsage: pool.usage(),
        lagMs: lag.summary(),
      };
    },
  };
}
