import { InferbenchError } from '../errors.js';
import type {
  RequestError,
  RequestRecord,
  RequestStatus,
  TokenCountSource,
} from '../spec/request-record.js';

/** The request statuses; a status's position is its code in {@link RecordStore.statusCodes}. */
export const REQUEST_STATUSES = [
  'successful',
  'errored',
  'incomplete',
] as const satisfies readonly RequestStatus[];

/** Each status's code in {@link RecordStore.statusCodes}: its position in {@link REQUEST_STATUSES}. */
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

/** The name of a Float64 column of a {@link RecordStore}. */
export type RecordNumberColumn = (typeof RECORD_NUMBER_COLUMNS)[number];

/** Options of a {@link RecordStore}. */
export interface RecordStoreOptions {
  /**
   * Keep each request's prompt and output text. Off by default: text is by far the largest part
   * of a record and is rarely needed.
   * @default false
   */
  retainText?: boolean;
  /**
   * Rows allocated up front; the store doubles its columns when they fill.
   * @default 1024
   */
  initialCapacity?: number;
}

// Fixed bytes per row: 12 Float64 columns, the ITL offset (Float64), the dispatch index, the
// content part count and the ITL length (Uint32 each), the turn index (Uint16), status and two
// token sources (Uint8).
const FIXED_BYTES_PER_ROW = 12 * 8 + 8 + 3 * 4 + 2 + 3;

/**
 * The requests of one benchmark, stored by column in typed arrays so that a long run costs a
 * small, constant number of bytes per request (about 121, plus 8 per ITL gap) instead of an
 * object each. Rows are in append (completion) order; `indices()` gives each row's dispatch index.
 *
 * Accessors that return typed arrays return views of the live columns: read them before the next
 * `append`, which may replace the underlying buffers.
 */
export class RecordStore {
  /** Whether prompt and output text are kept. */
  readonly retainText: boolean;
  #size = 0;
  #capacity: number;
  #numbers: Record<RecordNumberColumn, Float64Array>;
  #index: Uint32Array;
  #contentParts: Uint32Array;
  #turn: Uint16Array;
  #hasTurns = false;
  #status: Uint8Array;
  #promptSource: Uint8Array;
  #outputSource: Uint8Array;
  #itlOffset: Float64Array;
  #itlLength: Uint32Array;
  #itl: Float64Array;
  #itlSize = 0;
  readonly #errors = new Map<number, RequestError>();
  readonly #text = new Map<number, { prompt?: string; outputText?: string }>();

  /** Creates an empty store. */
  constructor(options: RecordStoreOptions = {}) {
    this.retainText = options.retainText ?? false;
    this.#capacity = Math.max(1, Math.floor(options.initialCapacity ?? 1024));
    const c = this.#capacity;
    this.#numbers = Object.fromEntries(
      RECORD_NUMBER_COLUMNS.map((name) => [name, new Float64Array(c)]),
    ) as Record<RecordNumberColumn, Float64Array>;
    this.#index = new Uint32Array(c);
    this.#contentParts = new Uint32Array(c);
    this.#turn = new Uint16Array(c);
    this.#status = new Uint8Array(c);
    this.#promptSource = new Uint8Array(c);
    this.#outputSource = new Uint8Array(c);
    this.#itlOffset = new Float64Array(c);
    this.#itlLength = new Uint32Array(c);
    this.#itl = new Float64Array(c * 8);
  }

  /** Number of requests stored. */
  get size(): number {
    return this.#size;
  }

  /** Stores one finished request. The record's `itlGapsMs` is copied, so it may be reused. */
  append(record: RequestRecord): void {
    if (this.#size === this.#capacity) this.#grow();
    const row = this.#size;
    for (const name of RECORD_NUMBER_COLUMNS) this.#numbers[name][row] = record[name];
    this.#index[row] = record.index;
    this.#contentParts[row] = record.contentParts;
    if (record.turnIndex !== undefined) {
      this.#turn[row] = record.turnIndex;
      this.#hasTurns = true;
    }
    this.#status[row] = codeOf(REQUEST_STATUSES, record.status, 'status');
    this.#promptSource[row] = codeOf(TOKEN_COUNT_SOURCES, record.promptTokensSource, 'source');
    this.#outputSource[row] = codeOf(TOKEN_COUNT_SOURCES, record.outputTokensSource, 'source');

    const gaps = record.itlGapsMs;
    if (this.#itlSize + gaps.length > this.#itl.length) {
      this.#itl = growTo(this.#itl, Math.max(this.#itl.length * 2, this.#itlSize + gaps.length));
    }
    this.#itl.set(gaps, this.#itlSize);
    this.#itlOffset[row] = this.#itlSize;
    this.#itlLength[row] = gaps.length;
    this.#itlSize += gaps.length;

    if (record.error !== undefined) this.#errors.set(row, { ...record.error });
    if (this.retainText && (record.prompt !== undefined || record.outputText !== undefined)) {
      const text: { prompt?: string; outputText?: string } = {};
      if (record.prompt !== undefined) text.prompt = record.prompt;
      if (record.outputText !== undefined) text.outputText = record.outputText;
      this.#text.set(row, text);
    }
    this.#size++;
  }

  /**
   * Replaces row `row`'s output token count and its source: a tokenizer's count arrives after
   * the row, once the text is counted away from the hot path.
   */
  setOutputTokens(row: number, count: number, source: TokenCountSource): void {
    this.#numbers.outputTokens[this.#checkRow(row)] = count;
    this.#outputSource[row] = codeOf(TOKEN_COUNT_SOURCES, source, 'source');
  }

  /** Sets row `row`'s server-minus-tokenizer token count discrepancy; `NaN` clears it. */
  setTokenCountDiscrepancy(row: number, value: number): void {
    this.#numbers.tokenCountDiscrepancy[this.#checkRow(row)] = value;
  }

  /** A Float64 column (timestamps in ms since run start, token counts); NaN where absent. */
  column(name: RecordNumberColumn): Float64Array {
    return this.#numbers[name].subarray(0, this.#size);
  }

  /** Each row's dispatch index within the benchmark. */
  indices(): Uint32Array {
    return this.#index.subarray(0, this.#size);
  }

  /** Each row's number of content-carrying stream parts. */
  contentParts(): Uint32Array {
    return this.#contentParts.subarray(0, this.#size);
  }

  /**
   * Each row's turn within its conversation (0 for requests outside one), or `undefined` when
   * no row was a conversation's turn.
   */
  turnIndices(): Uint16Array | undefined {
    return this.#hasTurns ? this.#turn.subarray(0, this.#size) : undefined;
  }

  /** Each row's status code: its position in {@link REQUEST_STATUSES}. */
  statusCodes(): Uint8Array {
    return this.#status.subarray(0, this.#size);
  }

  /** Each row's prompt token source code: its position in {@link TOKEN_COUNT_SOURCES}. */
  promptTokensSourceCodes(): Uint8Array {
    return this.#promptSource.subarray(0, this.#size);
  }

  /** Each row's output token source code: its position in {@link TOKEN_COUNT_SOURCES}. */
  outputTokensSourceCodes(): Uint8Array {
    return this.#outputSource.subarray(0, this.#size);
  }

  /** The status of row `row`. */
  status(row: number): RequestStatus {
    return REQUEST_STATUSES[this.#status[this.#checkRow(row)] as number] as RequestStatus;
  }

  /** The ITL gaps (ms) of row `row`, as a view into the pooled gaps. */
  itlGaps(row: number): Float64Array {
    const offset = this.#itlOffset[this.#checkRow(row)] as number;
    return this.#itl.subarray(offset, offset + (this.#itlLength[row] as number));
  }

  /** Every ITL gap of every row, pooled in row order. */
  allItlGaps(): Float64Array {
    return this.#itl.subarray(0, this.#itlSize);
  }

  /** Each row's offset into {@link RecordStore.allItlGaps}. */
  itlOffsets(): Float64Array {
    return this.#itlOffset.subarray(0, this.#size);
  }

  /** Each row's number of ITL gaps. */
  itlLengths(): Uint32Array {
    return this.#itlLength.subarray(0, this.#size);
  }

  /** The error of row `row`, if it has one. */
  error(row: number): RequestError | undefined {
    return this.#errors.get(row);
  }

  /** The errors by row (only rows that have one). */
  errors(): ReadonlyMap<number, RequestError> {
    return this.#errors;
  }

  /** Row `row` as a {@link RequestRecord} (a fresh object; its ITL gaps are a copy). */
  get(row: number): RequestRecord {
    this.#checkRow(row);
    const n = (name: RecordNumberColumn): number => this.#numbers[name][row] as number;
    const record: RequestRecord = {
      index: this.#index[row] as number,
      status: this.status(row),
      scheduledAt: n('scheduledAt'),
      dispatchedAt: n('dispatchedAt'),
      headersAt: n('headersAt'),
      firstTokenAt: n('firstTokenAt'),
      firstOutputTokenAt: n('firstOutputTokenAt'),
      lastTokenAt: n('lastTokenAt'),
      endedAt: n('endedAt'),
      promptTokens: n('promptTokens'),
      promptTokensSource: TOKEN_COUNT_SOURCES[
        this.#promptSource[row] as number
      ] as TokenCountSource,
      intendedPromptTokens: n('intendedPromptTokens'),
      outputTokens: n('outputTokens'),
      outputTokensSource: TOKEN_COUNT_SOURCES[
        this.#outputSource[row] as number
      ] as TokenCountSource,
      tokenCountDiscrepancy: n('tokenCountDiscrepancy'),
      promptTokenDifference: n('promptTokenDifference'),
      contentParts: this.#contentParts[row] as number,
      itlGapsMs: this.itlGaps(row).slice(),
    };
    if (this.#hasTurns) record.turnIndex = this.#turn[row] as number;
    const error = this.#errors.get(row);
    if (error !== undefined) record.error = { ...error };
    const text = this.#text.get(row);
    if (text?.prompt !== undefined) record.prompt = text.prompt;
    if (text?.outputText !== undefined) record.outputText = text.outputText;
    return record;
  }

  /** Every row as a {@link RequestRecord}, in append order. */
  toRecords(): RequestRecord[] {
    return Array.from(this);
  }

  /** Iterates the rows as {@link RequestRecord}s, in append order. */
  *[Symbol.iterator](): IterableIterator<RequestRecord> {
    for (let row = 0; row < this.#size; row++) yield this.get(row);
  }

  /**
   * Estimated bytes held: the allocated columns and ITL pool, plus rough costs of kept errors
   * (about 100 bytes plus the message) and text (2 bytes per UTF-16 unit).
   */
  byteLength(): number {
    let bytes = this.#capacity * FIXED_BYTES_PER_ROW + this.#itl.byteLength;
    for (const error of this.#errors.values()) bytes += 100 + 2 * error.message.length;
    for (const text of this.#text.values()) {
      bytes += 64 + 2 * ((text.prompt?.length ?? 0) + (text.outputText?.length ?? 0));
    }
    return bytes;
  }

  #checkRow(row: number): number {
    if (!Number.isInteger(row) || row < 0 || row >= this.#size) {
      throw new RangeError(
        `RecordStore row must be an integer in [0, ${this.#size}), received ${row}`,
      );
    }
    return row;
  }

  #grow(): void {
    const c = this.#capacity * 2;
    for (const name of RECORD_NUMBER_COLUMNS) this.#numbers[name] = growTo(this.#numbers[name], c);
    this.#index = growTo(this.#index, c);
    this.#contentParts = growTo(this.#contentParts, c);
    this.#turn = growTo(this.#turn, c);
    this.#status = growTo(this.#status, c);
    this.#promptSource = growTo(this.#promptSource, c);
    this.#outputSource = growTo(this.#outputSource, c);
    this.#itlOffset = growTo(this.#itlOffset, c);
    this.#itlLength = growTo(this.#itlLength, c);
    this.#capacity = c;
  }
}

// STATUS_CODES must name each status by its position.
const _codesMatch: {
  [
    S in RequestStatus as (typeof STATUS_CODES)[S]
  ]: (typeof REQUEST_STATUSES)[(typeof STATUS_CODES)[S]];
} = { 0: 'successful', 1: 'errored', 2: 'incomplete' };

/** Bytes a row costs in a {@link RecordStore} before ITL gaps, errors and text. */
export const RECORD_STORE_BYTES_PER_ROW = FIXED_BYTES_PER_ROW;

function growTo<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
  array: T,
  length: number,
): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}

function codeOf<T extends string>(names: readonly T[], value: T, what: string): number {
  const code = names.indexOf(value);
  if (code < 0) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `RecordStore expected a request ${what} among ${names.join(', ')}, received ${JSON.stringify(value)}`,
    );
  }
  return code;
}
