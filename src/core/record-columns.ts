import { InferbenchError } from '../errors.js';
import type { RequestStatus, TokenCountSource } from '../spec/request-record.js';

/**
 * The columns of a `RecordStore`: what each row holds and how the columns are laid out.
 */

/** The request statuses; a status's position is its code in `RecordStore.statusCodes()`. */
export const REQUEST_STATUSES = [
  'successful',
  'errored',
  'incomplete',
] as const satisfies readonly RequestStatus[];

/** Each status's code in `RecordStore.statusCodes()`: its position in {@link REQUEST_STATUSES}. */
export const STATUS_CODES = {
  successful: 0,
  errored: 1,
  incomplete: 2,
} as const satisfies Record<RequestStatus, number>;

/** The token count sources; a source's position is its code in the source columns. */
export const TOKEN_COUNT_SOURCES = [
  'server',
  'tokenizer',
  'data',
  'parts',
  'none',
] as const satisfies readonly TokenCountSource[];

/** The timestamp columns (ms since run start; NaN where the moment never happened). */
export const RECORD_TIME_COLUMNS = [
  'scheduledAt',
  'dispatchedAt',
  'headersAt',
  'firstTokenAt',
  'firstOutputTokenAt',
  'lastTokenAt',
  'endedAt',
] as const;

/** Every Float64 column: the timestamps and the token counts (NaN where absent). */
export const RECORD_NUMBER_COLUMNS = [
  ...RECORD_TIME_COLUMNS,
  'promptTokens',
  'intendedPromptTokens',
  'outputTokens',
  'tokenCountDiscrepancy',
  'promptTokenDifference',
] as const;

/** The name of a Float64 column of a `RecordStore`. */
export type RecordNumberColumn = (typeof RECORD_NUMBER_COLUMNS)[number];

// Fixed bytes per row: 12 Float64 columns, the ITL offset (Float64), the dispatch index, the
// content part count and the ITL length (Uint32 each), the turn index (Uint16), status and two
// token sources (Uint8).
export const FIXED_BYTES_PER_ROW = 12 * 8 + 8 + 3 * 4 + 2 + 3;

/** A typed array whose bytes a spill file holds as they are. */
export type ColumnArray = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** The columns of a run of rows; the ITL pool is apart. */
export interface Columns {
  numbers: Record<RecordNumberColumn, Float64Array>;
  index: Uint32Array;
  contentParts: Uint32Array;
  turn: Uint16Array;
  status: Uint8Array;
  promptSource: Uint8Array;
  outputSource: Uint8Array;
  itlOffset: Float64Array;
  itlLength: Uint32Array;
}

export function allocateColumns(capacity: number): Columns {
  return {
    numbers: Object.fromEntries(
      RECORD_NUMBER_COLUMNS.map((name) => [name, new Float64Array(capacity)]),
    ) as Record<RecordNumberColumn, Float64Array>,
    index: new Uint32Array(capacity),
    contentParts: new Uint32Array(capacity),
    turn: new Uint16Array(capacity),
    status: new Uint8Array(capacity),
    promptSource: new Uint8Array(capacity),
    outputSource: new Uint8Array(capacity),
    itlOffset: new Float64Array(capacity),
    itlLength: new Uint32Array(capacity),
  };
}

/** The columns as a list in one fixed order (the spill file's). */
export function columnList(columns: Columns): ColumnArray[] {
  return [
    ...RECORD_NUMBER_COLUMNS.map((name) => columns.numbers[name]),
    columns.index,
    columns.contentParts,
    columns.turn,
    columns.status,
    columns.promptSource,
    columns.outputSource,
    columns.itlOffset,
    columns.itlLength,
  ];
}

// STATUS_CODES must name each status by its position.
const _codesMatch: {
  [
    S in RequestStatus as (typeof STATUS_CODES)[S]
  ]: (typeof REQUEST_STATUSES)[(typeof STATUS_CODES)[S]];
} = { 0: 'successful', 1: 'errored', 2: 'incomplete' };

/** Bytes a row costs in a `RecordStore` before ITL gaps, errors and text. */
export const RECORD_STORE_BYTES_PER_ROW = FIXED_BYTES_PER_ROW;

/** `columns` with room for `capacity` rows, the rows held kept. */
export function growColumns(columns: Columns, capacity: number): Columns {
  return {
    numbers: Object.fromEntries(
      RECORD_NUMBER_COLUMNS.map((name) => [name, growTo(columns.numbers[name], capacity)]),
    ) as Record<RecordNumberColumn, Float64Array>,
    index: growTo(columns.index, capacity),
    contentParts: growTo(columns.contentParts, capacity),
    turn: growTo(columns.turn, capacity),
    status: growTo(columns.status, capacity),
    promptSource: growTo(columns.promptSource, capacity),
    outputSource: growTo(columns.outputSource, capacity),
    itlOffset: growTo(columns.itlOffset, capacity),
    itlLength: growTo(columns.itlLength, capacity),
  };
}

export function growTo<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
  array: T,
  length: number,
): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}

export function codeOf<T extends string>(names: readonly T[], value: T, what: string): number {
  const code = names.indexOf(value);
  if (code < 0) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `RecordStore expected a request ${what} among ${names.join(', ')}, received ${JSON.stringify(value)}`,
    );
  }
  return code;
}
