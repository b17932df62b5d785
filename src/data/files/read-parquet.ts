import type * as Hyparquet from 'hyparquet';
import type { compressors as hyparquetCompressors } from 'hyparquet-compressors';
import { InferbenchError } from '../../errors.js';
import { isGzipFile, readWholeFile } from './open-file.js';
import type { ReadResult } from './read-result.js';

/** The part of hyparquet's file interface the reader uses. */
interface AsyncBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

// hyparquet ships ESM only; importing it on first use keeps the CommonJS build loadable on
// every Node 20 and keeps Parquet code off the startup path of runs that never read Parquet.
async function loadHyparquet(): Promise<{
  hyparquet: typeof Hyparquet;
  compressors: typeof hyparquetCompressors;
}> {
  const [hyparquet, { compressors }] = await Promise.all([
    import('hyparquet'),
    import('hyparquet-compressors'),
  ]);
  return { hyparquet, compressors };
}

function parquetError(path: string, reason: string, cause?: unknown): InferbenchError {
  return new InferbenchError(
    'ERR_DATA',
    `data: expected ${JSON.stringify(path)} to be a readable Parquet file, ${reason}`,
    { field: 'data', cause },
  );
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function openParquet(path: string, hyparquet: typeof Hyparquet): Promise<AsyncBuffer> {
  // A gzip-wrapped Parquet file has no random access: it is decompressed into memory.
  if (await isGzipFile(path)) {
    const bytes = await readWholeFile(path);
    const buffer = new Uint8Array(bytes).buffer;
    return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
  }
  return hyparquet.asyncBufferFromFile(path);
}

/**
 * Reads a Parquet file with hyparquet, one row group at a time, so memory holds one row group
 * however large the file is. Snappy, gzip, zstd, brotli and LZ4 pages are decompressed by
 * hyparquet-compressors. `columns` limits the columns read (all when absent). Nested columns
 * (a list of message structs) come back as arrays of objects; 64-bit integers as bigints.
 */
export async function* readParquetRows(
  path: string,
  columns?: readonly string[],
): AsyncGenerator<ReadResult> {
  const { hyparquet, compressors } = await loadHyparquet();
  const file = await openParquet(path, hyparquet);
  let metadata;
  try {
    metadata = await hyparquet.parquetMetadataAsync(file);
  } catch (error) {
    throw parquetError(path, `its footer could not be read (${reasonOf(error)})`, error);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await hyparquet.parquetReadObjects({
        file,
        metadata,
        rowStart,
        rowEnd,
        compressors,
        ...(columns === undefined ? {} : { columns: [...columns] }),
      });
    } catch (error) {
      throw parquetError(
        path,
        `rows ${rowStart + 1}-${rowEnd} could not be read (${reasonOf(error)})`,
        error,
      );
    }
    for (let i = 0; i < rows.length; i++) yield { row: rowStart + i + 1, values: rows[i]! };
    rowStart = rowEnd;
  }
}
