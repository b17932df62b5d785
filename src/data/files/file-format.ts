/** The file formats a file data source reads. */
export type FileFormat = 'json' | 'jsonl' | 'csv' | 'tsv' | 'txt' | 'parquet';

/** Every {@link FileFormat}, in the order error messages list them. */
export const FILE_FORMATS: readonly FileFormat[] = [
  'jsonl',
  'json',
  'csv',
  'tsv',
  'txt',
  'parquet',
];

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.txt': 'txt',
  '.text': 'txt',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The extensions {@link formatFromPath} knows, for error messages. */
export const KNOWN_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/**
 * The format a file name says, ignoring case and a trailing `.gz` (`prompts.jsonl.gz` is
 * JSONL); `undefined` for an extension it does not know. Whether the bytes are gzip is
 * decided by their magic number, not by the name.
 */
export function formatFromPath(path: string): FileFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  if (dot < 0 || name.lastIndexOf('/') > dot) return undefined;
  return BY_EXTENSION[name.slice(dot)];
}

/** True when `text` is one of the {@link FileFormat} names. */
export function isFileFormat(text: string): text is FileFormat {
  return (FILE_FORMATS as readonly string[]).includes(text);
}
