/**
 * Plain-text tables and number cells, for the console summary, `compare` and `inferbench env`.
 * @internal
 * @module
 */

/** What a table shows where a statistic has no value (an empty distribution's `null`). */
export const NO_VALUE = '–';

/** Formats a number for a table with fixed decimals; `null` (no samples) as {@link NO_VALUE}. */
export function formatNumber(value: number | null, decimals = 1): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  return value.toFixed(decimals);
}

/** Lays out rows as a plain text table with right-aligned numeric columns. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
