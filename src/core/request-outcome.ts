import type { RequestError, RequestStatus } from '../spec/request-record.js';
import type { RequestTimer } from './request-timer.js';

/**
 * How a request ended: incomplete when it was cancelled before it settled; errored on an error
 * part, a throwing backend, or a response with no generated content (and no server count);
 * successful otherwise. `error` is set only where the timer does not already hold one.
 */
export function requestOutcome(
  cancelled: boolean,
  timer: RequestTimer,
  thrown: unknown,
): { status: RequestStatus; error?: RequestError } {
  if (cancelled) return { status: 'incomplete' };
  if (timer.error !== undefined) return { status: 'errored' };
  if (thrown !== undefined) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { status: 'errored', error: { code: 'CLIENT_ERROR', message } };
  }
  if (timer.contentParts === 0 && !(timer.serverOutputTokens > 0)) {
    return {
      status: 'errored',
      error: { code: 'EMPTY_RESPONSE', message: 'the response carried no generated content' },
    };
  }
  return { status: 'successful' };
}
