/** Receives the server-side timeline of one request (the mock's `/metrics` records it). */
export interface RequestObserver {
  /** The engine scheduled the request for the first time (it left the waiting queue). */
  scheduled(atMs: number): void;
  /** One output token exists (the first one included). */
  token(atMs: number): void;
  /** The last token exists: the request finished. */
  finished(atMs: number): void;
  /** The client went away before the request finished. */
  aborted(atMs: number): void;
}

/** One request as the engine simulator tracks it. */
export interface EngineSequence {
  promptTokens: number;
  outputTokens: number;
  /** Prefix-cache keys of the prompt's full blocks (empty with prefix caching off). */
  blockHashes: readonly string[];
  /** Output tokens generated so far. */
  generated: number;
  /** Tokens whose KV entries are computed (vLLM's `num_computed_tokens`). */
  computed: number;
  /** KV blocks it holds, in order. */
  blocks: number[];
  /** How many of its prompt blocks it has registered in the prefix cache. */
  cachedBlocks: number;
  /** Where it is; `gone` once it finished or was cancelled. */
  state: 'waiting' | 'running' | 'gone';
  /** Times it was preempted and put back in the queue. */
  preemptions: number;
  /** Simulated instant it was first scheduled. */
  scheduledAtMs: number | undefined;
  /** Earliest instant of its first token (its prefill beside the steps); 0 when none applies. */
  firstTokenDueMs: number;
  /** Its prompt is computed and it waits for `firstTokenDueMs` to pass. */
  awaitingFirstToken: boolean;
  /** `run` is called once `generated` reaches this. */
  target: number;
  run: (() => void) | undefined;
  observer: RequestObserver | undefined;
}

/** Tokens of a sequence so far: its prompt and the outputs already generated. */
export function tokensOf(sequence: EngineSequence): number {
  return sequence.promptTokens + sequence.generated;
}
