import seedrandom from 'seedrandom';
import type { ExactPrompt, ExactPromptBuilder } from './exact-prompts.js';

/** A pool of distinct shared prefixes of one exact length, drawn from at random. */
export interface PrefixPool {
  /** The distinct prefixes, each exactly the requested number of tokens. */
  readonly prefixes: readonly ExactPrompt[];
  /** The prefix of the next sample: uniform over the pool, from the seeded stream. */
  pick(): ExactPrompt;
}

/**
 * Builds `count` distinct prefixes of `tokens` tokens each (system prompts that start with
 * `"prefix N:"` and continue with corpus text), and a seeded picker over them, as GuideLLM's
 * `prefix_count`/`prefix_tokens` do. The same seed and tokenizer give the same prefixes and the
 * same sequence of picks.
 */
export function createPrefixPool(
  builder: ExactPromptBuilder,
  tokens: number,
  count: number,
  seed: string,
): PrefixPool {
  const startRandom = seedrandom(`${seed}:prefix-starts`);
  const pickRandom = seedrandom(`${seed}:prefix-picks`);
  const prefixes: ExactPrompt[] = [];
  for (let index = 0; index < count; index++) {
    prefixes.push(builder.build(tokens, index, startRandom(), 'prefix '));
  }
  return {
    prefixes,
    pick: () => prefixes[Math.floor(pickRandom() * prefixes.length)]!,
  };
}
