import { InferbenchError } from '../errors.js';
import type { Tokenizer } from '../spec/tokenizer.js';

/**
 * The texts of the tokens the mock emits, one per stream chunk. Each text is the decode of one
 * token id, and any concatenation of them re-encodes to one token per text, so a client that
 * re-tokenizes the streamed output with the same tokenizer counts exactly `completion_tokens`.
 */
export interface TokenPool {
  /** Token texts, e.g. `' the'`; never empty. */
  readonly texts: readonly string[];
  /** `texts` already JSON-encoded (quoted and escaped), for the streaming hot path. */
  readonly jsonTexts: readonly string[];
}

// Common English words: almost every BPE, Unigram or WordPiece vocabulary holds them as single
// tokens with a leading-space marker, and the word tokenizer maps each to one word of its own.
const SEED_WORDS =
  'the of and to in is was for on that with as by at from this be are an or it not but ' +
  'which have has one all were when there can more will been would out other about time ' +
  'some them these into only new could first then over after also made most used many well';

// A token text the pool accepts: one leading space and letters only. Whitespace-splitting
// pre-tokenizers then keep every text a separate piece, whatever comes before or after it.
const PLAIN_WORD = /^ [A-Za-z]+$/;

/** The pool keeps at most this many texts; more variety buys nothing. */
const MAX_POOL_SIZE = 32;

/**
 * Finds plain word tokens of `tokenizer` for the mock's output: ids of the seed words whose
 * decode is a plain space-prefixed word that encodes back to that one id. Throws
 * `ERR_TOKENIZER` when the tokenizer offers none, or when their concatenation would not
 * re-encode to one token per text.
 */
export function buildTokenPool(tokenizer: Tokenizer): TokenPool {
  const texts: string[] = [];
  const seen = new Set<string>();
  for (const id of tokenizer.encode(` ${SEED_WORDS}`)) {
    const text = tokenizer.decode([id]);
    if (seen.has(text) || !PLAIN_WORD.test(text)) continue;
    const again = tokenizer.encode(text);
    if (again.length !== 1 || again[0] !== id) continue;
    seen.add(text);
    texts.push(text);
    if (texts.length >= MAX_POOL_SIZE) break;
  }
  // Check the property clients rely on over both orders, so that neighbours in either order
  // are known not to merge into fewer tokens.
  const forward = texts.join('');
  const backward = [...texts].reverse().join('');
  const exact =
    texts.length > 0 &&
    tokenizer.encode(forward).length === texts.length &&
    tokenizer.encode(backward).length === texts.length &&
    tokenizer.encode(forward + forward).length === 2 * texts.length;
  if (!exact) {
    throw new InferbenchError(
      'ERR_TOKENIZER',
      `tokenizer: expected a vocabulary with plain space-prefixed word tokens (" the", " of") ` +
        `for the mock server's output, received tokenizer "${tokenizer.name}" with none that ` +
        're-encode exactly',
      { field: 'tokenizer' },
    );
  }
  return { texts, jsonTexts: texts.map((text) => JSON.stringify(text)) };
}
