import seedrandom from 'seedrandom';
import { z } from 'zod';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { parseOrThrow } from '../internal/zod-issues.js';
import { numberOrText } from '../internal/number-text.js';

/**
 * Fault injection for the mock server: which failures exist, how a user writes them (an object
 * or a `type=…,key=value` flag), and which generation request gets which fault.
 */

/** The failures the mock server can inject into a generation request. */
export const FAULT_TYPES = [
  'http_error',
  'reset_before_headers',
  'reset_mid_stream',
  'malformed_json',
  'utf8_split',
  'stream_error',
  'stall',
  'slow_headers',
  'close_without_done',
] as const;

/** One of {@link FAULT_TYPES}. */
export type FaultType = (typeof FAULT_TYPES)[number];

/**
 * One fault to inject. It hits the generation requests (chat and text completions) listed in
 * `requestIndices` (0-based, in arrival order) and, independently, each such request with
 * `probability`, drawn from the server's seed; with neither, it hits every request. When
 * several faults hit one request, the first in the list wins.
 *
 * What each type does (the in-stream ones apply to streaming requests; a non-streaming request
 * they hit is served normally):
 * - `http_error`: answers `status` with an OpenAI-style JSON error body, a plain-text body or
 *   none (`body`); a 429 carries `retry-after: 1`.
 * - `reset_before_headers`: resets the TCP connection before any byte of the response.
 * - `reset_mid_stream`: resets the connection after `afterTokens` tokens.
 * - `malformed_json`: sends a truncated JSON chunk after `afterTokens` tokens, then ends.
 * - `utf8_split`: sends a token whose text holds multi-byte UTF-8 characters, cut inside a
 *   character across two network writes `durationMs` apart; the response is otherwise normal.
 * - `stream_error`: sends an error object inside the stream after `afterTokens` tokens, then ends.
 * - `stall`: stops sending for `durationMs` after `afterTokens` tokens, then goes on normally.
 * - `slow_headers`: waits `durationMs` before it starts serving (no headers meanwhile).
 * - `close_without_done`: ends the response cleanly without the final `data: [DONE]` frame
 *   (after every token, or after `afterTokens` when set).
 */
export interface FaultSpec {
  type: FaultType;
  /** Chance (0 to 1) that the fault hits a request, drawn from the server's seed. */
  probability?: number;
  /** Generation requests (0-based, in arrival order) the fault always hits. */
  requestIndices?: readonly number[];
  /**
   * HTTP status of `http_error`.
   * @default 503
   */
  status?: number;
  /**
   * Body of `http_error`: an OpenAI-style JSON error, plain text, or nothing.
   * @default 'json'
   */
  body?: 'json' | 'text' | 'empty';
  /**
   * Tokens sent before an in-stream fault (`reset_mid_stream`, `malformed_json`,
   * `stream_error`, `stall`, `utf8_split`, `close_without_done`).
   * @default 1 (`close_without_done`: every token)
   */
  afterTokens?: number;
  /**
   * How long `stall` stops sending, `slow_headers` waits, or `utf8_split` waits between the two
   * halves of the split character, in ms.
   * @default 1000 (`utf8_split`: 20)
   */
  durationMs?: number;
}

/** A {@link FaultSpec} with its defaults applied. */
export interface ResolvedFault {
  type: FaultType;
  probability: number | undefined;
  requestIndices: ReadonlySet<number> | undefined;
  status: number;
  body: 'json' | 'text' | 'empty';
  afterTokens: number | undefined;
  durationMs: number;
}

const BODIES = ['json', 'text', 'empty'] as const;

/**
 * A number in `[min, max]` (an integer when `integer`; no upper bound when `max` is infinite),
 * whose message states the whole rule (`expected an integer between 400 and 599, received 200`).
 */
function within(min: number, max: number, integer: boolean) {
  const kind = integer ? 'an integer' : 'a number';
  const expected = Number.isFinite(max) ? `${kind} between ${min} and ${max}` : `${kind} >= ${min}`;
  return z
    .number()
    .refine((value) => (!integer || Number.isSafeInteger(value)) && value >= min && value <= max, {
      error: (issue) => `expected ${expected}, received ${describeReceived(issue.input)}`,
    });
}

/** One fault as a user writes it: every key checked, unknown keys named. */
const FaultSpecSchema = z.strictObject({
  type: z.enum(FAULT_TYPES),
  probability: within(0, 1, false).optional(),
  requestIndices: z.array(within(0, Infinity, true)).optional(),
  status: within(400, 599, true).optional(),
  body: z.enum(BODIES).optional(),
  afterTokens: within(0, 1_000_000, true).optional(),
  durationMs: within(0, 3_600_000, true).optional(),
});

/** A checked fault with its defaults applied (some depend on the type). */
const ResolvedFaultSchema = FaultSpecSchema.transform((spec): ResolvedFault => ({
  type: spec.type,
  probability: spec.probability,
  requestIndices: spec.requestIndices === undefined ? undefined : new Set(spec.requestIndices),
  status: spec.status ?? 503,
  body: spec.body ?? 'json',
  afterTokens: spec.afterTokens ?? (spec.type === 'close_without_done' ? undefined : 1),
  durationMs: spec.durationMs ?? (spec.type === 'utf8_split' ? 20 : 1000),
}));

/** Checks one fault and applies its defaults; throws `ERR_INVALID_ARGS` naming the field. */
export function resolveFault(spec: unknown, field: string): ResolvedFault {
  return parseOrThrow(ResolvedFaultSchema, spec, field);
}

/**
 * Checks a list of faults (the `faults` option); throws `ERR_INVALID_ARGS` naming every bad
 * field (`faults[0].type: …; faults[1]: unknown option(s) "colour"`).
 */
export function resolveFaults(faults: unknown): ResolvedFault[] {
  // Parsed under its own key so that paths read `faults[0].type`.
  return parseOrThrow(
    z.object({ faults: z.array(ResolvedFaultSchema).default([]) }),
    { faults },
    '',
    'faults',
  ).faults;
}

/** Decides, request by request, which fault (if any) a generation request gets. */
export interface FaultPicker {
  /** The fault for the next generation request, in arrival order; counts the request. */
  next(): ResolvedFault | undefined;
}

/**
 * Creates the picker of one server. Every probabilistic fault draws once per request from a
 * generator seeded with the server's seed, whether or not an earlier fault already hit it, so
 * request `i` gets the same fault in every run with the same seed and the same faults.
 */
export function createFaultPicker(faults: readonly ResolvedFault[], seed: number): FaultPicker {
  const random = seedrandom(`${seed}:faults`);
  let index = 0;
  return {
    next() {
      const current = index++;
      let chosen: ResolvedFault | undefined;
      for (const fault of faults) {
        const drawn = fault.probability === undefined ? undefined : random();
        if (chosen !== undefined) continue;
        const listed = fault.requestIndices?.has(current) === true;
        const unconditional = fault.probability === undefined && fault.requestIndices === undefined;
        if (listed || unconditional || (drawn !== undefined && drawn < fault.probability!)) {
          chosen = fault;
        }
      }
      return chosen;
    },
  };
}

const FLAG_KEYS: Readonly<Record<string, string>> = {
  type: 'type',
  probability: 'probability',
  p: 'probability',
  request_indices: 'requestIndices',
  requestindices: 'requestIndices',
  requests: 'requestIndices',
  status: 'status',
  body: 'body',
  after_tokens: 'afterTokens',
  aftertokens: 'afterTokens',
  duration_ms: 'durationMs',
  durationms: 'durationMs',
};

/**
 * Parses the `--fault` flag of `inferbench mock-server`, e.g.
 * `type=http_error,status=503,probability=0.1` or `type=stall,duration_ms=2000,requests=0;3`
 * (request indices separated by `;`). Keys may be snake_case or camelCase. The text is split
 * into an object here; the object is checked by the same schema as the `faults` option, so
 * every bad or unknown key is named at once (`--fault.status: …; --fault: unknown option(s) "colour"`).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the flag and the bad keys.
 */
export function parseFaultFlag(text: string, flag = '--fault'): FaultSpec {
  const spec: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${flag}: expected key=value pairs such as type=http_error,status=503, received ${describeReceived(text)}`,
        { field: flag },
      );
    }
    const rawKey = trimmed.slice(0, equals).trim();
    const raw = trimmed.slice(equals + 1).trim();
    const key =
      FLAG_KEYS[rawKey.toLowerCase()] ?? FLAG_KEYS[rawKey.replace(/-/g, '_').toLowerCase()];
    // An unknown key is kept as typed, for the schema to name.
    if (key === undefined) spec[rawKey] = raw;
    else if (key === 'type' || key === 'body') spec[key] = raw;
    else if (key === 'requestIndices') {
      spec[key] = raw
        .split(/[;|\s]+/)
        .filter((part) => part !== '')
        .map(numberOrText);
    } else spec[key] = numberOrText(raw);
  }
  return parseOrThrow(FaultSpecSchema, spec, flag) as FaultSpec;
}
