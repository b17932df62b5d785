import type { KvBlockPool } from './kv-block-pool.js';
import { tokensOf, type EngineSequence } from './engine-sequence.js';
import type { ResolvedSimulatorOptions } from './simulator-options.js';

/** What one engine step computes: its members and how many tokens each. */
export interface StepPlan {
  sequences: EngineSequence[];
  tokens: number[];
  /** Members that decode one token (the rest prefill or recompute). */
  decodeSequences: number;
  /** Tokens of prefills and recomputations in the step. */
  prefillTokens: number;
}

/** Counts of what scheduling did, for the engine's stats and `/metrics`. */
export interface SchedulingEvents {
  preempted(sequence: EngineSequence): void;
  /** A first admission looked up the prefix cache: `queries` prompt tokens, `hits` of them cached. */
  prefixLookup(queries: number, hits: number): void;
  /** A request left the waiting queue for the first time. */
  admitted(sequence: EngineSequence, atMs: number): void;
  /** A request was admitted with its prompt computed beside the steps, outside any step. */
  prefilledBeside(sequence: EngineSequence, atMs: number): void;
}

/** The waiting queue, the running list and the step planning of vLLM's V1 scheduler. */
export interface StepScheduler {
  readonly running: EngineSequence[];
  /** Requests waiting, cancelled ones excluded. */
  readonly waiting: number;
  enqueue(sequence: EngineSequence): void;
  /** Takes a cancelled sequence out (of the queue lazily, of the running list at once). */
  remove(sequence: EngineSequence): void;
  /**
   * Plans one step at `atMs`: running requests first, in order, each its remaining tokens
   * (one for a decode) within the token budget, preempting the most recently admitted running
   * request when KV blocks run out; then, if nobody was preempted, waiting requests in order,
   * after a prefix-cache lookup, while the budget, `maxNumSeqs` and the free blocks allow.
   */
  plan(atMs: number): StepPlan;
}

/** Creates the scheduler of one engine over its block pool. */
export function createStepScheduler(
  options: ResolvedSimulatorOptions,
  pool: KvBlockPool,
  events: SchedulingEvents,
): StepScheduler {
  const blockSize = options.blockSize;
  const besidePrefill = options.prefillMsBase > 0 || options.prefillMsPerToken > 0;
  const running: EngineSequence[] = [];
  // A FIFO with a moving head; preempted requests go back in front.
  let queue: EngineSequence[] = [];
  let head = 0;
  let waiting = 0;

  const blocksFor = (tokens: number): number => Math.ceil(tokens / blockSize);

  function front(): EngineSequence | undefined {
    while (head < queue.length && queue[head]!.state !== 'waiting') head++;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return queue[head];
  }

  function preempt(sequence: EngineSequence): void {
    pool.free(sequence.blocks);
    sequence.blocks = [];
    sequence.cachedBlocks = 0;
    sequence.computed = 0;
    sequence.awaitingFirstToken = false;
    sequence.preemptions++;
    sequence.state = 'waiting';
    if (head > 0) queue[--head] = sequence;
    else queue.unshift(sequence);
    waiting++;
    events.preempted(sequence);
  }

  /** Registers the prompt blocks the step completes in the prefix cache. */
  function cacheFullBlocks(sequence: EngineSequence, upToTokens: number): void {
    const full = Math.min(Math.floor(upToTokens / blockSize), sequence.blockHashes.length);
    for (let block = sequence.cachedBlocks; block < full; block++) {
      pool.cache(sequence.blocks[block]!, sequence.blockHashes[block]!);
    }
    if (full > sequence.cachedBlocks) sequence.cachedBlocks = full;
  }

  function planRunning(plan: StepPlan, budget: number): { budget: number; preempted: boolean } {
    let preempted = false;
    let index = 0;
    while (index < running.length && budget > 0) {
      const sequence = running[index]!;
      const remaining = tokensOf(sequence) - sequence.computed;
      // Nothing to compute: its prefill is done and its first token is not due yet.
      if (remaining <= 0) {
        index++;
        continue;
      }
      const count = Math.min(remaining, budget);
      let scheduled = false;
      for (;;) {
        const need = blocksFor(sequence.computed + count) - sequence.blocks.length;
        const blocks = need <= 0 ? [] : pool.allocate(need);
        if (blocks !== undefined) {
          sequence.blocks.push(...blocks);
          scheduled = true;
          break;
        }
        // Out of blocks: recompute the most recently admitted request later.
        const victim = running.pop()!;
        preempt(victim);
        preempted = true;
        if (victim === sequence) break;
      }
      if (!scheduled) break;
      addToPlan(plan, sequence, count);
      budget -= count;
      index++;
    }
    return { budget, preempted };
  }

  function admitWaiting(plan: StepPlan, budget: number, atMs: number): void {
    while (budget > 0 && running.length < options.maxNumSeqs) {
      const sequence = front();
      if (sequence === undefined) return;
      const tokens = tokensOf(sequence);
      const hits: number[] = [];
      if (options.enablePrefixCaching) {
        // The last token is always computed again: its logits give the next token.
        const limit = Math.min(Math.floor((tokens - 1) / blockSize), sequence.blockHashes.length);
        for (let block = 0; block < limit; block++) {
          const cached = pool.lookup(sequence.blockHashes[block]!);
          if (cached === undefined) break;
          hits.push(cached);
        }
      }
      // A prefill beside the steps computes the prompt outside them; a resumed request still
      // recomputes its last token in the step, to produce the next one.
      const beside = besidePrefill && sequence.generated === 0;
      const computed = beside
        ? tokens
        : Math.max(hits.length * blockSize, besidePrefill ? tokens - 1 : 0);
      const count = beside ? 0 : Math.min(tokens - computed, budget);
      let reclaimed = 0;
      for (const block of hits) if (pool.isFree(block)) reclaimed++;
      const need = blocksFor(computed + count) - hits.length;
      if (pool.freeCount - reclaimed < need) return;
      for (const block of hits) pool.touch(block);
      sequence.blocks = [...hits, ...pool.allocate(need)!];
      sequence.cachedBlocks = hits.length;
      sequence.computed = computed;
      if (options.enablePrefixCaching && sequence.preemptions === 0) {
        events.prefixLookup(tokens, hits.length * blockSize);
      }
      head++;
      waiting--;
      sequence.state = 'running';
      running.push(sequence);
      if (sequence.scheduledAtMs === undefined) events.admitted(sequence, atMs);
      if (count === 0) {
        if (options.enablePrefixCaching) cacheFullBlocks(sequence, computed);
        events.prefilledBeside(sequence, atMs);
        continue;
      }
      addToPlan(plan, sequence, count);
      budget -= count;
    }
  }

  function addToPlan(plan: StepPlan, sequence: EngineSequence, count: number): void {
    plan.sequences.push(sequence);
    plan.tokens.push(count);
    const decoding =
      count === 1 && sequence.generated > 0 && sequence.computed === tokensOf(sequence) - 1;
    if (decoding) plan.decodeSequences++;
    else plan.prefillTokens += count;
    if (options.enablePrefixCaching) cacheFullBlocks(sequence, sequence.computed + count);
  }

  return {
    running,
    get waiting() {
      return waiting;
    },
    enqueue(sequence) {
      sequence.state = 'waiting';
      queue.push(sequence);
      waiting++;
    },
    remove(sequence) {
      if (sequence.state === 'waiting') {
        // Its queue entry is skipped when it reaches the front.
        waiting--;
      } else if (sequence.state === 'running') {
        const at = running.indexOf(sequence);
        if (at !== -1) running.splice(at, 1);
        pool.free(sequence.blocks);
        sequence.blocks = [];
      }
      sequence.state = 'gone';
    },
    plan(atMs) {
      const plan: StepPlan = { sequences: [], tokens: [], decodeSequences: 0, prefillTokens: 0 };
      const { budget, preempted } = planRunning(plan, options.maxNumBatchedTokens);
      if (!preempted) admitWaiting(plan, budget, atMs);
      return plan;
    },
  };
}
