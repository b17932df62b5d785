import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

const BLANK = /^\s*$/;

/**
 * Yields the non-blank lines of a text stream with their 1-based line numbers: line endings
 * (LF or CRLF) and a leading byte-order mark dropped. Lines are pulled one at a time, so
 * memory stays flat however long the stream is; closing the generator destroys the stream.
 */
export async function* readNonBlankLines(
  stream: Readable,
): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (!BLANK.test(text)) yield { line, text };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
