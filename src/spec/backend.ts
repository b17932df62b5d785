import type { RequestErrorCode } from './errors.js';

/** One chat message sent to a chat-completions endpoint. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the core asks a backend to send. */
export interface BackendRequest {
  /** Prompt text; for chat requests it becomes one user message unless `messages` is set. */
  prompt: string;
  /** Full chat history, when the data source provides one. */
  messages?: readonly ChatMessage[];
  /** Prompt length in tokens as the data source counted it, if known. */
  promptTokens?: number;
  /** Fixed output length: the backend asks for exactly this many tokens (max_tokens + ignore_eos). */
  outputTokens?: number;
}

/**
 * One part of a response as the backend decoded it. Backends never take timestamps: the core
 * stamps each part when `onPart` is called, so every duration shares one clock.
 */
export type BackendStreamPart =
  /** Response headers arrived. */
  | { type: 'headers'; httpStatus: number }
  /** A delta of generated output text (one stream chunk; it may hold several tokens). */
  | { type: 'text'; text: string }
  /** A delta of reasoning text (`reasoning_content` / `reasoning`). */
  | { type: 'reasoning'; text: string }
  /** A delta of a tool call's arguments. */
  | { type: 'tool-call'; text: string }
  /** Token usage reported by the server. */
  | { type: 'usage'; promptTokens?: number; outputTokens?: number }
  /** The request failed; the backend sends at most one error part, as its last part. */
  | { type: 'error'; code: RequestErrorCode; message: string; httpStatus?: number };

/** Per-call options the core hands to {@link Backend.send}. */
export interface BackendSendOptions {
  /** Aborts the request (stop, user abort, per-request timeout). */
  signal: AbortSignal;
  /** Called synchronously for each decoded part, in order. Must not be awaited. */
  onPart: (part: BackendStreamPart) => void;
}

/** What {@link Backend.prepare} learns about the target before a run. */
export interface BackendInfo {
  /** The model requests will name. */
  model: string;
  /** The base URL requests go to, secrets removed. */
  url: string;
  /** Where the server loaded the model from, when it says (vLLM's `root` in `/v1/models`). */
  root?: string;
  /** The model's context length, when the server states it (`max_model_len`). */
  maxModelLen?: number;
  /**
   * The model ids the target lists (`GET /v1/models`), when it lists them; absent when it has
   * no listing (a 404, a body that is not a list). The run checks `model` against it.
   */
  servedModels?: string[];
}

/**
 * Sends requests to an inference server. Implementations decode the server's responses into
 * {@link BackendStreamPart}s; they never throw for a failed request (they emit an `error`
 * part), and they return promptly when `signal` aborts.
 */
export interface Backend {
  /** A short name for reports, e.g. `openai-http`. */
  readonly name: string;
  /** Checks the target is reachable and resolves the model. Throws setup errors. */
  prepare(options?: { signal?: AbortSignal }): Promise<BackendInfo>;
  /** Sends one request; resolves once the response is fully consumed, failed or aborted. */
  send(request: BackendRequest, options: BackendSendOptions): Promise<void>;
  /**
   * Opens up to `connections` connections before a benchmark's clock starts, so that setting
   * one up (TCP, TLS) is never counted as the server's latency. Optional; failures are the
   * requests' to report, so it should not throw.
   */
  warmUp?(options: { connections: number; signal?: AbortSignal }): Promise<void>;
  /**
   * Connections opened so far, warm-up included. The core reads it around each benchmark and
   * reports the connections requests had to open while it ran (`client.newConnections`).
   */
  readonly connectionsOpened?: number;
  /** Releases connections. */
  close(): Promise<void>;
}
