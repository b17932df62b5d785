import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';

/** One request of a trace in the Mooncake shape, as read from a row. */
export interface TraceEntry {
  /** Recorded send time in ms (any origin; the replay uses offsets from the earliest). */
  timestampMs: number;
  /** Prompt length in tokens. */
  inputLength: number;
  /** Output length in tokens. */
  outputLength: number;
  /** Ids of the prompt's blocks of `blockSize` tokens; equal ids mean equal text. */
  hashIds?: number[];
}

function traceError(where: string, column: string, expected: string, value: unknown): never {
  throw new InferbenchError(
    'ERR_DATA',
    `data: ${where}, column ${JSON.stringify(column)}: expected ${expected}, received ${describeReceived(value)}`,
    { field: 'data' },
  );
}

/** A number from a JSON number, a Parquet bigint or a CSV string. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

function readInteger(
  values: Record<string, unknown>,
  column: string,
  min: number,
  where: string,
): number {
  const number = toNumber(values[column]);
  if (!Number.isSafeInteger(number) || number < min) {
    traceError(where, column, `an integer >= ${min}`, values[column]);
  }
  return number;
}

/** `hash_ids`: a list of integers, or that list as JSON text (as CSV holds it). */
function readHashIds(value: unknown, where: string): number[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      list = undefined;
    }
  }
  if (!Array.isArray(list)) traceError(where, 'hash_ids', 'a list of integers', value);
  return list.map((id) => {
    const number = toNumber(id);
    if (!Number.isSafeInteger(number)) traceError(where, 'hash_ids', 'a list of integers', value);
    return number;
  });
}

/**
 * Reads one trace row: `timestamp` (ms, a number >= 0), `input_length` (>= 1), `output_length`
 * (>= 1) and optional `hash_ids`, which must cover the prompt: `ceil(input_length / blockSize)`
 * ids, as Mooncake writes them.
 *
 * @throws InferbenchError `ERR_DATA` naming the row, the column, what was expected and received.
 */
export function readTraceEntry(
  values: Record<string, unknown>,
  row: number,
  blockSize: number,
): TraceEntry {
  const where = `trace row ${row}`;
  const timestampMs = toNumber(values['timestamp']);
  if (!Number.isFinite(timestampMs) || timestampMs < 0) {
    traceError(where, 'timestamp', 'a time in ms >= 0', values['timestamp']);
  }
  const entry: TraceEntry = {
    timestampMs,
    inputLength: readInteger(values, 'input_length', 1, where),
    outputLength: readInteger(values, 'output_length', 1, where),
  };
  const raw = values['hash_ids'];
  if (raw !== undefined && raw !== null && raw !== '') {
    const hashIds = readHashIds(raw, where);
    const expected = Math.ceil(entry.inputLength / blockSize);
    if (hashIds.length !== expected) {
      traceError(
        where,
        'hash_ids',
        `${expected} ids (input_length ${entry.inputLength} in blocks of ${blockSize} tokens)`,
        raw,
      );
    }
    entry.hashIds = hashIds;
  }
  return entry;
}
