import type { RequestErrorCode } from './errors.js';

/** How one request ended. See docs/concepts/metrics.md. */
export type RequestStatus = 'successful' | 'errored' | 'incomplete';

/** Where a token count came from. */
export type TokenCountSource = 'server' | 'tokenizer' | 'data' | 'parts' | 'none';

/** A failed request's error, as the report keeps it. */
export interface RequestError {
  code: RequestErrorCode;
  message: string;
  httpStatus?: number;
}

/**
 * Everything measured for one request. Timestamps are ms since the run's start on the run's
 * monotonic clock; a moment that never happened is `NaN` (the report builder turns absent
 * values into absent samples, never into NaN in the report).
 */
export interface RequestRecord {
  /** Dispatch order within its benchmark, from 0. */
  index: number;
  status: RequestStatus;
  /** Target send time the strategy chose; equals `dispatchedAt` for closed-loop strategies. */
  scheduledAt: number;
  /** Just before the request was handed to the backend. */
  dispatchedAt: number;
  /** Response headers received. */
  headersAt: number;
  /** First part carrying text, reasoning or a tool-call delta. */
  firstTokenAt: number;
  /** First part carrying non-reasoning output text or a tool call. */
  firstOutputTokenAt: number;
  /** Last part carrying generated content. */
  lastTokenAt: number;
  /** Response fully consumed, or the error/cancel moment. */
  endedAt: number;
  /** Prompt tokens: the server's usage, else the data source's count; `NaN` when neither. */
  promptTokens: number;
  promptTokensSource: TokenCountSource;
  /**
   * The prompt length the data source intended, in the run's tokenizer's tokens (synthetic
   * prompts, or a file's count); `NaN` when the source states none.
   */
  intendedPromptTokens: number;
  /** Output tokens: the server's usage, else the tokenizer's count, else the content parts. */
  outputTokens: number;
  outputTokensSource: TokenCountSource;
  /** Server count minus tokenizer count, where both exist; `NaN` otherwise. */
  tokenCountDiscrepancy: number;
  /**
   * The server's prompt token count minus the length the data source intended, where both
   * exist (prompt exactness); `NaN` otherwise.
   */
  promptTokenDifference: number;
  /** Number of content-carrying stream parts. */
  contentParts: number;
  /** Gaps in ms between consecutive content-carrying parts (length `contentParts - 1`). */
  itlGapsMs: Float64Array;
  error?: RequestError;
  /** The turn (from 0) of a conversation this request was; absent outside conversations. */
  turnIndex?: number;
  /** Generated text, kept only when the run asks to retain request text. */
  outputText?: string;
  /** Prompt text, kept only when the run asks to retain request text. */
  prompt?: string;
}
