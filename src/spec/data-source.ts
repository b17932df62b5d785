import type { ChatMessage } from './backend.js';
import type { ServerTokenizer, Tokenizer } from './tokenizer.js';

/** One user turn of a conversation (see {@link RequestSample.turns}). */
export interface ConversationTurn {
  /** The user message of this turn. */
  content: string;
  /** Tokens of this turn's user message alone (not the history), when known. */
  promptTokens?: number;
  /** Output budget of the answer to this turn, when fixed. */
  outputTokens?: number;
  /** Think time: ms after the previous answer ended before this turn is sent. */
  delayMs?: number;
}

/** One request's input, as a data source yields it. */
export interface RequestSample {
  /**
   * Prompt text: the user message of a chat request without `messages`, and the whole prompt of
   * a text-completions request (with `messages`, their contents joined by spaces).
   */
  prompt: string;
  /** Chat messages to send instead of one user message built from `prompt`. */
  messages?: readonly ChatMessage[];
  /**
   * The shared prefix (system prompt) this sample starts with, when the source has one. It is
   * already part of `prompt` and `messages`; it is set so that a run can count the distinct
   * prefixes it sent.
   */
  prefix?: string;
  /** Prompt length in tokens under the run's tokenizer, when known. */
  promptTokens?: number;
  /** Output budget: the number of tokens to ask for, when fixed. */
  outputTokens?: number;
  /** Send offset in ms from the benchmark start (trace replay). */
  timestampMs?: number;
  /**
   * When it has two turns or more, the sample is a conversation, sent in order in one session:
   * turn 0 is the sample itself (`prompt`, `messages`, `promptTokens`, `outputTokens`, so a
   * sink that knows no sessions sends turn 0 alone), and `turns[0]` repeats its user message.
   * Each later turn is sent once the previous answer has ended, with the history so far: the
   * earlier messages, each followed by the answer the server really streamed.
   */
  turns?: readonly ConversationTurn[];
}

/** What a data source gets to prepare itself. */
export interface DataSourceContext {
  /** The run's tokenizer, when one is available. */
  tokenizer?: Tokenizer;
  /**
   * The server's own tokenizer, when the run counts tokens with it instead of a local one;
   * a source that builds prompts of exact lengths asks it (batched) during `prepare`.
   */
  serverTokenizer?: ServerTokenizer;
  /** A hint of how many samples the run will use at most, when known. */
  expectedCount?: number;
  /** Seed for any randomness, so runs are reproducible. */
  seed: string;
  signal?: AbortSignal;
}

/**
 * Produces request samples. `prepare` runs once before the first benchmark and may be slow
 * (it loads files, generates prompts); `samples` must then yield quickly, because the core
 * reads ahead of the schedule and never waits on it at dispatch time.
 */
export interface DataSource {
  /** A short name for reports, e.g. `synthetic`. */
  readonly name: string;
  /** Loads or generates what the source needs. Throws setup errors (`ERR_DATA`). */
  prepare(context: DataSourceContext): Promise<void>;
  /** A fresh iterator over samples; it may be endless. Called once per benchmark. */
  samples(): AsyncIterator<RequestSample> | Iterator<RequestSample>;
}
