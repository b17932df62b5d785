/**
 * Plain-text tables and number cells, for the console summary, `compare` and `inferbench env`.
 * @internal
 * @module
 */

/** Formats a number for a table: fixed decimals, thousands kept readable. */
export function formatNumber(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return '-';
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
