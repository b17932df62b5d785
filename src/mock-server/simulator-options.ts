import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { checkNumber, type NumberRule } from './number-rule.js';

/**
 * Parameters of the mock server's engine simulator (`createMockServer({ simulate })`). Every
 * field is optional; the defaults are calibrated to Qwen2.5-0.5B-Instruct on one NVIDIA L4 with
 * 256 prompt and 128 output tokens (see docs/guides/mock-server-simulator.md).
 */
export interface SimulatorOptions {
  /**
   * Sequences the engine runs at once (vLLM's `max_num_seqs`); a sequence holds its slot from
   * the start of its prefill to its last token. Later requests wait in a FIFO queue.
   * @default 21
   */
  maxBatch?: number;
  /**
   * Fixed part of every prefill, in milliseconds.
   * @default 3
   */
  prefillMsBase?: number;
  /**
   * Prefill time per prompt token, in milliseconds; the first token is emitted when the prefill
   * (`prefillMsBase + prefillMsPerToken × promptTokens`) is done.
   * @default 0.1
   */
  prefillMsPerToken?: number;
  /**
   * Duration of one decode step with one running sequence, in milliseconds. Every sequence in
   * the step emits one token when the step ends.
   * @default 5.7
   */
  decodeStepMs?: number;
  /**
   * Milliseconds each further running sequence adds to a decode step: a step with `k`
   * sequences lasts `decodeStepMs + decodeStepMsPerSequence × (k − 1)`.
   * @default 0.26
   */
  decodeStepMsPerSequence?: number;
}

/** {@link SimulatorOptions} with defaults applied and values checked. */
export type ResolvedSimulatorOptions = Required<SimulatorOptions>;

/** The calibrated defaults of {@link SimulatorOptions}. */
export const SIMULATOR_DEFAULTS = {
  maxBatch: 21,
  prefillMsBase: 3,
  prefillMsPerToken: 0.1,
  decodeStepMs: 5.7,
  decodeStepMsPerSequence: 0.26,
} as const satisfies ResolvedSimulatorOptions;

/** The rule of each simulator option; shared with the CLI flag parser. */
export const SIMULATOR_NUMBER_RULES = {
  maxBatch: { min: 1, integer: true },
  prefillMsBase: { min: 0 },
  prefillMsPerToken: { min: 0 },
  // A zero-length step would let a batch emit tokens without time passing.
  decodeStepMs: { min: 0.01 },
  decodeStepMsPerSequence: { min: 0 },
} as const satisfies Record<keyof SimulatorOptions, NumberRule>;

const KEYS = Object.keys(SIMULATOR_DEFAULTS) as (keyof SimulatorOptions)[];

/**
 * Resolves the `simulate` option: `undefined` or `false` turn the simulator off, `true` uses
 * the calibrated defaults, an object overrides some of them. Throws `ERR_INVALID_ARGS` naming
 * the bad field (`simulate.maxBatch`, …).
 */
export function resolveSimulatorOptions(
  simulate: boolean | SimulatorOptions | undefined,
): ResolvedSimulatorOptions | undefined {
  if (simulate === undefined || simulate === false) return undefined;
  if (simulate === true) return { ...SIMULATOR_DEFAULTS };
  if (typeof simulate !== 'object' || simulate === null || Array.isArray(simulate)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `simulate: expected true or an object of simulator options, received ${describeReceived(simulate)}`,
      { field: 'simulate' },
    );
  }
  for (const key of Object.keys(simulate)) {
    if (!(KEYS as string[]).includes(key)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `simulate.${key}: expected one of ${KEYS.join(', ')}, received an unknown option`,
        { field: `simulate.${key}` },
      );
    }
  }
  const resolved = { ...SIMULATOR_DEFAULTS } as ResolvedSimulatorOptions;
  for (const key of KEYS) {
    const value = simulate[key];
    if (value !== undefined) {
      resolved[key] = checkNumber(`simulate.${key}`, value, SIMULATOR_NUMBER_RULES[key]);
    }
  }
  return resolved;
}
