/**
 * Shapes of the OpenAI HTTP API as inference servers speak it on the wire (snake_case, as
 * sent). Shared by the HTTP backend and the mock server. Fields beyond OpenAI's own are the
 * ones open-source servers add (vLLM, SGLang, TGI, llama.cpp); everything a server may omit is
 * optional, and everything a server may send as `null` says so.
 */

/** One chat message as sent in a request or returned in a response. */
export interface WireChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content: string | null;
  /** Reasoning text (vLLM/SGLang reasoning parsers, DeepSeek API). */
  reasoning_content?: string | null;
  /** Reasoning text under its newer name (vLLM >= 0.10, OpenRouter, Ollama). */
  reasoning?: string | null;
  tool_calls?: WireToolCall[] | null;
}

/** A tool call in a response message; in a stream delta its fields arrive piecewise. */
export interface WireToolCall {
  index?: number;
  id?: string | null;
  type?: 'function';
  function?: { name?: string | null; arguments?: string | null };
}

/** `stream_options` of a streaming request. */
export interface WireStreamOptions {
  /** Ask for a final chunk carrying `usage` (with empty `choices`). */
  include_usage?: boolean;
  /** vLLM: put `usage` on every chunk. */
  continuous_usage_stats?: boolean;
}

/** Fields both request kinds share, including the common server extensions. */
export interface WireRequestCommon {
  model: string;
  stream?: boolean;
  stream_options?: WireStreamOptions;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string | string[] | null;
  /** vLLM/SGLang: keep generating past the end-of-sequence token. */
  ignore_eos?: boolean;
  /** vLLM/SGLang: generate at least this many tokens. */
  min_tokens?: number;
  /** Anything else a server understands (`extraBody`). */
  [field: string]: unknown;
}

/** Body of `POST /v1/chat/completions`. */
export interface WireChatCompletionRequest extends WireRequestCommon {
  messages: WireChatMessage[];
  /** The newer name of `max_tokens` for chat (required by OpenAI's reasoning models). */
  max_completion_tokens?: number;
}

/** Body of `POST /v1/completions`. */
export interface WireCompletionRequest extends WireRequestCommon {
  prompt: string | string[];
}

/** Token counts a server reports. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

/** Why a choice stopped (vLLM adds `abort`; TGI sends `eos_token`/`length`). */
export type WireFinishReason =
  | 'stop'
  | 'length'
  | 'tool_calls'
  | 'content_filter'
  | 'function_call'
  | 'abort'
  | 'eos_token'
  | null;

/** One choice of a streamed chat chunk. */
export interface WireChatChunkChoice {
  index: number;
  delta: Partial<WireChatMessage>;
  logprobs?: unknown;
  finish_reason?: WireFinishReason;
}

/** One `data:` payload of a streamed chat completion (`object: chat.completion.chunk`). */
export interface WireChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint?: string | null;
  /** Empty on the final usage-only chunk. */
  choices: WireChatChunkChoice[];
  /** Present on the last chunk with `include_usage`; TGI sends `null` on every other chunk. */
  usage?: WireUsage | null;
  /** llama.cpp: server-side timings on the last chunk. */
  timings?: Record<string, number>;
}

/** One choice of a non-streaming chat completion. */
export interface WireChatCompletionChoice {
  index: number;
  message: WireChatMessage;
  logprobs?: unknown;
  finish_reason: WireFinishReason;
}

/** Body of a non-streaming chat completion response (`object: chat.completion`). */
export interface WireChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: WireChatCompletionChoice[];
  usage?: WireUsage | null;
}

/** One choice of a text completion, streamed or not. */
export interface WireCompletionChoice {
  index: number;
  text: string;
  logprobs?: unknown;
  finish_reason?: WireFinishReason;
  /** vLLM: the stop string or token id that ended the choice. */
  stop_reason?: string | number | null;
}

/** A text completion response, or one `data:` payload of a streamed one. */
export interface WireCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: WireCompletionChoice[];
  usage?: WireUsage | null;
}

/** The error object OpenAI (and newer vLLM) nests under `error`. */
export interface WireErrorDetail {
  message: string;
  type?: string | null;
  param?: string | null;
  code?: string | number | null;
}

/**
 * An error body or in-stream error event. OpenAI sends `{error: {...}}`; older vLLM sends
 * `{object: 'error', message, ...}` at the top level; TGI sends `{error: 'text', error_type}`.
 */
export type WireError =
  | { error: WireErrorDetail }
  | { error: string; error_type?: string }
  | ({ object: 'error' } & WireErrorDetail);

/** One model entry of `GET /v1/models`. */
export interface WireModel {
  id: string;
  object?: 'model';
  created?: number;
  owned_by?: string;
  /** vLLM: the context length the model was served with. */
  max_model_len?: number;
}

/** Body of `GET /v1/models`. */
export interface WireModelList {
  object?: 'list';
  data: WireModel[];
}
