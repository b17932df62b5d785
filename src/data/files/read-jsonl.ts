import type { Readable } from 'node:stream';
import { describeReceived } from '../../internal/messages.js';
import { readNonBlankLines } from './read-lines.js';
import { isRowObject, type ReadResult } from './read-result.js';

/**
 * Reads JSON Lines: one JSON object per line, blank lines ignored, a leading byte-order mark
 * dropped, with flat memory however long the file is. A line that is not a JSON object is
 * yielded as an error and reading goes on.
 */
export async function* readJsonLines(stream: Readable): AsyncGenerator<ReadResult> {
  for await (const { line, text } of readNonBlankLines(stream)) {
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
}
