import seedrandom from 'seedrandom';
import type { ExactPrompt } from './exact-prompts.js';
import type { PromptRequest } from './server-exact-prompts.js';

/** A pool of distinct shared prefixes of one exact length, drawn from at random. */
export interface PrefixPool {
  /** The distinct prefixes, each exactly the requested number of tokens. */
  readonly prefixes: readonly ExactPrompt[];
  /** The prefix of the next sample: uniform over the pool, from the seeded stream. */
  pick(): ExactPrompt;
}

/** The marker label of a prefix, so that no prefix shares a marker with a prompt. */
const PREFIX_LABEL = 'prefix ';

/**
 * The prompts to build for `count` distinct prefixes of `tokens` tokens each (system prompts
 * that start with `"prefix N:"` and continue with corpus text), as GuideLLM's
 * `prefix_count`/`prefix_tokens` ask; built by the local or the server's exact prompt builder.
 */
export function prefixRequests(tokens: number, count: number, seed: string): PromptRequest[] {
  const startRandom = seedrandom(`${seed}:prefix-starts`);
  return Array.from({ length: count }, (_, index) => ({
    tokens,
    serial: index,
    startSeed: startRandom(),
    label: PREFIX_LABEL,
  }));
}

/**
 * A seeded picker over built prefixes. The same seed gives the same sequence of picks, and with
 * the same tokenizer, the same prefixes.
 */
export function createPrefixPool(prefixes: readonly ExactPrompt[], seed: string): PrefixPool {
  const pickRandom = seedrandom(`${seed}:prefix-picks`);
  return {
    prefixes,
    pick: () => prefixes[Math.floor(pickRandom() * prefixes.length)]!,
  };
}
