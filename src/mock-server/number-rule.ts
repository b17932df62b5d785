import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';

/** Rules a numeric option must meet. */
export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Describes a rule the way error messages say it, e.g. `an integer >= 1`. */
export function describeRule(rule: NumberRule): string {
  const noun = rule.integer === true ? 'an integer' : 'a number';
  if (rule.min === undefined) return noun;
  return rule.max === undefined
    ? `${noun} >= ${rule.min}`
    : `${noun} between ${rule.min} and ${rule.max}`;
}

/** Throws `ERR_INVALID_ARGS` unless `value` is a finite number meeting `rule`. */
export function checkNumber(field: string, value: unknown, rule: NumberRule): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.integer !== true || Number.isSafeInteger(value));
  if (!ok) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${field}: expected ${describeRule(rule)}, received ${describeReceived(value)}`,
      { field },
    );
  }
  return value;
}
