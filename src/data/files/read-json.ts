import type { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { InferbenchError } from '../../errors.js';
import { isRowObject, type ReadResult } from './read-result.js';

/** How a `.json` file holds its rows. */
export type JsonLayout = 'array' | 'object' | 'lines';

/** How much of a `.json` file is read to tell its layout. */
const SNIFF_BYTES = 1024 * 1024;

/**
 * Tells how a `.json` file holds its rows from its first megabyte: a top-level array, an
 * object holding an array, or JSON Lines under a `.json` name (a first line that is a whole
 * object followed by another line starting with `{`), which the Hugging Face `json` loader
 * GuideLLM uses also accepts. Destroys the stream.
 */
export async function sniffJsonLayout(stream: Readable, path: string): Promise<JsonLayout> {
  let head = '';
  try {
    for await (const chunk of stream) {
      head += String(chunk);
      if (head.length >= SNIFF_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const text = head.replace(/^\uFEFF/, '');
  const start = text.search(/\S/);
  if (start >= 0 && text[start] === '[') return 'array';
  if (start < 0 || text[start] !== '{') {
    throw new InferbenchError(
      'ERR_DATA',
      `data: expected ${JSON.stringify(path)} to hold a JSON array or an object holding one, received ${start < 0 ? 'an empty file' : `text starting with ${JSON.stringify(text.slice(start, start + 20))}`}`,
      { field: 'data' },
    );
  }
  const newline = text.indexOf('\n', start);
  if (newline >= 0 && /^\s*\{/.test(text.slice(newline))) {
    try {
      JSON.parse(text.slice(start, newline));
      return 'lines';
    } catch {
      // The first line is part of a larger document.
    }
  }
  return 'object';
}

function jsonError(path: string, reason: string, cause?: unknown): InferbenchError {
  return new InferbenchError('ERR_DATA', `data: ${JSON.stringify(path)}: ${reason}`, {
    field: 'data',
    cause,
  });
}

/** A row from an array element: objects as they are, a string as a one-prompt row. */
function toResult(value: unknown, row: number): ReadResult {
  if (isRowObject(value)) return { row, values: value };
  if (typeof value === 'string') return { row, values: { text: value } };
  return {
    row,
    error: `element ${row}: expected an object or a string, received ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}`,
  };
}

/**
 * Streams the rows of a JSON document with @streamparser/json, holding one element at a time:
 * the elements of a top-level array, or of the array under `field` in a top-level object
 * (without `field`, the first top-level key whose array holds objects). A string element is a
 * one-prompt row (column `text`). Malformed JSON throws `ERR_DATA`; so does an object with no
 * such array.
 */
export async function* readJsonDocument(
  stream: Readable,
  layout: 'array' | 'object',
  path: string,
  field?: string,
): AsyncGenerator<ReadResult> {
  const paths = layout === 'array' ? ['$.*'] : field === undefined ? ['$.*.*'] : [`$.${field}.*`];
  const parser = new JSONParser({ paths, keepStack: false });
  const queue: ReadResult[] = [];
  let rowsKey: string | undefined = field;
  let count = 0;
  let failure: Error | undefined;
  parser.onValue = ({ value, key, parent, stack }) => {
    if (layout === 'object') {
      // `$.*.*` also matches members of nested objects; rows live in arrays only.
      if (!Array.isArray(parent) || typeof key !== 'number') return;
      const topKey = stack[1]?.key;
      if (typeof topKey !== 'string') return;
      if (rowsKey === undefined) {
        if (!isRowObject(value)) return;
        rowsKey = topKey;
      } else if (topKey !== rowsKey) return;
    }
    queue.push(toResult(value, ++count));
  };
  parser.onError = (error) => {
    failure ??= error;
  };
  try {
    for await (const chunk of stream) {
      parser.write(chunk as Uint8Array);
      if (failure !== undefined)
        throw jsonError(path, `not valid JSON (${failure.message})`, failure);
      while (queue.length > 0) yield queue.shift()!;
    }
    if (!parser.isEnded) parser.end();
    if (failure !== undefined)
      throw jsonError(path, `not valid JSON (${failure.message})`, failure);
    while (queue.length > 0) yield queue.shift()!;
    if (layout === 'object' && count === 0) {
      throw jsonError(
        path,
        field === undefined
          ? 'expected an object holding an array of rows, found none (set "field" to the key that holds them)'
          : `expected an array of rows under ${JSON.stringify(field)}, found none`,
      );
    }
  } finally {
    stream.destroy();
  }
}
