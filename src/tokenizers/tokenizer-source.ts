import type { RunTokenizer } from '../spec/events.js';
import type { Tokenizer } from '../spec/tokenizer.js';

/**
 * Where the run's tokenizer came from, for the run's start line and event: the built-in word
 * tokenizer (no tokenizer given, or `word`), a local `tokenizer.json` (`file`, its path as
 * `id`), or a Tokenizer object the caller passed (`custom`, its name).
 */
export function tokenizerSource(
  spec: string | Tokenizer | undefined,
  tokenizer: Tokenizer,
): RunTokenizer {
  if (spec === undefined || spec === 'word') return { source: 'word', id: 'word' };
  if (typeof spec === 'string') return { source: 'file', id: tokenizer.name };
  return { source: 'custom', id: tokenizer.name };
}
