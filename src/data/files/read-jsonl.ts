import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describeReceived } from '../../errors.js';
import { isRowObject, type ReadResult } from './read-result.js';

const BLANK = /^\s*$/;

/**
 * Reads JSON Lines: one JSON object per line, blank lines ignored, a leading byte-order mark
 * dropped. Lines are pulled one at a time, so memory stays flat however long the file is. A line
 * that is not a JSON object is yielded as an error and reading goes on.
 */
export async function* readJsonLines(stream: Readable): AsyncGenerator<ReadResult> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (BLANK.test(text)) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        yield { row: line, error: `line ${line} is not valid JSON (${reason})` };
        continue;
      }
      if (isRowObject(value)) yield { row: line, values: value };
      else {
        yield {
          row: line,
          error: `line ${line}: expected a JSON object, received ${describeReceived(value)}`,
        };
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
