import { parse } from 'csv-parse/sync';

/** The rows of CSV text, read by csv-parse (RFC 4180), to check what the writer quoted. */
export function readCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}
