/**
 * What a file reader yields for each row: the row's values by column, or the reason it could
 * not be read (a malformed line), so that the source can skip and count it. `row` is the row's
 * 1-based position in the file (for line-based formats, its line number).
 */
export type ReadResult =
  { row: number; values: Record<string, unknown> } | { row: number; error: string };

/** True for a JSON object that can serve as a row (not an array, not null). */
export function isRowObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
