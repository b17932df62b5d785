import type { Constraint } from '../spec/constraint.js';

/**
 * Stops a benchmark when the share of failures among the last `window` finished requests
 * reaches `rate`. It only judges a full window, so a single early failure cannot stop a run.
 */
export function createMaxErrorRateConstraint(rate: number, window: number): Constraint {
  return {
    name: 'max-error-rate',
    start: () => {
      const failed = new Uint8Array(window);
      let seen = 0;
      let failures = 0;
      return {
        afterRequest: (status) => {
          const slot = seen % window;
          if (seen >= window) failures -= failed[slot]!;
          const isError = status === 'errored' ? 1 : 0;
          failed[slot] = isError;
          failures += isError;
          seen++;
          if (seen < window || failures / window < rate) return undefined;
          const percent = ((failures / window) * 100).toFixed(1);
          return {
            reason: 'max-error-rate',
            mode: 'cancel',
            detail: `${failures} of the last ${window} requests failed (${percent}%, limit ${rate * 100}%)`,
          };
        },
      };
    },
  };
}
