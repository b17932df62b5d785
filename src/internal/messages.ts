/**
 * Pieces of error and log messages shared across the package: how a received value is shown,
 * and how a long text is cut short.
 * @internal
 * @module
 */

/** Describes a received value for an error message, briefly and without secrets. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/** The longest message a request error keeps: a server's error page must not flood a report. */
export const MAX_MESSAGE_LENGTH = 300;

/**
 * `text` on one line (runs of whitespace folded to one space, trimmed), cut to `maxLength`
 * characters, ending in `...`, when longer.
 */
export function shorten(text: string, maxLength = MAX_MESSAGE_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 3)}...` : flat;
}

/**
 * A request failure as one line: an HTTP error's message as it is (it starts with its status,
 * `HTTP 404: …`), any other prefixed by its code (`CONNECTION_REFUSED: …`).
 */
export function describeRequestError(error: { code: string; message: string }): string {
  return error.code === 'HTTP_ERROR' ? error.message : `${error.code}: ${error.message}`;
}
