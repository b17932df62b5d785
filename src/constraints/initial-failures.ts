import { describeRequestError, shorten } from '../internal/messages.js';
import type { Constraint } from '../spec/constraint.js';

/**
 * Stops a benchmark, with reason `initial-failures`, when its first `requests` finished requests
 * (successful or errored; cancelled ones do not count) all failed: a target that rejects every
 * request (a wrong model or route, a missing key, a server that went away) is not measured for
 * the rest of `maxSeconds`. The stop's detail names the most frequent failure, e.g.
 * `the first 20 requests all failed: 20 × HTTP 404: The model "gpt-5" does not exist.`
 * In-flight requests are cancelled; a list of rates or a sweep does not escalate past it.
 */
export function createInitialFailuresConstraint(requests: number): Constraint {
  return {
    name: 'initial-failures',
    start() {
      let finished = 0;
      const messages = new Map<string, number>();
      return {
        afterRequest(status, _state, record) {
          if (status === 'incomplete' || finished >= requests) return undefined;
          finished++;
          if (status !== 'errored') {
            // One success settles it for this benchmark.
            finished = requests;
            return undefined;
          }
          const message =
            record.error === undefined ? 'unknown error' : describeRequestError(record.error);
          messages.set(message, (messages.get(message) ?? 0) + 1);
          if (finished < requests) return undefined;
          const [top, count] = [...messages.entries()].sort((a, b) => b[1] - a[1])[0]!;
          return {
            reason: 'initial-failures',
            mode: 'cancel',
            detail: `the first ${requests} requests all failed: ${count} × ${shorten(top, 200)}`,
          };
        },
      };
    },
  };
}
