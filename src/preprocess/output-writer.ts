import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';

/** The formats `preprocess dataset` writes. */
export type PreprocessOutputFormat = 'jsonl' | 'parquet';

/** One row of a preprocessed dataset, in GuideLLM's column names. */
export interface PreprocessedRow {
  prompt: string;
  prompt_tokens_count: number;
  output_tokens_count?: number;
}

/** The format an output path names: `.jsonl` or `.parquet`; otherwise `undefined`. */
export function outputFormatFromPath(path: string): PreprocessOutputFormat | undefined {
  if (/\.jsonl$/i.test(path)) return 'jsonl';
  if (/\.parquet$/i.test(path)) return 'parquet';
  return undefined;
}

async function writeJsonl(path: string, rows: AsyncIterable<PreprocessedRow>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  try {
    for await (const row of rows) {
      if (!stream.write(`${JSON.stringify(row)}\n`)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
}

/**
 * Writes `rows` to `path` as they come: JSON lines, or Parquet through hyparquet-writer (SNAPPY
 * pages, row groups of 10 000, so memory holds one row group). A failure removes the partial file.
 */
export async function writeRows(
  path: string,
  format: PreprocessOutputFormat,
  rows: AsyncIterable<PreprocessedRow>,
  withOutputTokens: boolean,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    if (format === 'jsonl') {
      await writeJsonl(path, rows);
      return;
    }
    const columns: Array<{ name: string; type: 'STRING' | 'INT32'; nullable: boolean }> = [
      { name: 'prompt', type: 'STRING', nullable: false },
      { name: 'prompt_tokens_count', type: 'INT32', nullable: false },
    ];
    if (withOutputTokens) {
      columns.push({ name: 'output_tokens_count', type: 'INT32', nullable: false });
    }
    // hyparquet-writer ships ESM only: imported on first use, as the reader does, so the
    // CommonJS build never require()s it (Jest and Node before 20.19 cannot).
    const { fileWriter, parquetWriteRows } = await import('hyparquet-writer');
    await parquetWriteRows({ writer: fileWriter(path), rows, columns, rowGroupSize: 10_000 });
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
