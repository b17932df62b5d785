import { z } from 'zod';
import { describeReceived } from '../internal/messages.js';
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
const KIND_VALUES = new Set(['synthetic_text', 'synthetic']);

function toSnake(key: NumericKey): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Reads one value as a number of the key's kind: integers >= 1, or a stdev >= 0. */
function readNumber(key: NumericKey, value: unknown, field: string): number {
  const isStdev = key.endsWith('Stdev');
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  const ok = isStdev
    ? Number.isFinite(number) && number >= 0
    : Number.isSafeInteger(number) && number >= 1;
  if (!ok) {
    const expected = isStdev ? 'a number >= 0' : 'an integer >= 1';
    throw invalidArgs(field, `expected ${expected}, received ${describeReceived(value)}`);
  }
  return number;
}

/**
 * Builds a spec from key/value pairs in either spelling (`prompt_tokens` or `promptTokens`),
 * naming each key in errors the way the user wrote it.
 */
function buildSpec(entries: Array<[string, unknown]>, field: string): SyntheticDataSpec {
  const values: Partial<Record<NumericKey, number>> = {};
  const spelled = new Map<NumericKey, string>();
  for (const [rawKey, value] of entries) {
    if (rawKey === 'kind' || rawKey === 'type') {
      if (typeof value !== 'string' || !KIND_VALUES.has(value)) {
        const expected = rawKey === 'kind' ? '"synthetic_text"' : '"synthetic"';
        throw invalidArgs(
          `${field}.${rawKey}`,
          `expected ${expected}, received ${describeReceived(value)}`,
        );
      }
      continue;
    }
    const key: NumericKey | undefined = Object.hasOwn(SNAKE_TO_CAMEL, rawKey)
      ? SNAKE_TO_CAMEL[rawKey as keyof typeof SNAKE_TO_CAMEL]
      : CAMEL_KEYS.has(rawKey)
        ? (rawKey as NumericKey)
        : undefined;
    if (key === undefined) {
      throw invalidArgs(
        field,
        `unknown key ${JSON.stringify(rawKey)} (expected one of ${EXPECTED_KEYS})`,
      );
    }
    if (spelled.has(key)) {
      throw invalidArgs(`${field}.${rawKey}`, `expected each key once, received it twice`);
    }
    spelled.set(key, rawKey);
    values[key] = readNumber(key, value, `${field}.${rawKey}`);
  }
  const name = (key: NumericKey): string => spelled.get(key) ?? toSnake(key);
  if (values.promptTokens === undefined) {
    throw invalidArgs(
      `${field}.prompt_tokens`,
      'expected the mean prompt length in tokens, e.g. "prompt_tokens=256,output_tokens=128", received nothing',
    );
  }
  const spec: SyntheticDataSpec = { type: 'synthetic', promptTokens: values.promptTokens };
  for (const key of Object.values(SNAKE_TO_CAMEL)) {
    const value = values[key];
    if (value !== undefined) spec[key] = value;
  }
  if (spec.turns !== undefined && spec.turns > MAX_TURNS) {
    throw invalidArgs(
      `${field}.${name('turns')}`,
      `expected at most ${MAX_TURNS} turns per conversation, received ${spec.turns}`,
    );
  }
  const [issue] = boundIssues(spec, name);
  if (issue !== undefined) throw invalidArgs(`${field}.${issue.key}`, issue.message);
  return spec;
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

/** The most turns a synthetic conversation may have. */
export const MAX_TURNS = 1000;
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
