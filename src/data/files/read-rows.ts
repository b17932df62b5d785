import type { FileFormat } from './file-format.js';
import { openByteStream } from './open-file.js';
import { readDelimited } from './read-csv.js';
import { readJsonDocument, sniffJsonLayout } from './read-json.js';
import { readJsonLines } from './read-jsonl.js';
import { readParquetRows } from './read-parquet.js';
import type { ReadResult } from './read-result.js';
import { readTextLines } from './read-text.js';

/** How to read one file: its format and the format's options. */
export interface ReadRowsOptions {
  format: FileFormat;
  /** JSON: the top-level key holding the rows array. */
  field?: string;
  /** CSV: the field delimiter (TSV is always a tab). */
  delimiter?: string;
  /** Parquet: the columns to read (all when absent). */
  columns?: readonly string[];
}

/**
 * Streams the rows of a data file in order, gzip or not, with the reader of its format. Each
 * call opens the file afresh; closing the generator early (`return()`) closes the file.
 */
export async function* readRows(
  path: string,
  options: ReadRowsOptions,
): AsyncGenerator<ReadResult> {
  switch (options.format) {
    case 'jsonl':
      yield* readJsonLines(await openByteStream(path));
      return;
    case 'txt':
      yield* readTextLines(await openByteStream(path));
      return;
    case 'csv':
      yield* readDelimited(await openByteStream(path), options.delimiter ?? ',');
      return;
    case 'tsv':
      yield* readDelimited(await openByteStream(path), '\t');
      return;
    case 'parquet':
      yield* readParquetRows(path, options.columns);
      return;
    case 'json': {
      const layout = await sniffJsonLayout(await openByteStream(path), path);
      const stream = await openByteStream(path);
      if (layout === 'lines') yield* readJsonLines(stream);
      else yield* readJsonDocument(stream, layout, path, options.field);
      return;
    }
  }
}
