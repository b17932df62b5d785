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

/** A validated warmup or cooldown normalised, or `undefined` when absent or not parseable. */
function tryNormalize(input: TransientPhaseInput | undefined): TransientPhase | undefined {
  try {
    return normalizeTransientPhase(input);
  } catch {
    return undefined;
  }
}

/**
 * Why a warmup and cooldown leave no measured window, or `undefined` when they leave one: two
 * fractions that add up to the whole benchmark, seconds (fractions counted of `maxSeconds`)
 * that add up to `maxSeconds`, or requests that add up to `maxRequests`. Every metric of such a
 * run would be empty, so it is refused before anything is sent.
 */
export function noWindowLeft(
  warmupInput: TransientPhaseInput | undefined,
  cooldownInput: TransientPhaseInput | undefined,
  maxSeconds: number | undefined,
  maxRequests: number | undefined,
): string | undefined {
  const warmup = tryNormalize(warmupInput);
  const cooldown = tryNormalize(cooldownInput);
  if (warmup === undefined && cooldown === undefined) return undefined;
  const describe = (phase: TransientPhase | undefined): string =>
    phase === undefined
      ? 'none'
      : 'fraction' in phase
        ? `${Math.round(phase.fraction * 1000) / 10}%`
        : 'seconds' in phase
          ? `${phase.seconds} s`
          : `${phase.requests} requests`;
  const both = `warmup ${describe(warmup)} and cooldown ${describe(cooldown)}`;
  const fraction = (phase: TransientPhase | undefined): number | undefined =>
    phase === undefined ? 0 : 'fraction' in phase ? phase.fraction : undefined;
  const fractions = [fraction(warmup), fraction(cooldown)];
  if (fractions.every((value) => value !== undefined) && fractions[0]! + fractions[1]! >= 1) {
    return `expected a warmup and cooldown that leave a measured window, received ${both}, which cut off the whole benchmark`;
  }
  if (maxSeconds !== undefined) {
    const seconds = (phase: TransientPhase | undefined): number | undefined =>
      phase === undefined
        ? 0
        : 'fraction' in phase
          ? phase.fraction * maxSeconds
          : 'seconds' in phase
            ? phase.seconds
            : undefined;
    const cut = [seconds(warmup), seconds(cooldown)];
    if (cut.every((value) => value !== undefined) && cut[0]! + cut[1]! >= maxSeconds) {
      return `expected a warmup and cooldown shorter than maxSeconds (${maxSeconds} s) together, received ${both}, which leave no measured window`;
    }
  }
  if (maxRequests !== undefined) {
    const requests = (phase: TransientPhase | undefined): number | undefined =>
      phase === undefined ? 0 : 'requests' in phase ? phase.requests : undefined;
    const cut = [requests(warmup), requests(cooldown)];
    if (cut.every((value) => value !== undefined) && cut[0]! + cut[1]! >= maxRequests) {
      return `expected a warmup and cooldown of fewer than maxRequests (${maxRequests}) requests together, received ${both}, which leave no measured window`;
    }
  }
  return undefined;
}
