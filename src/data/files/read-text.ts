import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { ReadResult } from './read-result.js';

const BLANK = /^\s*$/;

/**
 * Reads a text file as one prompt per line, in a column named `text` (GuideLLM's name for it).
 * Blank lines are ignored; line endings (LF or CRLF) are dropped, the rest is kept as written.
 */
export async function* readTextLines(stream: Readable): AsyncGenerator<ReadResult> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (!BLANK.test(text)) yield { row: line, values: { text } };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
