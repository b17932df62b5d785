import { stat } from 'node:fs/promises';
import { InferbenchError } from '../errors.js';
import type { DataSourceContext, RequestSample } from '../spec/data-source.js';
import { resolveColumnMapping, type ColumnMapping } from './column-mapping.js';
import type { DataSourceWithProvenance } from './data-provenance.js';
import { parseFileDataSpec, type FileDataSpec } from './file-spec.js';
import { formatFromPath, type FileFormat } from './files/file-format.js';
import { readRows } from './files/read-rows.js';
import { createRowConverter, type RowConverter } from './row-to-sample.js';

/** Rows `prepare` reads at most to find the first one that makes a sample. */
const PREPARE_SCAN_ROWS = 1000;
/** Rows whose keys together make the columns the mapping is resolved against. */
const COLUMN_SCAN_ROWS = 100;
/** Skip reasons kept for the user to see; the count goes on past them. */
const KEPT_REASONS = 5;

/** What a file source has read so far, over every pass. */
export interface FileDataSourceStats {
  /** Samples handed out. */
  samples: number;
  /** Rows skipped: unreadable, or without a usable prompt. */
  skippedRows: number;
  /** The first reasons rows were skipped, with their row numbers. */
  skipReasons: string[];
}

/** A data source reading a local file; each `samples()` call reads the file from its start. */
export interface FileDataSource extends DataSourceWithProvenance {
  /** The validated spec. */
  readonly spec: FileDataSpec;
  /** The format the file is read as. */
  readonly format: FileFormat;
  /** The columns used, once `prepare` has resolved them. */
  readonly mapping: ColumnMapping | undefined;
  /** What has been read so far. */
  stats(): FileDataSourceStats;
  /** A fresh pass over the file; it closes the previous pass's file if still open. */
  samples(): AsyncIterableIterator<RequestSample>;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

function readError(path: string, error: unknown): InferbenchError {
  if (error instanceof InferbenchError) return error;
  return new InferbenchError(
    'ERR_DATA',
    `data: cannot read ${JSON.stringify(path)} (${reasonOf(error)})`,
    {
      field: 'data',
      cause: error,
    },
  );
}

/**
 * Creates a data source over a JSON, JSONL, CSV, TSV, TXT or Parquet file, gzip or not. `prepare`
 * checks the file, reads its first rows and resolves the column mapping against the columns of
 * the first 100 rows together (JSON rows need not share their keys); a wrong or missing column
 * fails there, naming the columns found. Each `samples()` call then streams the file
 * from its start, in order, with flat memory; the iterator ends with the file. Rows that cannot
 * be read or have no prompt are skipped and counted in {@link FileDataSource.stats}. The order
 * is the file's, so the same file always gives the same requests (no seed is needed).
 *
 * @example
 * ```ts
 * const source = createFileDataSource({ type: 'file', path: 'prompts.jsonl' });
 * await source.prepare({ seed: '42' });
 * for await (const sample of source.samples()) console.log(sample.prompt);
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` when the spec is invalid.
 */
export function createFileDataSource(spec: FileDataSpec): FileDataSource {
  const checked = parseFileDataSpec(spec);
  const path = checked.path;
  const format = checked.format ?? formatFromPath(path)!;
  let mapping: ColumnMapping | undefined;
  let convert: RowConverter | undefined;
  let open: AsyncIterableIterator<RequestSample> | undefined;
  const stats: FileDataSourceStats = { samples: 0, skippedRows: 0, skipReasons: [] };

  function skip(reason: string): void {
    stats.skippedRows++;
    if (stats.skipReasons.length < KEPT_REASONS) stats.skipReasons.push(reason);
  }

  function rows(columns?: readonly string[]) {
    return readRows(path, {
      format,
      ...(checked.field === undefined ? {} : { field: checked.field }),
      ...(checked.delimiter === undefined ? {} : { delimiter: checked.delimiter }),
      ...(columns === undefined ? {} : { columns }),
    });
  }

  async function* pass(
    converter: RowConverter,
    columns: readonly string[],
  ): AsyncGenerator<RequestSample> {
    try {
      for await (const result of rows(format === 'parquet' ? columns : undefined)) {
        if ('error' in result) {
          skip(result.error);
          continue;
        }
        const sample = converter(result.values);
        if ('skip' in sample) skip(`row ${result.row}: ${sample.skip}`);
        else {
          stats.samples++;
          yield sample;
        }
      }
    } catch (error) {
      throw readError(path, error);
    }
  }

  return {
    name: 'file',
    spec: checked,
    format,
    get mapping() {
      return mapping;
    },
    stats: () => ({ ...stats, skipReasons: [...stats.skipReasons] }),
    provenance: () => ({
      kind: 'file',
      name: 'file',
      path,
      format,
      ...(mapping === undefined ? {} : { mapping: { ...mapping } as Record<string, string> }),
      skippedRows: stats.skippedRows,
      skipReasons: [...stats.skipReasons],
    }),
    async prepare(context: DataSourceContext) {
      context.signal?.throwIfAborted();
      try {
        const info = await stat(path);
        if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      } catch (error) {
        throw readError(path, error);
      }
      const reader = rows();
      // JSON rows need not share their keys: the columns are those of the first rows together.
      const columns = new Set<string>();
      const held: Array<{ row: number; values: Record<string, unknown> }> = [];
      let firstProblem: string | undefined;
      const usable = (row: number, values: Record<string, unknown>): boolean => {
        const sample = convert!(values);
        if (!('skip' in sample)) return true;
        firstProblem ??= `row ${row}: ${sample.skip}`;
        return false;
      };
      const resolve = (): void => {
        mapping = resolveColumnMapping([...columns], checked.columnMapper, { path, field: 'data' });
        convert = createRowConverter(mapping);
      };
      try {
        let scanned = 0;
        for await (const result of reader) {
          context.signal?.throwIfAborted();
          if (++scanned > PREPARE_SCAN_ROWS) break;
          if ('error' in result) {
            firstProblem ??= result.error;
          } else if (convert !== undefined) {
            if (usable(result.row, result.values)) return;
          } else {
            for (const key of Object.keys(result.values)) columns.add(key);
            held.push(result);
            if (held.length === COLUMN_SCAN_ROWS) {
              resolve();
              if (held.some(({ row, values }) => usable(row, values))) return;
            }
          }
        }
        if (convert === undefined && held.length > 0) {
          resolve();
          if (held.some(({ row, values }) => usable(row, values))) return;
        }
      } catch (error) {
        throw readError(path, error);
      } finally {
        await reader.return(undefined);
      }
      throw new InferbenchError(
        'ERR_DATA',
        `data: expected rows with a prompt in ${JSON.stringify(path)}, received ${firstProblem === undefined ? 'no rows' : `none usable in the first ${PREPARE_SCAN_ROWS} (first problem: ${firstProblem})`}`,
        { field: 'data' },
      );
    },
    samples() {
      if (convert === undefined || mapping === undefined) {
        throw new InferbenchError(
          'ERR_INTERNAL',
          'file data: samples() was called before prepare()',
        );
      }
      // A pass left open by an earlier benchmark holds a file handle; close it.
      open?.return?.(undefined).catch(() => undefined);
      const columns = Object.values(mapping);
      open = pass(convert, columns);
      return open;
    },
  };
}
