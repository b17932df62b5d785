import type { OpenAIRoutes } from '../protocols/openai/target-url.js';
import type { MaxTokensField } from './openai-request-body.js';

/** Options of {@link createOpenAIHttpBackend}. Every timeout is ours: undici's own are off. */
export interface OpenAIHttpBackendOptions {
  /**
   * Base URL of the OpenAI-compatible server, e.g. `http://localhost:8000`. A path prefix
   * (`http://h:8000/proxy`), a trailing `/v1` and a trailing slash are all accepted; chat
   * requests go to `<base>/v1/chat/completions` either way.
   */
  target: string;
  /** The model requests name. When absent, `prepare()` takes the first id of `GET /v1/models`. */
  model?: string | undefined;
  /**
   * Which endpoint to call: chat completions (`messages`) or text completions (`prompt`).
   *
   * @default 'chat'
   */
  requestFormat?: 'chat' | 'completions' | undefined;
  /**
   * Non-standard routes (gateways, proxies), each appended to the target's base path.
   *
   * @default { chat: '/v1/chat/completions', completions: '/v1/completions', models: '/v1/models' }
   */
  routes?: OpenAIRoutes | undefined;
  /**
   * Stream the response (SSE) with `stream_options.include_usage`. Without streaming, only
   * end-to-end latency is measurable.
   *
   * @default true
   */
  stream?: boolean | undefined;
  /** Sent as `Authorization: Bearer <apiKey>`. Never appears in messages or `BackendInfo`. */
  apiKey?: string | undefined;
  /** Extra request headers; they win over the ones the backend sets. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Fields merged last into every request body (they win); a `null` removes that field. */
  extraBody?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Which field carries a chat request's output budget. Both by default, because each
   * open-source server honours at least one and none rejects the pair; use
   * `'max_completion_tokens'` for OpenAI's reasoning models, which reject `max_tokens`. Text
   * completions always use `max_tokens`.
   *
   * @default 'both'
   */
  maxTokensField?: MaxTokensField | undefined;
  /**
   * When a request has a fixed output length, also send `ignore_eos: true` and `min_tokens`
   * so vLLM-style servers generate exactly that many tokens. Turn off for servers that reject
   * unknown fields (OpenAI itself).
   *
   * @default true
   */
  ignoreEos?: boolean | undefined;
  /**
   * Limit for opening a TCP (and TLS) connection.
   *
   * @default 10_000
   */
  connectTimeoutMs?: number | undefined;
  /**
   * Limit for the response headers to arrive after the request is sent; `0` is off. A queued
   * or non-streaming request may legitimately wait minutes for its headers. Enforced by undici
   * with timers of about one second resolution.
   *
   * @default 0
   */
  headersTimeoutMs?: number | undefined;
  /**
   * Limit for a silence between two pieces of the response body; `0` is off. Long generations
   * and slow prefills must never be cut by a default, so it is off unless set. Enforced by
   * undici with timers of about one second resolution.
   *
   * @default 0
   */
  streamIdleTimeoutMs?: number | undefined;
  /**
   * Limit for one whole request, from send to the last byte; `0` is off. Exceeding it aborts
   * the request and reports `TIMEOUT`.
   *
   * @default 0
   */
  requestTimeoutMs?: number | undefined;
  /**
   * Connections to the target at most. Requests beyond it wait for a free connection, which
   * the scheduler would record as server latency, so the default is unbounded.
   *
   * @default Infinity
   */
  maxConnections?: number | undefined;
  /**
   * Skip TLS certificate verification for an `https` target (self-signed or internal
   * certificates). Anyone on the path can then read and alter the traffic, API key included:
   * prefer `caCertFile`.
   *
   * @default false
   */
  insecure?: boolean | undefined;
  /**
   * A PEM file of CA certificates to trust for an `https` target, in addition to the system's.
   * Read once when the backend is created.
   */
  caCertFile?: string | undefined;
}
