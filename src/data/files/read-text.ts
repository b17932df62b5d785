import type { Readable } from 'node:stream';
import { readNonBlankLines } from './read-lines.js';
import type { ReadResult } from './read-result.js';

/**
 * Reads a text file as one prompt per line, in a column named `text` (GuideLLM's name for it).
 * Blank lines are ignored; line endings (LF or CRLF) are dropped, the rest is kept as written.
 */
export async function* readTextLines(stream: Readable): AsyncGenerator<ReadResult> {
  for await (const { line, text } of readNonBlankLines(stream))
    yield { row: line, values: { text } };
}
