/** How a capacity search ended. */
export type CapacityOutcome =
  /** The bracket narrowed to the precision asked for. */
  | 'converged'
  /** The step budget ran out first; the bracket is what was reached. */
  | 'max-steps'
  /**
   * No rate tried failed: the upper bound passed and was a ceiling, or the step budget ran out
   * while raising it. The capacity is at least the highest rate tried; the bracket is open above.
   */
  | 'all-passed'
  /** No rate tried met the SLOs. */
  | 'none-passed'
  /** The search could not run (no usable bounds) or the run stopped it. */
  | 'stopped';

/** Options of {@link createCapacitySearch}. */
export interface CapacitySearchOptions {
  /** Lower bound to try first (req/s, > 0). */
  lowRatePerSecond: number;
  /** Upper bound (req/s); at or below the lower bound, only the lower bound is tried. */
  highRatePerSecond: number;
  /** Stop when `(firstFailing − lastPassing) ≤ precision × lastPassing`. */
  precision: number;
  /** Rates tried at most. */
  maxSteps: number;
  /**
   * Factor the upper bound is raised by while it passes, until a rate fails; 1 keeps the upper
   * bound as a ceiling (a search whose upper bound passes then ends `all-passed`).
   * @default 1.5
   */
  growthFactor?: number;
}

/** A capacity search's state after the steps so far. */
export interface CapacitySearchResult {
  /** The highest rate that met the SLOs (0 when none did). */
  maxRatePerSecond: number;
  /**
   * `[highest passing rate (or 0), lowest failing rate above it]`; with no failing rate above it
   * (outcome `all-passed`), the bracket is open and both ends are the highest passing rate.
   */
  bracket: [number, number];
  outcome: CapacityOutcome;
  /** Rates tried, in order, with their verdicts (`clientBound`: neither pass nor fail). */
  tried: Array<{ ratePerSecond: number; passed: boolean; clientBound?: true }>;
  /**
   * What closed the bracket above the answer: a rate that failed (`failed`), or one the load
   * generator could not offer (`client`: the answer is then a lower bound set by the client);
   * absent while nothing above the answer was tried.
   */
  limitedBy?: 'failed' | 'client';
}

/** A bracketing and bisection search for the highest rate that passes, one step at a time. */
export interface CapacitySearch {
  /** The next rate to try, or `undefined` when the search is over. */
  next(): number | undefined;
  /**
   * The verdict of the rate `next` returned: passed, failed, or `'client-bound'` when the load
   * generator could not offer it (neither: the search does not go above it, and an answer below
   * it is a lower bound).
   */
  record(verdict: boolean | 'client-bound'): void;
  /** Ends the search early (e.g. the run was aborted). */
  stop(): void;
  result(): CapacitySearchResult;
}

/**
 * Creates a capacity search over request rates, assuming the SLOs hold below some rate and fail
 * above it. It tries the lower bound (halving it while it fails), then the upper bound, raising
 * it by `growthFactor` while it passes (a measured upper bound is only a guess: a short
 * throughput probe underestimates what the target sustains), then bisects between the highest
 * passing and the lowest failing rate until the bracket is within `precision` of the passing rate
 * or `maxSteps` rates were tried. The answer is always the highest passing rate, so it lies
 * between the last passing and the first failing rate. A rate the load generator could not
 * offer is neither: the search stays below it, and an answer it bounds is a lower bound.
 */
export function createCapacitySearch(options: CapacitySearchOptions): CapacitySearch {
  const { precision, maxSteps } = options;
  const growth = options.growthFactor ?? 1.5;
  const low = options.lowRatePerSecond;
  const high = Math.max(options.highRatePerSecond, low);
  const tried: CapacitySearchResult['tried'] = [];
  let passing: number | undefined;
  let failing: number | undefined;
  /** The lowest rate the client could not offer: nothing at or above it can be judged. */
  let clientLimit: number | undefined;
  /** The bracket's upper end: the lowest failing or unofferable rate. */
  const upper = (): number | undefined =>
    failing === undefined
      ? clientLimit
      : clientLimit === undefined
        ? failing
        : Math.min(failing, clientLimit);
  let pending: number | undefined;
  let done = !(low > 0) || !(maxSteps >= 1);
  let outcome: CapacityOutcome | undefined = done ? 'stopped' : undefined;

  const narrowEnough = (): boolean => {
    const top = upper();
    return passing !== undefined && top !== undefined && top - passing <= precision * passing;
  };

  function decide(): number | undefined {
    const top = upper();
    if (passing === undefined) {
      // Nothing passed yet: the lower bound, then halves of the lowest failing rate.
      return top === undefined ? low : top / 2;
    }
    // Nothing failed above the highest pass: the upper bound, then raised bounds.
    if (top === undefined) {
      if (passing < high) return high;
      if (growth > 1) return passing * growth;
      outcome = 'all-passed';
      return undefined;
    }
    if (narrowEnough()) {
      outcome = 'converged';
      return undefined;
    }
    return (passing + top) / 2;
  }

  return {
    next() {
      if (done) return undefined;
      if (pending !== undefined) return pending;
      const rate = decide();
      if (rate === undefined) {
        done = true;
        return undefined;
      }
      if (tried.length >= maxSteps) {
        done = true;
        outcome =
          passing === undefined
            ? failing === undefined
              ? 'stopped'
              : 'none-passed'
            : upper() === undefined
              ? 'all-passed'
              : 'max-steps';
        return undefined;
      }
      pending = rate;
      return rate;
    },
    record(verdict) {
      if (pending === undefined) return;
      if (verdict === 'client-bound') {
        tried.push({ ratePerSecond: pending, passed: false, clientBound: true });
        if (clientLimit === undefined || pending < clientLimit) clientLimit = pending;
      } else {
        tried.push({ ratePerSecond: pending, passed: verdict });
        if (verdict) {
          if (passing === undefined || pending > passing) passing = pending;
        } else if (failing === undefined || pending < failing) {
          failing = pending;
        }
      }
      // A noisy verdict can pass above a failure: keep the bracket ordered.
      if (passing !== undefined && failing !== undefined && failing <= passing) failing = undefined;
      if (passing !== undefined && clientLimit !== undefined && clientLimit <= passing) {
        clientLimit = undefined;
      }
      pending = undefined;
    },
    stop() {
      if (done) return;
      done = true;
      pending = undefined;
      outcome = 'stopped';
    },
    result() {
      const maxRatePerSecond = passing ?? 0;
      const top = upper();
      const limitedBy =
        top === undefined ? undefined : top === failing ? ('failed' as const) : ('client' as const);
      return {
        maxRatePerSecond,
        bracket: [maxRatePerSecond, top ?? maxRatePerSecond],
        outcome:
          outcome ?? (passing === undefined && failing !== undefined ? 'none-passed' : 'stopped'),
        tried: tried.map((step) => ({ ...step })),
        ...(limitedBy === undefined ? {} : { limitedBy }),
      };
    },
  };
}
