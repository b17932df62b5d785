// Writes Parquet files with parquet-wasm, which is arrow-rs (the Rust Parquet writer) compiled to
// WebAssembly: a different implementation from the reader under test (hyparquet).
import {
  Field,
  Int32,
  Int64,
  List,
  Struct,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import * as parquet from 'parquet-wasm';

/** A column to write: its Arrow type and its values (null for a missing value). */
export interface ParquetColumn {
  type: 'utf8' | 'int32' | 'int64' | 'messages';
  values: readonly unknown[];
}

/** How arrow-rs writes the file. */
export interface ParquetWriteOptions {
  compression: 'uncompressed' | 'snappy' | 'gzip' | 'zstd';
  /** Data page format version (V2 pages keep levels uncompressed). */
  pageVersion?: 1 | 2;
  /** Rows per row group, to make files with several. */
  rowGroupSize?: number;
  dictionary?: boolean;
}

const MESSAGE = new Struct([
  new Field('role', new Utf8(), false),
  new Field('content', new Utf8(), false),
]);

function arrowType(type: ParquetColumn['type']): DataType {
  switch (type) {
    case 'utf8':
      return new Utf8();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'messages':
      return new List(new Field('item', MESSAGE, true));
  }
}

const COMPRESSION = {
  uncompressed: parquet.Compression.UNCOMPRESSED,
  snappy: parquet.Compression.SNAPPY,
  gzip: parquet.Compression.GZIP,
  zstd: parquet.Compression.ZSTD,
} as const;

/** The bytes of a Parquet file holding `columns`, written by arrow-rs. */
export function writeParquet(
  columns: Record<string, ParquetColumn>,
  options: ParquetWriteOptions,
): Uint8Array {
  const vectors = Object.fromEntries(
    Object.entries(columns).map(([name, column]) => {
      const values =
        column.type === 'int64'
          ? column.values.map((value) => (value === null ? null : BigInt(value as number)))
          : column.values;
      return [name, vectorFromArray(values as unknown[], arrowType(column.type))];
    }),
  );
  const table = new Table(vectors);
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(COMPRESSION[options.compression])
    .setWriterVersion(
      options.pageVersion === 2 ? parquet.WriterVersion.V2 : parquet.WriterVersion.V1,
    )
    .setDictionaryEnabled(options.dictionary ?? true);
  if (options.rowGroupSize !== undefined)
    builder = builder.setMaxRowGroupSize(options.rowGroupSize);
  return parquet.writeParquet(
    parquet.Table.fromIPCStream(tableToIPC(table, 'stream')),
    builder.build(),
  );
}
