import {
  close,
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmdirSync,
  unlinkSync,
  write,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { allocateColumns, columnList, type ColumnArray, type Columns } from './record-columns.js';

/** Where and when a `RecordStore` moves finished rows out of memory. */
export interface RecordSpillOptions {
  /**
   * Rows held in memory before they go to the spill file together.
   * @default 16384
   */
  chunkRows?: number;
  /**
   * ITL gaps held in memory before the rows holding them go to the spill file.
   * @default 1048576
   */
  chunkGaps?: number;
  /** Folder of the spill file. @default the system's temporary folder (`TMPDIR`) */
  dir?: string;
  /**
   * Called once when spilling fails (no temporary folder, a full disk): the rows then stay in
   * memory, and nothing is lost.
   */
  onError?: (error: Error) => void;
}

/** One chunk of rows written to a spill file: its arrays (in a fixed order) and where they lie. */
interface SpilledChunk {
  /** Rows in the chunk. */
  rows: number;
  /** Byte position of each array in the file, in order. */
  positions: number[];
  /** Bytes of each array, in order. */
  lengths: number[];
  /** The arrays, held until written, and kept for good if the write failed. */
  arrays: ColumnArray[] | undefined;
}

/**
 * An append-only temporary file of record columns, so that a long benchmark's finished rows
 * leave memory: each chunk's arrays are written asynchronously (on libuv's thread pool, never
 * blocking the event loop) at positions fixed when the chunk is handed over, and read back
 * synchronously once the benchmark is over. The file is unlinked as soon as it is opened where
 * the system allows it, so nothing is left behind even if the process dies; it is closed by
 * {@link SpillFile.close}. A failed write keeps that chunk's arrays in memory instead, so no
 * row is ever lost to a full disk.
 */
export class SpillFile {
  readonly #fd: number;
  readonly #leftover: { file: string; dir: string } | undefined;
  readonly #chunks: SpilledChunk[] = [];
  #end = 0;
  #pending = 0;
  #idle: (() => void) | undefined;
  #error: Error | undefined;
  #closed = false;

  private constructor(fd: number, leftover: { file: string; dir: string } | undefined) {
    this.#fd = fd;
    this.#leftover = leftover;
  }

  /** Opens a new spill file in a fresh folder under `dir` (the system's temporary folder). */
  static open(dir: string = tmpdir()): SpillFile {
    const folder = mkdtempSync(join(dir, 'inferbench-records-'));
    const file = join(folder, 'records.bin');
    const fd = openSync(file, 'w+', 0o600);
    try {
      unlinkSync(file);
      rmdirSync(folder);
      return new SpillFile(fd, undefined);
    } catch {
      // Where an open file cannot be unlinked (Windows), it is removed on close.
      return new SpillFile(fd, { file, dir: folder });
    }
  }

  /** Chunks handed over so far. */
  get chunkCount(): number {
    return this.#chunks.length;
  }

  /** The first write error, if a write failed (its chunk stayed in memory). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Bytes of chunks held in memory: those being written and those whose write failed. */
  get heldBytes(): number {
    let bytes = 0;
    for (const chunk of this.#chunks) {
      if (chunk.arrays !== undefined) for (const array of chunk.arrays) bytes += array.byteLength;
    }
    return bytes;
  }

  /**
   * Hands over one chunk of `rows` rows: `arrays`, each holding that chunk's values of one
   * column (or more), must not be changed afterwards. `onError` is called once per failed write.
   */
  append(rows: number, arrays: ColumnArray[], onError: (error: Error) => void): void {
    const chunk: SpilledChunk = { rows, positions: [], lengths: [], arrays };
    for (const array of arrays) {
      chunk.positions.push(this.#end);
      chunk.lengths.push(array.byteLength);
      this.#end += array.byteLength;
    }
    this.#chunks.push(chunk);
    let left = arrays.length;
    let failed = false;
    const done = (error: Error | null): void => {
      if (error !== null && !failed) {
        failed = true;
        this.#error ??= error;
        onError(error);
      }
      if (--left > 0) return;
      // Written: the file holds the chunk now. Failed: the chunk stays in memory.
      if (!failed) chunk.arrays = undefined;
      if (--this.#pending === 0) this.#idle?.();
    };
    this.#pending++;
    arrays.forEach((array, i) => {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      writeAll(this.#fd, bytes, chunk.positions[i]!, done);
    });
  }

  /** Resolves once every chunk handed over is written (or has failed and stayed in memory). */
  async settle(): Promise<void> {
    while (this.#pending > 0) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
      this.#idle = undefined;
    }
  }

  /**
   * Copies chunk `chunk`'s array `which` into `target` from element `at`: from memory when the
   * chunk was not written, else read from the file. Call after {@link SpillFile.settle}.
   */
  readInto(chunk: number, which: number, target: ColumnArray, at: number): void {
    const spilled = this.#chunks[chunk]!;
    const length = spilled.lengths[which]!;
    const into = new Uint8Array(
      target.buffer,
      target.byteOffset + at * target.BYTES_PER_ELEMENT,
      length,
    );
    const held = spilled.arrays?.[which];
    if (held !== undefined) {
      into.set(new Uint8Array(held.buffer, held.byteOffset, held.byteLength));
      return;
    }
    let read = 0;
    while (read < length) {
      const n = readSync(this.#fd, into, read, length - read, spilled.positions[which]! + read);
      if (n === 0) throw new Error(`spill file ended ${length - read} bytes early`);
      read += n;
    }
  }

  /** The rows of chunk `chunk`. */
  rowsOf(chunk: number): number {
    return this.#chunks[chunk]!.rows;
  }

  /** Closes (and where needed removes) the file. Call after {@link SpillFile.settle}. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    if (this.#leftover !== undefined) {
      try {
        unlinkSync(this.#leftover.file);
        rmdirSync(this.#leftover.dir);
      } catch {
        // Best effort: the system's temporary folder is cleaned by the system.
      }
    }
  }

  /** Closes the file without waiting for writes in progress (a benchmark that threw). */
  discard(): void {
    if (this.#closed) return;
    if (this.#pending === 0) {
      this.close();
      return;
    }
    this.#closed = true;
    this.#idle = () => {
      close(this.#fd, () => undefined);
      if (this.#leftover !== undefined) {
        try {
          unlinkSync(this.#leftover.file);
          rmdirSync(this.#leftover.dir);
        } catch {
          // Best effort, as in close().
        }
      }
    };
  }
}

/** Writes all of `bytes` at `position`, continuing after short writes. */
function writeAll(
  fd: number,
  bytes: Uint8Array,
  position: number,
  done: (error: Error | null) => void,
): void {
  if (bytes.byteLength === 0) {
    queueMicrotask(() => done(null));
    return;
  }
  write(fd, bytes, 0, bytes.byteLength, position, (error, written) => {
    if (error !== null) done(error);
    else if (written < bytes.byteLength)
      writeAll(fd, bytes.subarray(written), position + written, done);
    else done(null);
  });
}

/** What {@link readBack} needs of a store: its sizes and the rows still in memory. */
export interface InMemoryRows {
  size: number;
  itlSize: number;
  /** Rows and ITL gaps in the file; the ones after are in `columns` and `itl`. */
  base: number;
  itlBase: number;
  columns: Columns;
  itl: Float64Array;
}

/**
 * Every row of a store whose first `base` rows are in `file` (settled), in new columns of
 * exactly `size` rows and an ITL pool of exactly `itlSize` gaps.
 */
export function readBack(
  file: SpillFile,
  rows: InMemoryRows,
): { columns: Columns; itl: Float64Array } {
  const columns = allocateColumns(Math.max(1, rows.size));
  const itl = new Float64Array(Math.max(1, rows.itlSize));
  const targets = columnList(columns);
  let row = 0;
  let gap = 0;
  for (let chunk = 0; chunk < file.chunkCount; chunk++) {
    targets.forEach((target, which) => file.readInto(chunk, which, target, row));
    file.readInto(chunk, targets.length, itl, gap);
    row += file.rowsOf(chunk);
    gap = (columns.itlOffset[row - 1] as number) + (columns.itlLength[row - 1] as number);
  }
  const held = rows.size - rows.base;
  columnList(rows.columns).forEach((source, which) =>
    targets[which]!.set(source.subarray(0, held), rows.base),
  );
  itl.set(rows.itl.subarray(0, rows.itlSize - rows.itlBase), rows.itlBase);
  return { columns, itl };
}
