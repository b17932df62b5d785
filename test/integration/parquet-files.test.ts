// Parquet written by arrow-rs (parquet-wasm), read by inferbench's reader (hyparquet).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { InferbenchError } from '../../src/errors.js';
import { createDataDir, readAll, rejection, type DataDir } from '../helpers/data-files.js';
import { writeParquet, type ParquetWriteOptions } from '../helpers/write-parquet.js';

let dir: DataDir;
beforeAll(async () => {
  dir = await createDataDir();
});
afterAll(async () => {
  await dir.cleanup();
});

const COUNT = 250;
const prompts = Array.from({ length: COUNT }, (_, i) => `Question ${i}: ${'why '.repeat(i % 7)}?`);
const outputs = Array.from({ length: COUNT }, (_, i) => 16 + (i % 5));

function columns() {
  return {
    id: { type: 'int32' as const, values: prompts.map((_, i) => i) },
    question: { type: 'utf8' as const, values: prompts },
    output_tokens_count: { type: 'int64' as const, values: outputs },
  };
}

/** The codec names of every column chunk, as the file's own footer records them. */
function codecs(bytes: Uint8Array): string[] {
  const buffer = new Uint8Array(bytes).buffer;
  return [
    ...new Set(
      parquetMetadata(buffer).row_groups.flatMap((group) =>
        group.columns.map((column) => column.meta_data?.codec ?? 'none'),
      ),
    ),
  ];
}

describe('Parquet files written by arrow-rs', () => {
  const variants: Array<[string, ParquetWriteOptions, string]> = [
    ['snappy, v1 pages', { compression: 'snappy' }, 'SNAPPY'],
    ['snappy, v2 pages', { compression: 'snappy', pageVersion: 2 }, 'SNAPPY'],
    ['zstd, v2 pages', { compression: 'zstd', pageVersion: 2 }, 'ZSTD'],
    ['gzip, v1 pages', { compression: 'gzip' }, 'GZIP'],
    [
      'uncompressed, no dictionary',
      { compression: 'uncompressed', dictionary: false },
      'UNCOMPRESSED',
    ],
  ];
  for (const [label, options, codec] of variants) {
    it(`reads every row in order (${label}, row groups of 64)`, async () => {
      const bytes = writeParquet(columns(), { ...options, rowGroupSize: 64 });
      expect(codecs(bytes)).toEqual([codec]);
      expect(parquetMetadata(new Uint8Array(bytes).buffer).row_groups).toHaveLength(4);
      const path = await dir.write(`questions-${label.replace(/\W+/g, '-')}.parquet`, bytes);
      const { samples, source } = await readAll({ path });
      expect(source.mapping).toEqual({
        text: 'question',
        outputTokensCount: 'output_tokens_count',
      });
      expect(samples).toHaveLength(COUNT);
      expect(samples.map((sample) => sample.prompt)).toEqual(prompts);
      expect(samples.map((sample) => sample.outputTokens)).toEqual(outputs);
    });
  }

  it('reads chat messages from a list<struct<role, content>> column, and a prefix column', async () => {
    const bytes = writeParquet(
      {
        messages: {
          type: 'messages',
          values: [
            [
              { role: 'user', content: 'First question' },
              { role: 'assistant', content: 'First answer' },
              { role: 'user', content: 'Follow-up' },
            ],
            [{ role: 'user', content: 'Alone' }],
          ],
        },
        system: { type: 'utf8', values: ['You are terse.', null] },
      },
      { compression: 'zstd' },
    );
    const path = await dir.write('chat.parquet', bytes);
    const { samples } = await readAll({ path });
    expect(samples).toEqual([
      // Two user messages: a conversation of two turns; the recorded answer is never sent.
      {
        prompt: 'You are terse. First question',
        prefix: 'You are terse.',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'First question' },
        ],
        turns: [{ content: 'First question' }, { content: 'Follow-up' }],
      },
      { prompt: 'Alone', messages: [{ role: 'user', content: 'Alone' }] },
    ]);
  });

  it('reads a gzip-wrapped Parquet file', async () => {
    const bytes = writeParquet(columns(), { compression: 'snappy' });
    const path = await dir.write('wrapped.parquet.gz', gzipSync(bytes));
    expect((await readAll({ path })).samples.map((sample) => sample.prompt)).toEqual(prompts);
  });

  it('names the columns found when the mapped column is missing', async () => {
    const path = await dir.write(
      'cols.parquet',
      writeParquet(columns(), { compression: 'snappy' }),
    );
    const error = await rejection(readAll({ path, columnMapper: { text_column: 'prompt' } }));
    expect(error.message).toBe(
      `data.columnMapper.text_column: expected a column named "prompt" in ${JSON.stringify(path)}, found columns: id, question, output_tokens_count`,
    );
  });

  it('fails in prepare with ERR_DATA for a file that is not Parquet', async () => {
    const path = await dir.write('fake.parquet', 'PAR1 this is not parquet at all');
    const error = await rejection(readAll({ path }));
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect(error.message).toMatch(
      /fake\.parquet" to be a readable Parquet file, its footer could not be read/,
    );
  });
});
