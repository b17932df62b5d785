import type { RecordStore } from '../core/record-store.js';
import type { RequestErrorCode } from '../spec/errors.js';

/** One failure message of a benchmark and how many requests failed with it. */
export interface ErrorMessageCount {
  code: RequestErrorCode;
  /** The HTTP status, for `HTTP_ERROR`. */
  httpStatus?: number;
  /** The message as the request's record keeps it (secrets already redacted by the backend). */
  message: string;
  count: number;
}

/** Messages kept per error code: the most frequent ones. */
export const MESSAGES_PER_CODE = 3;

/**
 * The most frequent failure messages of a benchmark, at most {@link MESSAGES_PER_CODE} per
 * error code, most frequent first (ties in order of first appearance), so a report says what
 * went wrong (`50 × HTTP 404: The model "gpt-5" does not exist.`), not only how often.
 */
export function summarizeErrors(records: RecordStore): ErrorMessageCount[] {
  const byKey = new Map<string, ErrorMessageCount>();
  for (const error of records.errors().values()) {
    const key = `${error.code}\u0000${error.httpStatus ?? ''}\u0000${error.message}`;
    const entry = byKey.get(key);
    if (entry !== undefined) entry.count++;
    else {
      byKey.set(key, {
        code: error.code,
        ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
        message: error.message,
        count: 1,
      });
    }
  }
  const sorted = [...byKey.values()].sort((a, b) => b.count - a.count);
  const perCode = new Map<RequestErrorCode, number>();
  return sorted.filter((entry) => {
    const kept = perCode.get(entry.code) ?? 0;
    perCode.set(entry.code, kept + 1);
    return kept < MESSAGES_PER_CODE;
  });
}
