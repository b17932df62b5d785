import type { Tokenizer } from '../spec/tokenizer.js';
import { SYNTHETIC_CORPUS } from './corpus.js';

/** A prompt built for a requested length, and the length it really has under the tokenizer. */
export interface ExactPrompt {
  prompt: string;
  /** Equals the requested length except in the (never observed) case where no window fitted. */
  promptTokens: number;
}

/** Builds prompts of an exact token count, each unique; see {@link createExactPromptBuilder}. */
export interface ExactPromptBuilder {
  /**
   * A prompt of `tokens` tokens for sample number `serial`; `startSeed` in [0, 1) picks where in
   * the corpus its text starts; `label` goes in front of the serial in the marker (`"prefix 3:"`),
   * so that prompts of another kind never share a marker with these.
   */
  build(tokens: number, serial: number, startSeed: number, label?: string): ExactPrompt;
}

/** Re-encode rounds per corpus start before moving to the next start. */
const ATTEMPTS_PER_START = 6;
/** Corpus starts tried before settling for the closest prompt. */
const MAX_STARTS = 8;

/** The corpus as a cyclic sequence of units the tokenizer can render back into text. */
interface CorpusView {
  /** Unit positions where a word begins, so windows start cleanly and rarely need a retry. */
  starts: number[];
  /** Text of `count` units from `start`, wrapping around the corpus end; it begins with a space. */
  render(start: number, count: number): string;
}

function tokenView(tokenizer: Tokenizer): CorpusView {
  // The leading space makes every wrap-around join read "... end. The start" like the rest.
  const ids = tokenizer.encode(` ${SYNTHETIC_CORPUS}`);
  const starts: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (tokenizer.decode([ids[i]!]).startsWith(' ')) starts.push(i);
  }
  const window: number[] = [];
  return {
    starts: starts.length > 0 ? starts : ids.map((_, i) => i),
    render(start, count) {
      window.length = 0;
      for (let i = 0; i < count; i++) window.push(ids[(start + i) % ids.length]!);
      return tokenizer.decode(window);
    },
  };
}

function wordView(words: string[]): CorpusView {
  return {
    starts: words.map((_, i) => i),
    render(start, count) {
      let text = '';
      for (let i = 0; i < count; i++) text += ` ${words[(start + i) % words.length]!}`;
      return text;
    },
  };
}

/**
 * Creates a builder of token-exact, unique prompts under `tokenizer`. The corpus is encoded
 * once; each prompt is a numeric marker (`"42:"`, unique per serial, so no two prompts share a
 * prefix a server could cache) followed by a decoded window of corpus tokens, re-encoded to
 * check its length and widened or narrowed until the count is exact. Prompts shorter than the
 * marker are bare corpus windows, kept distinct while the corpus has distinct windows left.
 * A tokenizer that counts each word of the corpus as one token (like the built-in word
 * tokenizer) gets windows of the corpus words themselves, so its prompts read as English.
 */
export function createExactPromptBuilder(tokenizer: Tokenizer): ExactPromptBuilder {
  const words = SYNTHETIC_CORPUS.split(' ');
  const view =
    tokenizer.count(SYNTHETIC_CORPUS) === words.length ? wordView(words) : tokenView(tokenizer);
  const { starts } = view;
  const shortPrompts = new Set<string>();

  function startAt(startSeed: number, shift: number): number {
    return starts[(Math.floor(startSeed * starts.length) + shift) % starts.length]!;
  }

  function buildShort(tokens: number, startSeed: number): ExactPrompt {
    let fallback: string | undefined;
    for (let shift = 0; shift < starts.length; shift++) {
      const prompt = view.render(startAt(startSeed, shift), tokens);
      if (tokenizer.count(prompt) !== tokens) continue;
      if (!shortPrompts.has(prompt)) {
        shortPrompts.add(prompt);
        return { prompt, promptTokens: tokens };
      }
      fallback ??= prompt;
    }
    // Every short window of this length is taken: a repeat is the best a tiny prompt can do.
    if (fallback !== undefined) return { prompt: fallback, promptTokens: tokens };
    const prompt = view.render(startAt(startSeed, 0), tokens);
    return { prompt, promptTokens: tokenizer.count(prompt) };
  }

  function build(tokens: number, serial: number, startSeed: number, label = ''): ExactPrompt {
    const marker = `${label}${serial}:`;
    const markerTokens = tokenizer.count(marker);
    if (tokens < markerTokens) return buildShort(tokens, startSeed);
    if (tokens === markerTokens) return { prompt: marker, promptTokens: tokens };
    let closest: ExactPrompt | undefined;
    for (let shift = 0; shift < MAX_STARTS; shift++) {
      const start = startAt(startSeed, shift);
      const tried = new Set<number>();
      let body = tokens - markerTokens;
      for (
        let attempt = 0;
        attempt < ATTEMPTS_PER_START && body >= 1 && !tried.has(body);
        attempt++
      ) {
        tried.add(body);
        const prompt = marker + view.render(start, body);
        const count = tokenizer.count(prompt);
        if (count === tokens) return { prompt, promptTokens: tokens };
        if (
          closest === undefined ||
          Math.abs(count - tokens) < Math.abs(closest.promptTokens - tokens)
        ) {
          closest = { prompt, promptTokens: count };
        }
        // Decoding can merge or split tokens at the window's edges; move the far edge by the drift.
        body += tokens - count;
      }
    }
    // Never seen in practice; report the true count rather than a wished-for one.
    return closest ?? { prompt: marker, promptTokens: markerTokens };
  }

  return { build };
}
