import seedrandom from 'seedrandom';

/** A generator of normally distributed values, truncated at a lower bound. */
export interface NormalSource {
  /** A draw from N(mean, std²), never below `min`; returns `mean` without drawing when std is 0. */
  draw(mean: number, std: number, min: number): number;
}

/** Creates a seeded normal generator (Box-Muller over `seedrandom`'s default ARC4 generator). */
export function createNormalSource(seed: string): NormalSource {
  const random = seedrandom(seed);
  return {
    draw(mean, std, min) {
      // A zero std consumes no randomness, so turning jitter off on one quantity leaves the
      // sequences of the others unchanged.
      if (std <= 0) return Math.max(min, mean);
      // 1 - random() lies in (0, 1], which keeps the logarithm finite.
      const u1 = 1 - random();
      const u2 = random();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(min, mean + std * z);
    },
  };
}

/** The timing and length parameters of {@link createPacingModel}. */
export interface PacingParameters {
  ttftMs: number;
  ttftMsStd: number;
  itlMs: number;
  itlMsStd: number;
  outputTokens: number;
  outputTokensStd: number;
  seed: number;
}

/** Draws per-request TTFT, per-gap ITL and output lengths from seeded, independent streams. */
export interface PacingModel {
  /** Time to first token of one request, in ms (>= 0). */
  drawTtftMs(): number;
  /** One inter-token gap, in ms (>= 0). */
  drawItlMs(): number;
  /** An output length in tokens (an integer >= 1). */
  drawOutputTokens(): number;
}

/**
 * Creates the pacing model. Lengths, TTFTs and gaps each get their own generator, so the
 * sequence of drawn lengths for a seed does not depend on how many gaps earlier requests drew
 * (which varies with their lengths and with interleaving under concurrency).
 */
export function createPacingModel(parameters: PacingParameters): PacingModel {
  const lengths = createNormalSource(`${parameters.seed}:output-tokens`);
  const ttfts = createNormalSource(`${parameters.seed}:ttft`);
  const gaps = createNormalSource(`${parameters.seed}:itl`);
  return {
    drawTtftMs: () => ttfts.draw(parameters.ttftMs, parameters.ttftMsStd, 0),
    drawItlMs: () => gaps.draw(parameters.itlMs, parameters.itlMsStd, 0),
    drawOutputTokens: () =>
      Math.max(1, Math.round(lengths.draw(parameters.outputTokens, parameters.outputTokensStd, 1))),
  };
}
