import type { Constraint } from '../spec/constraint.js';
import { createMaxErrorRateConstraint } from '../constraints/max-error-rate.js';
import { createInitialFailuresConstraint } from '../constraints/initial-failures.js';
import { createMaxErrorsConstraint } from '../constraints/max-errors.js';
import { createMaxRequestsConstraint } from '../constraints/max-requests.js';
import { createMaxSecondsConstraint } from '../constraints/max-seconds.js';
import {
  createOverSaturationConstraint,
  type OverSaturationOptions,
} from '../constraints/over-saturation.js';
import { InferbenchError } from '../errors.js';
import { isCustomDataSource } from './resolve-data.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/**
 * Checks that a run will end: synthetic data never runs out, so `maxSeconds` or `maxRequests`
 * must bound it (a user's DataSource may end by itself). Valid args may still lack a bound while
 * a user fills them in; a run may not start without one.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` (field `maxSeconds`) when nothing bounds the run.
 */
export function requireRunBound(args: ParsedBenchmarkArgs): void {
  if (
    args.maxSeconds === undefined &&
    args.maxRequests === undefined &&
    !isCustomDataSource(args.data) &&
    // A trace ends by itself.
    args.profile !== 'replay'
  ) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      'maxSeconds: expected maxSeconds or maxRequests to bound a run over endless synthetic data, received neither',
      { field: 'maxSeconds' },
    );
  }
}

/**
 * Builds every constraint args ask for, built-ins first, then the user's own. With
 * `serverWaiting` (the server's scraped waiting queue), the over-saturation detector watches
 * the server's queue in place of the client's in-flight count.
 */
export function resolveConstraints(
  args: ParsedBenchmarkArgs,
  server: { serverWaiting?: (() => number | undefined) | undefined } = {},
): Constraint[] {
  const constraints: Constraint[] = [];
  if (args.maxSeconds !== undefined) constraints.push(createMaxSecondsConstraint(args.maxSeconds));
  if (args.maxRequests !== undefined)
    constraints.push(createMaxRequestsConstraint(args.maxRequests));
  if (args.maxErrors !== undefined) constraints.push(createMaxErrorsConstraint(args.maxErrors));
  if (args.maxInitialFailures > 0) {
    constraints.push(createInitialFailuresConstraint(args.maxInitialFailures));
  }
  if (args.maxErrorRate !== undefined) {
    constraints.push(createMaxErrorRateConstraint(args.maxErrorRate, args.errorRateWindow));
  }
  if (args.overSaturation !== undefined && args.overSaturation !== false) {
    constraints.push(
      createOverSaturationConstraint({
        ...(args.overSaturation === true
          ? {}
          : (Object.fromEntries(
              Object.entries(args.overSaturation).filter(([, value]) => value !== undefined),
            ) as OverSaturationOptions)),
        ...(server.serverWaiting === undefined ? {} : { serverWaiting: server.serverWaiting }),
      }),
    );
  }
  if (args.constraints !== undefined) constraints.push(...args.constraints);
  return constraints;
}
