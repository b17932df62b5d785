import { z } from 'zod';
import { describeReceived } from '../internal/messages.js';
import { parseOrThrow } from '../internal/zod-issues.js';
import { invalidArgs, parseJsonText, parseKeyValuePairs } from './spec-text.js';
import { boundIssues, type NumericKey } from './synthetic-bounds.js';

/**
 * The serialisable description of synthetic, token-exact data. Lengths are drawn per sample as
 * GuideLLM draws them: a constant mean when neither stdev nor bounds are set; a uniform integer
 * between the bounds (a missing bound is the mean) when only bounds are set; a normal draw,
 * clipped to the bounds and rounded, when a stdev is set.
 */
export interface SyntheticDataSpec {
  /** Tags the spec as synthetic data among the other data specs. */
  type: 'synthetic';
  /** Mean prompt length in tokens. */
  promptTokens: number;
  /** Standard deviation of the prompt length; unset means no normal spread. */
  promptTokensStdev?: number;
  /**
   * Shortest prompt in tokens.
   * @default max(1, promptTokens - 5 * stdev) with a stdev, else promptTokens
   */
  promptTokensMin?: number;
  /**
   * Longest prompt in tokens.
   * @default promptTokens + 5 * stdev with a stdev, else promptTokens
   */
  promptTokensMax?: number;
  /** Mean output budget in tokens; unset asks for no fixed output length (the server decides). */
  outputTokens?: number;
  /** Standard deviation of the output budget; unset means no normal spread. */
  outputTokensStdev?: number;
  /**
   * Smallest output budget in tokens.
   * @default max(1, outputTokens - 5 * stdev) with a stdev, else outputTokens
   */
  outputTokensMin?: number;
  /**
   * Largest output budget in tokens.
   * @default outputTokens + 5 * stdev with a stdev, else outputTokens
   */
  outputTokensMax?: number;
  /**
   * Prompts generated ahead of the run; further ones are generated on demand.
   * @default the run's expected request count, at most 1000
   */
  samples?: number;
  /**
   * Length in tokens of a shared prefix (a system prompt) in front of every prompt, on top of
   * `promptTokens`; unset means no prefix.
   */
  prefixTokens?: number;
  /**
   * How many distinct prefixes of `prefixTokens` tokens the requests share; each request takes
   * one of them at random (seeded).
   * @default 1
   */
  prefixCount?: number;
  /**
   * Turns per conversation: with 2 or more, each sample is a conversation whose turns are sent
   * in order in one session, each carrying the history with the server's real answers. Every
   * turn's user message draws its own length from `promptTokens` (its own tokens, not the
   * history's) and its own output budget from `outputTokens`; a shared prefix opens the
   * conversation as its system message.
   * @default 1
   */
  turns?: number;
}

/** The most turns a synthetic conversation may have. */
export const MAX_TURNS = 1000;

/** Shorthand keys (GuideLLM's names) in the order error messages list them. */
const SNAKE_TO_CAMEL = {
  prompt_tokens: 'promptTokens',
  prompt_tokens_stdev: 'promptTokensStdev',
  prompt_tokens_min: 'promptTokensMin',
  prompt_tokens_max: 'promptTokensMax',
  output_tokens: 'outputTokens',
  output_tokens_stdev: 'outputTokensStdev',
  output_tokens_min: 'outputTokensMin',
  output_tokens_max: 'outputTokensMax',
  samples: 'samples',
  prefix_tokens: 'prefixTokens',
  prefix_count: 'prefixCount',
  turns: 'turns',
} as const satisfies Record<string, NumericKey>;

const CAMEL_KEYS = new Set<string>(Object.values(SNAKE_TO_CAMEL));
const EXPECTED_KEYS = `kind, ${Object.keys(SNAKE_TO_CAMEL).join(', ')}`;

function toSnake(key: NumericKey): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The key a spelling stands for (`prompt_tokens` and `promptTokens` alike), if any. */
function keyOf(spelling: string): NumericKey | undefined {
  if (Object.hasOwn(SNAKE_TO_CAMEL, spelling)) {
    return SNAKE_TO_CAMEL[spelling as keyof typeof SNAKE_TO_CAMEL];
  }
  return CAMEL_KEYS.has(spelling) ? (spelling as NumericKey) : undefined;
}

/** Shorthand values are text: plain decimal numbers are read as numbers, anything else stays. */
const decimal = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
const lengthValue = z.preprocess(decimal, z.number().int().min(1));
const stdevValue = z.preprocess(decimal, z.number().min(0));
const kindValue = z.enum(['synthetic_text', 'synthetic']);

/**
 * Synthetic data keys in either spelling, each value checked for its kind (lengths: integers
 * >= 1, stdevs: numbers >= 0); then each key given once, a prompt length, and the bounds.
 */
const SyntheticKeysSchema = z
  .preprocess(
    (input, context) => {
      // Own keys of the input as given (`__proto__` included), before parsing drops any.
      if (typeof input !== 'object' || input === null) return input;
      for (const spelling of Object.keys(input)) {
        if (spelling !== 'kind' && spelling !== 'type' && keyOf(spelling) === undefined) {
          context.addIssue({
            code: 'custom',
            input,
            message: `unknown key ${JSON.stringify(spelling)} (expected one of ${EXPECTED_KEYS})`,
          });
        }
      }
      return input;
    },
    z.looseObject({
      kind: kindValue.optional(),
      type: kindValue.optional(),
      ...Object.fromEntries(
        Object.entries(SNAKE_TO_CAMEL).flatMap(([snake, camel]) => {
          const value = (camel.endsWith('Stdev') ? stdevValue : lengthValue).optional();
          return [
            [snake, value],
            [camel, value],
          ];
        }),
      ),
    }),
  )
  .transform((given, context): SyntheticDataSpec => {
    const values: Partial<Record<NumericKey, number>> = {};
    const spelled = new Map<NumericKey, string>();
    for (const [spelling, value] of Object.entries(given)) {
      if (spelling === 'kind' || spelling === 'type') continue;
      const key = keyOf(spelling);
      if (key === undefined) continue;
      if (spelled.has(key)) {
        context.addIssue({
          code: 'custom',
          path: [spelling],
          message: `expected each key once, received it as ${spelled.get(key)!} and as ${spelling}`,
        });
      } else if (value !== undefined) {
        spelled.set(key, spelling);
        values[key] = value as number;
      }
    }
    if (values.promptTokens === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['prompt_tokens'],
        message:
          'expected the mean prompt length in tokens, e.g. "prompt_tokens=256,output_tokens=128", received nothing',
      });
      return z.NEVER;
    }
    const spec: SyntheticDataSpec = { type: 'synthetic', promptTokens: values.promptTokens };
    for (const key of Object.values(SNAKE_TO_CAMEL)) {
      const value = values[key];
      if (value !== undefined) spec[key] = value;
    }
    const name = (key: NumericKey): string => spelled.get(key) ?? toSnake(key);
    if (spec.turns !== undefined && spec.turns > MAX_TURNS) {
      context.addIssue({
        code: 'custom',
        path: [name('turns')],
        message: `expected at most ${MAX_TURNS} turns per conversation, received ${spec.turns}`,
      });
    }
    for (const issue of boundIssues(spec, name)) {
      context.addIssue({ code: 'custom', path: [issue.key], message: issue.message });
    }
    return spec;
  });

/**
 * Builds a spec from key/value pairs in either spelling (`prompt_tokens` or `promptTokens`),
 * naming each key in errors the way the user wrote it.
 */
function buildSpec(entries: Array<[string, unknown]>, field: string): SyntheticDataSpec {
  const seen = new Set<string>();
  for (const [key] of entries) {
    // Text syntax, before any value is judged: `prompt_tokens=1,prompt_tokens=2`.
    if (seen.has(key)) {
      throw invalidArgs(`${field}.${key}`, 'expected each key once, received it twice');
    }
    seen.add(key);
  }
  // fromEntries keeps `__proto__` an own key, so it is refused like any unknown key.
  const object = Object.fromEntries(entries);
  return parseOrThrow(SyntheticKeysSchema, object, field);
}

/**
 * Parses synthetic data given as an object, with GuideLLM's snake_case keys or camelCase ones,
 * and an optional `kind: 'synthetic_text'` or `type: 'synthetic'`. Strings go to
 * {@link parseSyntheticShorthand}.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the offending key.
 */
export function parseSyntheticSpec(value: unknown, field = 'data'): SyntheticDataSpec {
  if (typeof value === 'string') return parseSyntheticShorthand(value, field);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgs(
      field,
      `expected synthetic data as an object, received ${describeReceived(value)}`,
    );
  }
  // An optional key spread in as `undefined` is absent, as it would be in JSON.
  const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
  return buildSpec(entries, field);
}

/**
 * Parses GuideLLM-style synthetic data shorthand: `prompt_tokens=256,output_tokens=128` with the
 * optional `_stdev`, `_min`, `_max` keys, `samples` and a leading `kind=synthetic_text`; or the
 * same keys as a JSON object string.
 *
 * @example
 * ```ts
 * parseSyntheticShorthand('prompt_tokens=256,prompt_tokens_stdev=32,output_tokens=128');
 * // { type: 'synthetic', promptTokens: 256, promptTokensStdev: 32, outputTokens: 128 }
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the offending key.
 */
export function parseSyntheticShorthand(text: string, field = 'data'): SyntheticDataSpec {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed = parseJsonText(trimmed, field, 'a JSON object of synthetic data keys');
    return parseSyntheticSpec(parsed, field);
  }
  const entries: Array<[string, unknown]> = parseKeyValuePairs(trimmed, field, 'prompt_tokens=256');
  if (entries.length === 0) {
    throw invalidArgs(
      field,
      `expected synthetic data such as "prompt_tokens=256,output_tokens=128", received ${describeReceived(text)}`,
    );
  }
  return buildSpec(entries, field);
}

/**
 * Tells whether a `data` string is meant as synthetic shorthand (rather than a file path or a
 * dataset id), so the args layer can route it to {@link parseSyntheticShorthand}.
 */
export function looksLikeSyntheticShorthand(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return /"(prompt_tokens|promptTokens|kind|type)"\s*:/.test(trimmed);
  return /^(kind\s*=\s*synthetic|(prompt|output|prefix)_(tokens|count)\w*\s*=|samples\s*=)/.test(
    trimmed,
  );
}

const tokenCount = z.number().int().min(1);
const stdev = z.number().min(0);

/**
 * Zod schema of the object form of {@link SyntheticDataSpec} (camelCase, `type: 'synthetic'`),
 * with the same cross-key checks as {@link parseSyntheticShorthand}.
 */
export const SyntheticDataSpecSchema: z.ZodType<SyntheticDataSpec, SyntheticDataSpec> = z
  .strictObject({
    type: z.literal('synthetic'),
    promptTokens: tokenCount,
    promptTokensStdev: stdev.exactOptional(),
    promptTokensMin: tokenCount.exactOptional(),
    promptTokensMax: tokenCount.exactOptional(),
    outputTokens: tokenCount.exactOptional(),
    outputTokensStdev: stdev.exactOptional(),
    outputTokensMin: tokenCount.exactOptional(),
    outputTokensMax: tokenCount.exactOptional(),
    samples: tokenCount.exactOptional(),
    prefixTokens: tokenCount.exactOptional(),
    prefixCount: tokenCount.exactOptional(),
    turns: tokenCount.max(MAX_TURNS).exactOptional(),
  })
  .superRefine((spec, context) => {
    for (const issue of boundIssues(spec, (key) => key)) {
      context.addIssue({ code: 'custom', path: [issue.key], message: issue.message });
    }
  });
