import { InferbenchError } from '../errors.js';
import type {
  RequestError,
  RequestRecord,
  RequestStatus,
  TokenCountSource,
} from '../spec/request-record.js';
import {
  FIXED_BYTES_PER_ROW,
  RECORD_NUMBER_COLUMNS,
  REQUEST_STATUSES,
  TOKEN_COUNT_SOURCES,
  allocateColumns,
  codeOf,
  columnList,
  growColumns,
  growTo,
  type Columns,
  type RecordNumberColumn,
} from './record-columns.js';
import { SpillFile, readBack, type RecordSpillOptions } from './record-spill.js';

export type { RecordSpillOptions } from './record-spill.js';
export {
  RECORD_NUMBER_COLUMNS,
  RECORD_STORE_BYTES_PER_ROW,
  RECORD_TIME_COLUMNS,
  REQUEST_STATUSES,
  STATUS_CODES,
  TOKEN_COUNT_SOURCES,
  type RecordNumberColumn,
} from './record-columns.js';

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
  /**
   * Move finished rows to a temporary file in chunks while the benchmark runs, so that memory
   * stays flat however long it runs; {@link RecordStore.seal} reads them back once it is over.
   * Off by default (every row stays in memory).
   */
  spill?: RecordSpillOptions | false;
}

/** A later change to a row that has gone to the spill file, applied when it comes back. */
interface RowPatch {
  outputTokens?: number;
  outputSource?: number;
  tokenCountDiscrepancy?: number;
}

/**
 * The requests of one benchmark, stored by column in typed arrays so that a long run costs a
 * small, constant number of bytes per request (about 121, plus 8 per ITL gap) instead of an
 * object each. Rows are in append (completion) order; `indices()` gives each row's dispatch index.
 *
 * With `spill`, rows leave memory in chunks while the benchmark runs; until {@link
 * RecordStore.seal} brings them back, only the rows still in memory can be read row by row
 * ({@link RecordStore.statusCode} and the like), and the whole-column accessors throw.
 *
 * Accessors that return typed arrays return views of the live columns: read them before the next
 * `append`, which may replace the underlying buffers.
 */
export class RecordStore {
  /** Whether prompt and output text are kept. */
  readonly retainText: boolean;
  #size = 0;
  #capacity: number;
  #cols: Columns;
  #hasTurns = false;
  #itl: Float64Array;
  #itlSize = 0;
  /** Rows and ITL gaps in the spill file: row `r` is at `r − #base` in the columns in memory. */
  #base = 0;
  #itlBase = 0;
  #spill:
    | (Required<Omit<RecordSpillOptions, 'dir' | 'onError'>> &
        Pick<RecordSpillOptions, 'dir' | 'onError'>)
    | undefined;
  #file: SpillFile | undefined;
  #spilledChunks = 0;
  readonly #patches = new Map<number, RowPatch>();
  readonly #errors = new Map<number, RequestError>();
  readonly #text = new Map<number, { prompt?: string; outputText?: string }>();

  /** Creates an empty store. */
  constructor(options: RecordStoreOptions = {}) {
    this.retainText = options.retainText ?? false;
    const spill = options.spill === false ? undefined : options.spill;
    if (spill !== undefined) {
      this.#spill = {
        chunkRows: Math.max(1, Math.floor(spill.chunkRows ?? 16_384)),
        chunkGaps: Math.max(1, Math.floor(spill.chunkGaps ?? 1_048_576)),
        ...(spill.dir === undefined ? {} : { dir: spill.dir }),
        ...(spill.onError === undefined ? {} : { onError: spill.onError }),
      };
    }
    this.#capacity = Math.max(1, Math.floor(options.initialCapacity ?? 1024));
    if (this.#spill !== undefined) this.#capacity = Math.min(this.#capacity, this.#spill.chunkRows);
    this.#cols = allocateColumns(this.#capacity);
    this.#itl = new Float64Array(this.#capacity * 8);
  }

  /** Number of requests stored. */
  get size(): number {
    return this.#size;
  }

  /** Chunks of rows handed to the spill file over the store's life (they stay counted). */
  get spilledChunks(): number {
    return this.#spilledChunks;
  }

  /** Rows now in the spill file rather than in memory (0 once sealed). */
  get spilledRows(): number {
    return this.#base;
  }

  /** Stores one finished request. The record's `itlGapsMs` is copied, so it may be reused. */
  append(record: RequestRecord): void {
    const gaps = record.itlGapsMs;
    const spill = this.#spill;
    if (
      spill !== undefined &&
      this.#size > this.#base &&
      (this.#size - this.#base === spill.chunkRows ||
        this.#itlSize - this.#itlBase + gaps.length > spill.chunkGaps)
    ) {
      this.#spillRows();
    }
    if (this.#size - this.#base === this.#capacity) this.#grow();
    const row = this.#size - this.#base;
    const cols = this.#cols;
    for (const name of RECORD_NUMBER_COLUMNS) cols.numbers[name][row] = record[name];
    cols.index[row] = record.index;
    cols.contentParts[row] = record.contentParts;
    if (record.turnIndex !== undefined) {
      cols.turn[row] = record.turnIndex;
      this.#hasTurns = true;
    }
    cols.status[row] = codeOf(REQUEST_STATUSES, record.status, 'status');
    cols.promptSource[row] = codeOf(TOKEN_COUNT_SOURCES, record.promptTokensSource, 'source');
    cols.outputSource[row] = codeOf(TOKEN_COUNT_SOURCES, record.outputTokensSource, 'source');

    const at = this.#itlSize - this.#itlBase;
    if (at + gaps.length > this.#itl.length) {
      this.#itl = growTo(this.#itl, Math.max(this.#itl.length * 2, at + gaps.length));
    }
    this.#itl.set(gaps, at);
    cols.itlOffset[row] = this.#itlSize;
    cols.itlLength[row] = gaps.length;
    this.#itlSize += gaps.length;

    if (record.error !== undefined) this.#errors.set(this.#size, { ...record.error });
    if (this.retainText && (record.prompt !== undefined || record.outputText !== undefined)) {
      const text: { prompt?: string; outputText?: string } = {};
      if (record.prompt !== undefined) text.prompt = record.prompt;
      if (record.outputText !== undefined) text.outputText = record.outputText;
      this.#text.set(this.#size, text);
    }
    this.#size++;
  }

  /**
   * Replaces row `row`'s output token count and its source: a tokenizer's count arrives after
   * the row, once the text is counted away from the hot path.
   */
  setOutputTokens(row: number, count: number, source: TokenCountSource): void {
    const code = codeOf(TOKEN_COUNT_SOURCES, source, 'source');
    const at = this.#checkRow(row) - this.#base;
    if (at < 0) {
      this.#patch(row).outputTokens = count;
      this.#patch(row).outputSource = code;
      return;
    }
    this.#cols.numbers.outputTokens[at] = count;
    this.#cols.outputSource[at] = code;
  }

  /** Sets row `row`'s server-minus-tokenizer token count discrepancy; `NaN` clears it. */
  setTokenCountDiscrepancy(row: number, value: number): void {
    const at = this.#checkRow(row) - this.#base;
    if (at < 0) this.#patch(row).tokenCountDiscrepancy = value;
    else this.#cols.numbers.tokenCountDiscrepancy[at] = value;
  }

  /** Row `row`'s status code (see {@link STATUS_CODES}); the row must be in memory. */
  statusCode(row: number): number {
    return this.#cols.status[this.#inMemory(row)] as number;
  }

  /** Row `row`'s output token source code; the row must be in memory. */
  outputTokensSourceCode(row: number): number {
    return this.#cols.outputSource[this.#inMemory(row)] as number;
  }

  /** Row `row`'s value of column `name`; the row must be in memory. */
  valueOf(name: RecordNumberColumn, row: number): number {
    return this.#cols.numbers[name][this.#inMemory(row)] as number;
  }

  /**
   * Brings every spilled row back into memory and stops spilling: call it once the benchmark's
   * requests have settled, before reading whole columns. Resolves at once when nothing spilled.
   */
  async seal(): Promise<void> {
    this.#spill = undefined;
    const file = this.#file;
    if (file === undefined) return;
    await file.settle();
    const whole = readBack(file, {
      size: this.#size,
      itlSize: this.#itlSize,
      base: this.#base,
      itlBase: this.#itlBase,
      columns: this.#cols,
      itl: this.#itl,
    });
    file.close();
    this.#file = undefined;
    for (const [row, patch] of this.#patches) {
      if (patch.outputTokens !== undefined)
        whole.columns.numbers.outputTokens[row] = patch.outputTokens;
      if (patch.outputSource !== undefined) whole.columns.outputSource[row] = patch.outputSource;
      if (patch.tokenCountDiscrepancy !== undefined) {
        whole.columns.numbers.tokenCountDiscrepancy[row] = patch.tokenCountDiscrepancy;
      }
    }
    this.#patches.clear();
    this.#cols = whole.columns;
    this.#itl = whole.itl;
    this.#capacity = Math.max(1, this.#size);
    this.#base = 0;
    this.#itlBase = 0;
  }

  /** Drops the spill file without reading it back (a benchmark that failed). */
  dispose(): void {
    this.#spill = undefined;
    this.#file?.discard();
    this.#file = undefined;
  }

  /** A Float64 column (timestamps in ms since run start, token counts); NaN where absent. */
  column(name: RecordNumberColumn): Float64Array {
    return this.#whole().numbers[name].subarray(0, this.#size);
  }

  /** Each row's dispatch index within the benchmark. */
  indices(): Uint32Array {
    return this.#whole().index.subarray(0, this.#size);
  }

  /** Each row's number of content-carrying stream parts. */
  contentParts(): Uint32Array {
    return this.#whole().contentParts.subarray(0, this.#size);
  }

  /**
   * Each row's turn within its conversation (0 for requests outside one), or `undefined` when
   * no row was a conversation's turn.
   */
  turnIndices(): Uint16Array | undefined {
    return this.#hasTurns ? this.#whole().turn.subarray(0, this.#size) : undefined;
  }

  /** Each row's status code: its position in {@link REQUEST_STATUSES}. */
  statusCodes(): Uint8Array {
    return this.#whole().status.subarray(0, this.#size);
  }

  /** Each row's prompt token source code: its position in {@link TOKEN_COUNT_SOURCES}. */
  promptTokensSourceCodes(): Uint8Array {
    return this.#whole().promptSource.subarray(0, this.#size);
  }

  /** Each row's output token source code: its position in {@link TOKEN_COUNT_SOURCES}. */
  outputTokensSourceCodes(): Uint8Array {
    return this.#whole().outputSource.subarray(0, this.#size);
  }

  /** The status of row `row`. */
  status(row: number): RequestStatus {
    return REQUEST_STATUSES[this.statusCode(row)] as RequestStatus;
  }

  /** The ITL gaps (ms) of row `row`, as a view into the pooled gaps. */
  itlGaps(row: number): Float64Array {
    const at = this.#inMemory(row);
    const offset = (this.#cols.itlOffset[at] as number) - this.#itlBase;
    return this.#itl.subarray(offset, offset + (this.#cols.itlLength[at] as number));
  }

  /** Every ITL gap of every row, pooled in row order. */
  allItlGaps(): Float64Array {
    this.#whole();
    return this.#itl.subarray(0, this.#itlSize);
  }

  /** Each row's offset into {@link RecordStore.allItlGaps}. */
  itlOffsets(): Float64Array {
    return this.#whole().itlOffset.subarray(0, this.#size);
  }

  /** Each row's number of ITL gaps. */
  itlLengths(): Uint32Array {
    return this.#whole().itlLength.subarray(0, this.#size);
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
    const at = this.#inMemory(row);
    const cols = this.#cols;
    const n = (name: RecordNumberColumn): number => cols.numbers[name][at] as number;
    const record: RequestRecord = {
      index: cols.index[at] as number,
      status: this.status(row),
      scheduledAt: n('scheduledAt'),
      dispatchedAt: n('dispatchedAt'),
      headersAt: n('headersAt'),
      firstTokenAt: n('firstTokenAt'),
      firstOutputTokenAt: n('firstOutputTokenAt'),
      lastTokenAt: n('lastTokenAt'),
      endedAt: n('endedAt'),
      promptTokens: n('promptTokens'),
      promptTokensSource: TOKEN_COUNT_SOURCES[cols.promptSource[at] as number] as TokenCountSource,
      intendedPromptTokens: n('intendedPromptTokens'),
      outputTokens: n('outputTokens'),
      outputTokensSource: TOKEN_COUNT_SOURCES[cols.outputSource[at] as number] as TokenCountSource,
      tokenCountDiscrepancy: n('tokenCountDiscrepancy'),
      promptTokenDifference: n('promptTokenDifference'),
      contentParts: cols.contentParts[at] as number,
      itlGapsMs: this.itlGaps(row).slice(),
    };
    if (this.#hasTurns) record.turnIndex = cols.turn[at] as number;
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
    this.#whole();
    for (let row = 0; row < this.#size; row++) yield this.get(row);
  }

  /**
   * Estimated bytes held in memory: the allocated columns and ITL pool, chunks being written to
   * the spill file, plus rough costs of kept errors (about 100 bytes plus the message) and text
   * (2 bytes per UTF-16 unit).
   */
  byteLength(): number {
    let bytes = this.#capacity * FIXED_BYTES_PER_ROW + this.#itl.byteLength;
    bytes += this.#file?.heldBytes ?? 0;
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

  /** Row `row`'s position in the columns in memory; throws for a spilled row. */
  #inMemory(row: number): number {
    const at = this.#checkRow(row) - this.#base;
    if (at < 0) {
      throw new InferbenchError(
        'ERR_INTERNAL',
        `RecordStore row ${row} is in the spill file: seal() the store before reading it`,
      );
    }
    return at;
  }

  /** The columns, every row in memory; throws while rows are in the spill file. */
  #whole(): Columns {
    if (this.#base > 0) {
      throw new InferbenchError(
        'ERR_INTERNAL',
        `RecordStore has ${this.#base} rows in the spill file: seal() it before reading whole columns`,
      );
    }
    return this.#cols;
  }

  #patch(row: number): RowPatch {
    let patch = this.#patches.get(row);
    if (patch === undefined) this.#patches.set(row, (patch = {}));
    return patch;
  }

  /** Hands the rows in memory to the spill file and starts afresh; on failure, keeps them. */
  #spillRows(): void {
    const spill = this.#spill!;
    if (this.#file === undefined) {
      try {
        this.#file = SpillFile.open(spill.dir);
      } catch (error) {
        this.#stopSpilling(error);
        return;
      }
    }
    const rows = this.#size - this.#base;
    const gaps = this.#itlSize - this.#itlBase;
    const arrays = columnList(this.#cols).map((column) => column.subarray(0, rows));
    arrays.push(this.#itl.subarray(0, gaps));
    this.#file.append(rows, arrays, (error) => this.#stopSpilling(error));
    this.#spilledChunks++;
    this.#base = this.#size;
    this.#itlBase = this.#itlSize;
    this.#capacity = spill.chunkRows;
    this.#cols = allocateColumns(this.#capacity);
    this.#itl = new Float64Array(Math.min(spill.chunkGaps, this.#capacity * 8));
  }

  #stopSpilling(error: unknown): void {
    const onError = this.#spill?.onError;
    this.#spill = undefined;
    onError?.(error instanceof Error ? error : new Error(String(error)));
  }

  #grow(): void {
    this.#capacity *= 2;
    this.#cols = growColumns(this.#cols, this.#capacity);
  }
}
