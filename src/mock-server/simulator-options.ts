import { z } from 'zod';
import { parseOrThrow } from '../internal/zod-issues.js';

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

const count = z.number().int().min(1);
const ms = z.number().min(0);

/** The checks of the `simulate` object; unknown keys are refused. */
const SimulatorOptionsSchema = z
  .strictObject({
    maxNumSeqs: count.optional(),
    maxBatch: count.optional(),
    maxNumBatchedTokens: count.optional(),
    blockSize: count.optional(),
    numGpuBlocks: count.optional(),
    enablePrefixCaching: z.boolean().optional(),
    // A zero-length step would let a batch emit tokens without time passing.
    decodeStepMs: z.number().min(0.01).optional(),
    decodeStepMsPerSequence: ms.optional(),
    stepMsPerPrefillToken: ms.optional(),
    firstTokenMsPerRunningRequest: ms.optional(),
    prefillMsBase: ms.optional(),
    prefillMsPerToken: ms.optional(),
  })
  .superRefine((options, context) => {
    const { maxBatch, maxNumSeqs } = options;
    if (maxBatch !== undefined && maxNumSeqs !== undefined && maxBatch !== maxNumSeqs) {
      context.addIssue({
        code: 'custom',
        path: ['maxBatch'],
        message: `expected the same value as simulate.maxNumSeqs (${maxNumSeqs}), or only one of the two, received ${maxBatch}`,
      });
    }
  });

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
  const { maxBatch, ...given } = parseOrThrow(SimulatorOptionsSchema, simulate, 'simulate');
  const resolved: ResolvedSimulatorOptions = { ...SIMULATOR_DEFAULTS };
  // An option spread in as `undefined` keeps its default.
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  if (maxBatch !== undefined) resolved.maxNumSeqs = maxBatch;
  return resolved;
}
