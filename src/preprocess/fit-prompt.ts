import type { Tokenizer } from '../spec/tokenizer.js';

/** A prompt cut or grown to a token count, with the count it really has. */
export interface FittedPrompt {
  prompt: string;
  /** The prompt's token count under the tokenizer, re-encoded: the target, or the closest reached. */
  tokens: number;
}

/** Attempts at moving the cut when decoding merges or splits tokens at its edge. */
const ATTEMPTS = 8;

/**
 * The longest prefix of `ids`, decoded, whose re-encoded length is `target`: the first `target`
 * tokens, the cut moved by the drift when decoding merged or split tokens at the edge. When no
 * cut reaches the target exactly, the closest one not above it (else the closest) is returned
 * with its true count, never a wished-for one.
 */
export function fitTokens(
  ids: readonly number[],
  target: number,
  tokenizer: Tokenizer,
): FittedPrompt {
  let cut = Math.min(target, ids.length);
  let best: FittedPrompt | undefined;
  const tried = new Set<number>();
  for (let attempt = 0; attempt < ATTEMPTS && cut >= 1 && cut <= ids.length; attempt++) {
    if (tried.has(cut)) break;
    tried.add(cut);
    const prompt = tokenizer.decode(ids.slice(0, cut));
    const tokens = tokenizer.count(prompt);
    if (tokens === target) return { prompt, tokens };
    const under = tokens <= target;
    if (
      best === undefined ||
      (under && best.tokens > target) ||
      (under === best.tokens <= target &&
        Math.abs(tokens - target) < Math.abs(best.tokens - target))
    ) {
      best = { prompt, tokens };
    }
    cut += target - tokens;
  }
  return best ?? { prompt: '', tokens: 0 };
}
