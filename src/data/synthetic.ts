import seedrandom from 'seedrandom';
import { InferbenchError } from '../errors.js';
import type { DataSource, DataSourceContext, RequestSample } from '../spec/data-source.js';
import { createWordTokenizer } from '../tokenizers/word-tokenizer.js';
import type { ServerTokenizer } from '../spec/tokenizer.js';
import { joinTurns } from './conversation.js';
import { createExactPromptBuilder, type ExactPrompt } from './exact-prompts.js';
import { createPrefixPool, prefixRequests, type PrefixPool } from './prefix-pool.js';
import { createServerExactPromptBuilder, type PromptRequest } from './server-exact-prompts.js';
import { lengthBounds } from './synthetic-bounds.js';
import { parseSyntheticSpec, type SyntheticDataSpec } from './synthetic-spec.js';

/** Prompts prepared ahead of the run when neither the spec nor the run says how many. */
const DEFAULT_PREPARED = 1000;
/** With a server tokenizer, prompts prepared when neither the spec nor the run says how many. */
const DEFAULT_SERVER_PREPARED = 1000;
/** With a server tokenizer, the most prompts prepared unless the spec's `samples` asks for more. */
const MAX_SERVER_PREPARED = 20_000;
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
export function createLengthSampler(
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

/** One sample's drawn lengths and prompt placement, before its prompt text is built. */
interface SampleDraw extends PromptRequest {
  outputTokens: number | undefined;
}

/** Draws lengths and starts in serial order; the same seed and spec give the same sequence. */
function createDraws(spec: SyntheticDataSpec, seed: string): () => SampleDraw {
  // Separate streams, so changing the output spec leaves the prompts of a seed as they were.
  const promptRandom = seedrandom(`${seed}:prompt-tokens`);
  const outputRandom = seedrandom(`${seed}:output-tokens`);
  const startRandom = seedrandom(`${seed}:prompt-starts`);
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
  let serial = 0;
  return () => {
    const tokens = promptLength();
    const draw = {
      tokens,
      serial: serial++,
      startSeed: startRandom(),
      outputTokens: undefined as number | undefined,
    };
    if (outputLength !== undefined) draw.outputTokens = outputLength();
    return draw;
  };
}

/** A sample from its draw, its built prompt and, when the spec asks for them, a shared prefix. */
function toSample(
  draw: SampleDraw,
  prompt: ExactPrompt,
  prefix: ExactPrompt | undefined,
): RequestSample {
  let sample: RequestSample = { prompt: prompt.prompt, promptTokens: prompt.promptTokens };
  if (prefix !== undefined) {
    // Chat sends the prefix as the system message; text completions get both joined by a
    // space, as GuideLLM joins them.
    sample = {
      prompt: `${prefix.prompt} ${prompt.prompt}`,
      messages: [
        { role: 'system', content: prefix.prompt },
        { role: 'user', content: prompt.prompt },
      ],
      prefix: prefix.prompt,
      promptTokens: prefix.promptTokens + prompt.promptTokens,
    };
  }
  if (draw.outputTokens !== undefined) sample.outputTokens = draw.outputTokens;
  return sample;
}

/** The prefix prompts a spec asks for (`prefixTokens`, `prefixCount`), none when it asks none. */
function prefixRequestsOf(spec: SyntheticDataSpec, seed: string): PromptRequest[] {
  return spec.prefixTokens === undefined
    ? []
    : prefixRequests(spec.prefixTokens, spec.prefixCount ?? 1, seed);
}

/** Produces samples in serial order; the same seed, spec and tokenizer give the same sequence. */
function createGenerator(spec: SyntheticDataSpec, context: DataSourceContext): () => RequestSample {
  const builder = createExactPromptBuilder(context.tokenizer ?? createWordTokenizer());
  const draw = createDraws(spec, context.seed);
  const requests = prefixRequestsOf(spec, context.seed);
  const prefixes: PrefixPool | undefined =
    requests.length === 0
      ? undefined
      : createPrefixPool(
          requests.map((request) =>
            builder.build(request.tokens, request.serial, request.startSeed, request.label),
          ),
          context.seed,
        );
  return () => {
    const next = draw();
    const prompt = builder.build(next.tokens, next.serial, next.startSeed);
    return toSample(next, prompt, prefixes?.pick());
  };
}

/**
 * Prompts made exact by the server's own tokenizer, all built in `prepare` (a few batched round
 * trips). Past the prepared ones the source starts over from the first: a server tokenizer is
 * never called once a benchmark runs.
 */
async function prepareWithServer(
  spec: SyntheticDataSpec,
  context: DataSourceContext & { serverTokenizer: ServerTokenizer },
  count: number,
): Promise<{ next: () => RequestSample }> {
  const draw = createDraws(spec, context.seed);
  const draws = Array.from({ length: count }, draw);
  const builder = await createServerExactPromptBuilder(context.serverTokenizer, context.signal);
  const requests = prefixRequestsOf(spec, context.seed);
  const prefixes =
    requests.length === 0
      ? undefined
      : createPrefixPool(await builder.buildMany(requests, context.signal), context.seed);
  const prompts = await builder.buildMany(draws, context.signal);
  const pool = draws.map((one, i) => toSample(one, prompts[i]!, prefixes?.pick()));
  let cursor = 0;
  return { next: () => pool[cursor++ % pool.length]! };
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
  const turns = checked.turns ?? 1;
  /** With `turns` >= 2, each sample joins that many single ones into a conversation. */
  const conversations = (one: () => RequestSample): (() => RequestSample) =>
    turns < 2
      ? one
      : () =>
          joinTurns(
            Array.from({ length: turns }, () => one()),
            checked.prefixTokens,
          );

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
      const { serverTokenizer } = context;
      if (serverTokenizer !== undefined) {
        const count =
          checked.samples ??
          Math.min(context.expectedCount ?? DEFAULT_SERVER_PREPARED, MAX_SERVER_PREPARED);
        const built = await prepareWithServer(
          checked,
          { ...context, serverTokenizer },
          count * turns,
        );
        // The pool stays with `next`, which starts it over past its end.
        next = conversations(built.next);
        prepared = [];
        cursor = 0;
        return;
      }
      const generate = conversations(createGenerator(checked, context));
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
