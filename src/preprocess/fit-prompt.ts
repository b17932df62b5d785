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

/**
 * `text` cut to `target` tokens. Where decoding gives the text back (`decode(encode(text))`
 * equals it, as with byte-level BPE tokenizers), the first `target` tokens are decoded (see
 * {@link fitTokens}). Where it does not (the word tokenizer decodes to its own vocabulary; some
 * tokenizers normalise case or spaces), the prompt is the longest prefix of `text` itself whose
 * count is at most `target`, so the user's words are kept as written.
 */
export function fitText(
  text: string,
  ids: readonly number[],
  target: number,
  tokenizer: Tokenizer,
): FittedPrompt {
  if (tokenizer.decode([...ids]) === text) return fitTokens(ids, target, tokenizer);
  return fitPrefix(text, target, tokenizer);
}

/** The largest `i` in `[low, high]` with `fits(i)`, `fits` being true up to a point; else `none`. */
function lastFitting(
  low: number,
  high: number,
  none: number,
  fits: (i: number) => boolean,
): number {
  let found = none;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (fits(middle)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The longest prefix of `text` (whole words first, then characters) of at most `target` tokens. */
function fitPrefix(text: string, target: number, tokenizer: Tokenizer): FittedPrompt {
  // Word ends: each a candidate cut, so a prompt never ends inside a word when words suffice.
  const ends: number[] = [];
  for (const match of text.matchAll(/\S+/g)) ends.push(match.index + match[0].length);
  const count = (end: number): number => tokenizer.count(text.slice(0, end));
  const words = lastFitting(0, ends.length - 1, -1, (i) => count(ends[i]!) <= target);
  let end = words < 0 ? 0 : ends[words]!;
  if (words + 1 < ends.length && (end === 0 ? 0 : count(end)) < target) {
    // The next word takes several tokens: cut inside it, character by character.
    end = lastFitting(end + 1, ends[words + 1]! - 1, end, (i) => count(i) <= target);
  }
  return { prompt: text.slice(0, end), tokens: end === 0 ? 0 : count(end) };
}
