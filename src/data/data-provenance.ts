import type { DataSource } from '../spec/data-source.js';

/**
 * Where a run's data came from and how it was read, for the report's reproducibility fields.
 * Sources that read rows (files, Hub datasets) add the column mapping they used and the rows
 * they skipped.
 */
export interface DataProvenance {
  /** `synthetic`, `file`, `hub`, or `custom` for a user's DataSource. */
  kind: 'synthetic' | 'file' | 'hub' | 'custom';
  /** The source's name (`synthetic`, `file`, `hub`, or a custom source's own). */
  name: string;
  /** File data: the path as given. */
  path?: string;
  /** File data: the format it was read as. */
  format?: string;
  /** Hub data: the dataset id. */
  dataset?: string;
  /** Hub data: the configuration read. */
  config?: string;
  /** Hub data: the split read. */
  split?: string;
  /** Hub data: the revision the files were read at (`refs/convert/parquet` for the conversion). */
  revision?: string;
  /** Hub data: the commit that revision pointed to. */
  commit?: string;
  /** Hub data: `hub` when files were listed or fetched, `cache` when the cache alone answered. */
  from?: 'hub' | 'cache';
  /** The column each role was read from (`text`, `messages`, `prefix`, token counts). */
  mapping?: Record<string, string>;
  /** Rows skipped: unreadable, or without a usable prompt. */
  skippedRows?: number;
  /** The first reasons rows were skipped, with their row numbers. */
  skipReasons?: string[];
}

/** A data source that can say where its data came from. */
export interface DataSourceWithProvenance extends DataSource {
  /** Where the data came from, as far as known now (call it after the run). */
  provenance(): DataProvenance;
}

/** Whether the source reports its own provenance. */
export function hasProvenance(source: DataSource): source is DataSourceWithProvenance {
  return typeof (source as Partial<DataSourceWithProvenance>).provenance === 'function';
}

/**
 * The provenance of a run's source: a built-in source's own, or `custom` with the name of a
 * user's DataSource (whatever it says of itself is not trusted into the report).
 */
export function provenanceOf(source: DataSource, custom: boolean): DataProvenance {
  if (custom) return { kind: 'custom', name: source.name };
  if (hasProvenance(source)) return source.provenance();
  return { kind: 'synthetic', name: source.name };
}
