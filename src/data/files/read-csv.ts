import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { ReadResult } from './read-result.js';

/**
 * Reads CSV (or TSV, with `delimiter: '\t'`) with csv-parse: the first record names the
 * columns, empty lines are ignored and a byte-order mark is dropped. A record csv-parse cannot
 * read (a wrong number of fields, a broken quote) is yielded as an error and reading goes on.
 * The parser pulls from the stream only as fast as rows are consumed.
 */
export async function* readDelimited(
  stream: Readable,
  delimiter: string,
): AsyncGenerator<ReadResult> {
  const skipped: ReadResult[] = [];
  const parser = parse({
    columns: true,
    bom: true,
    delimiter,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error: CsvError | undefined) => {
      const line = typeof error?.['lines'] === 'number' ? error['lines'] : 0;
      skipped.push({ row: line, error: `line ${line}: ${error?.message ?? 'unreadable record'}` });
      return undefined;
    },
  });
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  try {
    for await (const entry of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      while (skipped.length > 0) yield skipped.shift()!;
      yield { row: entry.info.lines, values: entry.record };
    }
    while (skipped.length > 0) yield skipped.shift()!;
  } finally {
    parser.destroy();
    stream.destroy();
  }
}
