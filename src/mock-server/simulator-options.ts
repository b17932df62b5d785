import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { checkNumber, type NumberRule } from './number-rule.js';

/**
 * Parameters of the mock server's engine simulator (`createMockServer({ simulate })`), a twin of
 * vLLM's V1 scheduler: a token budget per step, chunked prefill, KV-cache blocks with
 * preemption, prefix caching. Every field is optional; the defaults are calibrated to
 * Qwen2.5-0.5B-Instruct served by vLLM on one NVIDIA L4 with 256 prompt and 128 output tokens
 * (see docs/guides/mock-server-simulator.md).
 */
export interface SimulatorOptions {
  /**
   * Requests running at once (vLLM's `max_num_seqs`); a request holds its place from its first
   * scheduled step to its last token. Later requests wait in a FIFO queue.
   * @default 256
   */
  maxNumSeqs?: number;
  /**
   * The former name of {@link SimulatorOptions.maxNumSeqs}, still accepted.
   * @deprecated Use `maxNumSeqs`.
   */
  maxBatch?: number;
  /**
   * Tokens one step processes at most (vLLM's `max_num_batched_tokens`): running requests take
   * their decode tokens first, then prefills fill what is left, chunked when they do not fit.
   * @default 2048
   */
  maxNumBatchedTokens?: number;
  /**
   * Tokens per KV-cache block (vLLM's `block_size`); prefix caching matches whole blocks.
   * @default 16
   */
  blockSize?: number;
  /**
   * KV-cache blocks of the engine (vLLM's `num_gpu_blocks`). When a running request needs a
   * block and none is free, the most recently admitted request is preempted and recomputed later.
   * @default 95000
   */
  numGpuBlocks?: number;
  /**
   * Reuse the KV blocks of prompt prefixes seen before (vLLM's `enable_prefix_caching`): full
   * blocks are matched by chained hashes of their token ids; free cached blocks are evicted
   * least recently used first.
   * @default true
   */
  enablePrefixCaching?: boolean;
  /**
   * Duration of a step that decodes one sequence and prefills nothing, in milliseconds.
   * @default 5.6
   */
  decodeStepMs?: number;
  /**
   * Milliseconds each further decoding sequence adds to a step: a step decoding `k` sequences
   * lasts `decodeStepMs + decodeStepMsPerSequence × (k − 1)` plus its prefill cost.
   * @default 0.12
   */
  decodeStepMsPerSequence?: number;
  /**
   * Milliseconds each prefill token adds to the step that processes it, so a step that carries
   * a prefill stalls every sequence decoding beside it (prefill–decode interference).
   * @default 0.08
   */
  stepMsPerPrefillToken?: number;
  /**
   * Milliseconds a request's first token comes later per other request running when its
   * prefill completes: the work a busy server does before a new stream starts (its API server
   * also detokenizes and writes every other stream), which holds the request's place without
   * lengthening any step.
   * @default 2.5
   */
  firstTokenMsPerRunningRequest?: number;
  /**
   * Fixed part of a prefill that runs beside the steps, in milliseconds. When this or
   * `prefillMsPerToken` is above 0, prompts are not computed in the steps at all (as with a
   * separate prefill instance): a request's first token comes
   * `prefillMsBase + prefillMsPerToken × promptTokens` after its admission and it then decodes
   * in the steps, so prefills never lengthen a step. The model of earlier versions, whose
   * capacity has a closed form.
   * @default 0
   */
  prefillMsBase?: number;
  /**
   * Per-prompt-token part of the prefill that runs beside the steps, in milliseconds; see
   * {@link SimulatorOptions.prefillMsBase}.
   * @default 0
   */
  prefillMsPerToken?: number;
}

/** {@link SimulatorOptions} with defaults applied and values checked. */
export interface ResolvedSimulatorOptions {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  blockSize: number;
  numGpuBlocks: number;
  enablePrefixCaching: boolean;
  decodeStepMs: number;
  decodeStepMsPerSequence: number;
  stepMsPerPrefillToken: number;
  firstTokenMsPerRunningRequest: number;
  prefillMsBase: number;
  prefillMsPerToken: number;
}

/** The calibrated defaults of {@link SimulatorOptions}. */
export const SIMULATOR_DEFAULTS = {
  maxNumSeqs: 256,
  maxNumBatchedTokens: 2048,
  blockSize: 16,
  numGpuBlocks: 95_000,
  enablePrefixCaching: true,
  decodeStepMs: 5.6,
  decodeStepMsPerSequence: 0.12,
  stepMsPerPrefillToken: 0.08,
  firstTokenMsPerRunningRequest: 2.5,
  prefillMsBase: 0,
  prefillMsPerToken: 0,
} as const satisfies ResolvedSimulatorOptions;

type NumericKey = Exclude<keyof ResolvedSimulatorOptions, 'enablePrefixCaching'>;

/** The rule of each numeric simulator option; shared with the CLI flag parser. */
export const SIMULATOR_NUMBER_RULES = {
  maxNumSeqs: { min: 1, integer: true },
  maxNumBatchedTokens: { min: 1, integer: true },
  blockSize: { min: 1, integer: true },
  numGpuBlocks: { min: 1, integer: true },
  // A zero-length step would let a batch emit tokens without time passing.
  decodeStepMs: { min: 0.01 },
  decodeStepMsPerSequence: { min: 0 },
  stepMsPerPrefillToken: { min: 0 },
  firstTokenMsPerRunningRequest: { min: 0 },
  prefillMsBase: { min: 0 },
  prefillMsPerToken: { min: 0 },
} as const satisfies Record<NumericKey, NumberRule>;

const NUMERIC_KEYS = Object.keys(SIMULATOR_NUMBER_RULES) as NumericKey[];
const KEYS: readonly string[] = [...NUMERIC_KEYS, 'maxBatch', 'enablePrefixCaching'];

function invalid(field: string, expected: string, value: unknown): InferbenchError {
  return new InferbenchError(
    'ERR_INVALID_ARGS',
    `${field}: expected ${expected}, received ${describeReceived(value)}`,
    { field },
  );
}

/**
 * Resolves the `simulate` option: `undefined` or `false` turn the simulator off, `true` uses
 * the calibrated defaults, an object overrides some of them. Throws `ERR_INVALID_ARGS` naming
 * the bad field (`simulate.maxNumSeqs`, …).
 */
export function resolveSimulatorOptions(
  simulate: boolean | SimulatorOptions | undefined,
): ResolvedSimulatorOptions | undefined {
  if (simulate === undefined || simulate === false) return undefined;
  if (simulate === true) return { ...SIMULATOR_DEFAULTS };
  if (typeof simulate !== 'object' || simulate === null || Array.isArray(simulate)) {
    throw invalid('simulate', 'true or an object of simulator options', simulate);
  }
  for (const key of Object.keys(simulate)) {
    if (!KEYS.includes(key)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `simulate.${key}: expected one of ${KEYS.join(', ')}, received an unknown option`,
        { field: `simulate.${key}` },
      );
    }
  }
  const resolved: ResolvedSimulatorOptions = { ...SIMULATOR_DEFAULTS };
  for (const key of NUMERIC_KEYS) {
    const value = simulate[key];
    if (value !== undefined) {
      resolved[key] = checkNumber(`simulate.${key}`, value, SIMULATOR_NUMBER_RULES[key]);
    }
  }
  if (simulate.maxBatch !== undefined) {
    const maxBatch = checkNumber('simulate.maxBatch', simulate.maxBatch, { min: 1, integer: true });
    if (simulate.maxNumSeqs !== undefined && simulate.maxNumSeqs !== maxBatch) {
      throw invalid(
        'simulate.maxBatch',
        `the same value as simulate.maxNumSeqs (${simulate.maxNumSeqs}), or only one of the two`,
        maxBatch,
      );
    }
    resolved.maxNumSeqs = maxBatch;
  }
  const caching = simulate.enablePrefixCaching;
  if (caching !== undefined) {
    if (typeof caching !== 'boolean') {
      throw invalid('simulate.enablePrefixCaching', 'true or false', caching);
    }
    resolved.enablePrefixCaching = caching;
  }
  return resolved;
}
