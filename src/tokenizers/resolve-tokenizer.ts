import { stat } from 'node:fs/promises';
import { InferbenchError } from '../errors.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { loadHfTokenizer } from './hf-tokenizer.js';
import { createWordTokenizer } from './word-tokenizer.js';

/**
 * Turns the `tokenizer` argument into a tokenizer: nothing or `'word'` gives the built-in word
 * tokenizer, a {@link Tokenizer} object is used as is, and a string is a local path to a
 * `tokenizer.json` file or a folder holding one.
 *
 * @example
 * ```ts
 * const tokenizer = await resolveTokenizer('./models/Qwen3-0.6B/tokenizer.json');
 * ```
 * @throws InferbenchError `ERR_TOKENIZER` (field `tokenizer`) when the path does not exist or
 * does not hold a usable tokenizer.
 */
export async function resolveTokenizer(spec: string | Tokenizer | undefined): Promise<Tokenizer> {
  if (spec === undefined || spec === 'word') return createWordTokenizer();
  if (typeof spec !== 'string') return spec;
  try {
    await stat(spec);
  } catch (error) {
    // Hub model ids (org/name) look like relative paths; say plainly that only paths work today.
    throw new InferbenchError(
      'ERR_TOKENIZER',
      `tokenizer: expected "word" or a local path to a tokenizer.json file or a folder containing one, received ${JSON.stringify(spec)} (no such file or folder; Hugging Face Hub model ids are not supported yet)`,
      { field: 'tokenizer', cause: error },
    );
  }
  return loadHfTokenizer(spec);
}
