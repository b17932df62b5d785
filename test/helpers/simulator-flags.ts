/** A mock-server engine simulator whose capacity is known in closed form. */
export interface ConstantStepSimulator {
  /** `inferbench mock-server` flags. */
  flags: string[];
  /** Requests per second the engine serves at most for `outputTokens` output tokens. */
  capacity(outputTokens: number): number;
}

/**
 * The simulator with a constant decode step (no per-sequence cost), so that a request holds
 * its slot for its prefill plus `outputTokens − 1` steps and `maxBatch` slots serve
 * `maxBatch / hold` requests per second (docs/guides/mock-server-simulator.md). The prefill is
 * independent of the prompt and should be a multiple of the step.
 */
export function constantStepSimulator(options: {
  maxBatch: number;
  prefillMs: number;
  stepMs: number;
}): ConstantStepSimulator {
  const { maxBatch, prefillMs, stepMs } = options;
  return {
    flags: [
      '--max-batch',
      String(maxBatch),
      '--prefill-ms-base',
      String(prefillMs),
      '--prefill-ms-per-token',
      '0',
      '--decode-step-ms',
      String(stepMs),
      '--decode-step-ms-per-seq',
      '0',
    ],
    capacity: (outputTokens) =>
      (maxBatch / ((Math.ceil(prefillMs / stepMs) + outputTokens - 1) * stepMs)) * 1000,
  };
}
