/**
 * Stable codes for the reasons one request failed. A failed request is data in the report,
 * never an exception; these codes are what `errorsByCode` counts.
 */
export type RequestErrorCode =
  /** The server answered with a non-2xx HTTP status. */
  | 'HTTP_ERROR'
  /** The TCP connection was refused. */
  | 'CONNECTION_REFUSED'
  /** The connection was reset or closed before the response was complete. */
  | 'CONNECTION_RESET'
  /** Connecting or waiting for data took longer than the configured timeout. */
  | 'TIMEOUT'
  /** The server sent an error object inside the stream. */
  | 'STREAM_ERROR'
  /** The response could not be understood (malformed JSON, missing fields). */
  | 'INVALID_RESPONSE'
  /** The response was well-formed but carried no generated content. */
  | 'EMPTY_RESPONSE'
  /** Any other transport or client failure. */
  | 'CLIENT_ERROR';

/** Stable codes for setup errors thrown as {@link InferbenchErrorCode}. */
export type InferbenchErrorCode =
  | 'ERR_INVALID_ARGS'
  | 'ERR_TARGET_UNREACHABLE'
  | 'ERR_MODEL_NOT_FOUND'
  | 'ERR_TARGET_REJECTED'
  | 'ERR_DATA'
  | 'ERR_TOKENIZER'
  | 'ERR_HUB'
  | 'ERR_INVALID_REPORT'
  | 'ERR_MERGE'
  | 'ERR_INTERNAL';
