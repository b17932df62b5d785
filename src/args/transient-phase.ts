import { z } from 'zod';
import { InferbenchError } from '../errors.js';
import type { TransientPhase } from '../spec/transient-phase.js';

/**
 * A warmup or cooldown as args accept it:
 * - a number: in `[0, 1)` a fraction of the benchmark (GuideLLM's percent), `>= 1` seconds;
 * - `{ fraction }` in `[0, 1)`, `{ seconds }` or `{ requests }` (a whole number);
 * - a string: `0.1`, `10%`, `5s`, `20req` (also `20 requests`), or `fraction=0.1`,
 *   `seconds=5`, `requests=20`.
 */
export type TransientPhaseInput = number | string | TransientPhase;

const fraction = z.number().min(0).lt(1);
const seconds = z.number().min(0).finite();
const requests = z.number().int().min(0);

/** The object forms of a warmup or cooldown. */
export const TransientPhaseObjectSchema = z.union([
  z.strictObject({ fraction }),
  z.strictObject({ seconds }),
  z.strictObject({ requests }),
]);

const PHASE_STRING =
  /^(?:(fraction|seconds|requests)\s*=\s*)?([0-9]*\.?[0-9]+)\s*(%|s|sec|seconds|r|req|requests)?$/i;

/**
 * Parses the string form of a warmup or cooldown (see {@link TransientPhaseInput}); returns an
 * error sentence instead of throwing.
 */
export function parseTransientPhaseString(text: string): TransientPhase | string {
  const match = PHASE_STRING.exec(text.trim());
  if (match === null) {
    return `expected a fraction in [0, 1), seconds (5s), a request count (20req) or key=value (fraction=, seconds=, requests=), received "${text}"`;
  }
  const key = match[1]?.toLowerCase();
  const value = Number(match[2]);
  const unit = match[3]?.toLowerCase();
  if (key !== undefined && unit !== undefined) {
    return `expected either ${key}=N or a unit suffix, not both, received "${text}"`;
  }
  const kind =
    key ??
    (unit === '%'
      ? 'percent'
      : unit === undefined
        ? undefined
        : unit.startsWith('s')
          ? 'seconds'
          : 'requests');
  return fromNumber(value, kind, text);
}

function fromNumber(
  value: number,
  kind: string | undefined,
  text: string,
): TransientPhase | string {
  switch (kind) {
    case 'percent':
      return value < 100
        ? { fraction: value / 100 }
        : `expected a percentage below 100, received "${text}"`;
    case 'fraction':
      return value < 1 ? { fraction: value } : `expected a fraction in [0, 1), received "${text}"`;
    case 'seconds':
      return { seconds: value };
    case 'requests':
      return Number.isInteger(value)
        ? { requests: value }
        : `expected a whole number of requests, received "${text}"`;
    default:
      return value < 1 ? { fraction: value } : { seconds: value };
  }
}

/** The schema of a warmup or cooldown arg; strings are checked with {@link parseTransientPhaseString}. */
export const TransientPhaseSchema = z.union([
  z.number().min(0).finite(),
  TransientPhaseObjectSchema,
  z.string().superRefine((text, context) => {
    const parsed = parseTransientPhaseString(text);
    if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed });
  }),
]);

/** Normalises a validated warmup or cooldown; `undefined` stays `undefined`. */
export function normalizeTransientPhase(
  input: TransientPhaseInput | undefined,
): TransientPhase | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'number') return input < 1 ? { fraction: input } : { seconds: input };
  if (typeof input === 'string') {
    const parsed = parseTransientPhaseString(input);
    if (typeof parsed === 'string') throw new InferbenchError('ERR_INVALID_ARGS', parsed);
    return parsed;
  }
  return input;
}
