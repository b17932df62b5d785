import seedrandom from 'seedrandom';
import { InferbenchError } from '../errors.js';
import type { DataSource, DataSourceContext, RequestSample } from '../spec/data-source.js';
import { createWordTokenizer } from '../tokenizers/word-tokenizer.js';
import { createExactPromptBuilder } from './exact-prompts.js';
import { createPrefixPool } from './prefix-pool.js';
import { lengthBounds } from './synthetic-bounds.js';
import { parseSyntheticSpec, type SyntheticDataSpec } from './synthetic-spec.js';

/** Prompts prepared ahead of the run when neither the spec nor the run says how many. */
const DEFAULT_PREPARED = 1000;
/** Longest stretch `prepare` computes without letting the event loop run (abort, progress). */
const SLICE_MS = 20;

/** A synthetic data source; its iterator is endless and can be used with `for...of`. */
export interface SyntheticDataSource extends DataSource {
  /** The validated spec the source draws from. */
  readonly spec: SyntheticDataSpec;
  /** An endless iterator that continues where the previous one stopped; prompts never repeat. */
  samples(): IterableIterator<RequestSample>;
}

/**
 * Draws lengths as GuideLLM does: constant without stdev or bounds, uniform between the bounds
 * without stdev, otherwise a normal draw clipped to the bounds and rounded.
 */
function createLengthSampler(
  mean: number,
  stdev: number | undefined,
  min: number | undefined,
  max: number | undefined,
  random: () => number,
): () => number {
  const bounds = lengthBounds(mean, stdev, min, max);
  if (bounds.min === bounds.max) return () => bounds.min;
  if (stdev === undefined) {
    const span = bounds.max - bounds.min + 1;
    return () => bounds.min + Math.floor(random() * span);
  }
  return () => {
    // Box-Muller; 1 - random() is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const value = mean + stdev * radius * Math.cos(2 * Math.PI * random());
    return Math.round(Math.min(bounds.max, Math.max(bounds.min, value)));
  };
}

/** Produces samples in serial order; the same seed, spec and tokenizer give the same sequence. */
function createGenerator(spec: SyntheticDataSpec, context: DataSourceContext): () => RequestSample {
  const builder = createExactPromptBuilder(context.tokenizer ?? createWordTokenizer());
  // Separate streams, so changing the output spec leaves the prompts of a seed as they were.
  const promptRandom = seedrandom(`${context.seed}:prompt-tokens`);
  const outputRandom = seedrandom(`${context.seed}:output-tokens`);
  const startRandom = seedrandom(`${context.seed}:prompt-starts`);
  const promptLength = createLengthSampler(
    spec.promptTokens,
    spec.promptTokensStdev,
    spec.promptTokensMin,
    spec.promptTokensMax,
    promptRandom,
  );
  const outputLength =
    spec.outputTokens === undefined
      ? undefined
      : createLengthSampler(
          spec.outputTokens,
          spec.outputTokensStdev,
          spec.outputTokensMin,
          spec.outputTokensMax,
          outputRandom,
        );
  const prefixes =
    spec.prefixTokens === undefined
      ? undefined
      : createPrefixPool(builder, spec.prefixTokens, spec.prefixCount ?? 1, context.seed);
  let serial = 0;
  return () => {
    const { prompt, promptTokens } = builder.build(promptLength(), serial++, startRandom());
    let sample: RequestSample = { prompt, promptTokens };
    if (prefixes !== undefined) {
      const prefix = prefixes.pick();
      // Chat sends the prefix as the system message; text completions get both joined by a
      // space, as GuideLLM joins them.
      sample = {
        prompt: `${prefix.prompt} ${prompt}`,
        messages: [
          { role: 'system', content: prefix.prompt },
          { role: 'user', content: prompt },
        ],
        prefix: prefix.prompt,
        promptTokens: prefix.promptTokens + promptTokens,
      };
    }
    if (outputLength !== undefined) sample.outputTokens = outputLength();
    return sample;
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Creates a data source of synthetic prompts with exact token counts under the run's tokenizer
 * (the built-in word tokenizer when the run has none). `prepare` generates `spec.samples`
 * prompts ahead of the run (by default the run's expected request count, at most 1000); the
 * iterator yields those and then generates further ones on demand, without end. Every prompt is
 * unique, across benchmarks too: each `samples()` call continues where the previous one stopped,
 * so a server's prefix cache never sees a prompt twice, except for the shared prefixes a spec
 * asks for (`prefixTokens`, `prefixCount`), which come in front of the unique part as the system
 * message. The same seed gives the same sequence.
 *
 * @example
 * ```ts
 * const source = createSyntheticDataSource(parseSyntheticShorthand('prompt_tokens=256,output_tokens=128'));
 * await source.prepare({ seed: '42', tokenizer: await loadHfTokenizer('./tokenizer.json') });
 * const first = source.samples().next().value; // { prompt: '0: ...', promptTokens: 256, outputTokens: 128 }
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` when the spec is invalid.
 */
export function createSyntheticDataSource(spec: SyntheticDataSpec): SyntheticDataSource {
  const checked = parseSyntheticSpec(spec);
  let next: (() => RequestSample) | undefined;
  let prepared: Array<RequestSample | undefined> = [];
  let cursor = 0;

  function take(): RequestSample {
    if (next === undefined) {
      throw new InferbenchError(
        'ERR_INTERNAL',
        'synthetic data: samples() was called before prepare()',
      );
    }
    if (cursor < prepared.length) {
      const sample = prepared[cursor]!;
      // Hand each prepared prompt out once and let it be collected after.
      prepared[cursor++] = undefined;
      return sample;
    }
    return next();
  }

  return {
    name: 'synthetic',
    spec: checked,
    async prepare(context) {
      context.signal?.throwIfAborted();
      const generate = createGenerator(checked, context);
      const count =
        checked.samples ?? Math.min(context.expectedCount ?? DEFAULT_PREPARED, DEFAULT_PREPARED);
      const pool: RequestSample[] = [];
      let sliceStart = performance.now();
      while (pool.length < count) {
        pool.push(generate());
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          context.signal?.throwIfAborted();
          sliceStart = performance.now();
        }
      }
      next = generate;
      prepared = pool;
      cursor = 0;
    },
    samples() {
      const iterator: IterableIterator<RequestSample> = {
        next: () => ({ done: false, value: take() }),
        [Symbol.iterator]: () => iterator,
      };
      return iterator;
    },
  };
}
