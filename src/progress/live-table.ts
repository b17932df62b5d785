import { NO_VALUE, formatNumber } from '../internal/text-table.js';

/** A benchmark's status in the live table. */
export type BenchmarkRowStatus = 'pending' | 'warmup' | 'running' | 'cooldown' | 'done';

/** One benchmark's row of the live table; `null` is a value not measured yet. */
export interface LiveRow {
  label: string;
  status: BenchmarkRowStatus;
  elapsedMs: number;
  remainingMs: number | undefined;
  /** Fraction of the benchmark done, for the overall bar. */
  fraction: number;
  requestsPerSecond: number | null;
  outputTokensPerSecond: number | null;
  inFlight: number | null;
  ttftMsP50: number | null;
  itlMsP50: number | null;
  successful: number;
  errored: number;
  incomplete: number;
}

/** A row of a benchmark that has not started. */
export function pendingRow(label: string): LiveRow {
  return {
    label,
    status: 'pending',
    elapsedMs: 0,
    remainingMs: undefined,
    fraction: 0,
    requestsPerSecond: null,
    outputTokensPerSecond: null,
    inFlight: null,
    ttftMsP50: null,
    itlMsP50: null,
    successful: 0,
    errored: 0,
    incomplete: 0,
  };
}

interface Column {
  header: string;
  /** Text columns (the label, the status) are left-aligned, numbers right-aligned. */
  align: 'left' | 'right';
  /** 0 is always shown; higher priorities are dropped first when the terminal is narrow. */
  priority: number;
  cell(row: LiveRow, index: number): string;
}

/** `m:ss` for a duration in ms; the no-value mark when unknown. */
function clock(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return NO_VALUE;
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function withUnit(value: number | null, decimals: number, unit: string): string {
  return value === null ? NO_VALUE : `${formatNumber(value, decimals)}${unit}`;
}

/** A started row's value, or nothing for a pending one. */
function live(row: LiveRow, text: () => string): string {
  return row.status === 'pending' ? '' : text();
}

/** The label column; its width is decided by the layout. */
const LABEL = 'benchmark';

/**
 * The live table's columns, in display order. At 80 columns the table keeps the number, label,
 * status, elapsed time, requests/s, TTFT and ITL p50 and the counts; wider terminals add the
 * time left, output tokens/s and requests in flight.
 */
const COLUMNS: readonly Column[] = [
  { header: '#', align: 'right', priority: 0, cell: (_row, index) => String(index + 1) },
  { header: LABEL, align: 'left', priority: 0, cell: (row) => row.label },
  { header: 'status', align: 'left', priority: 0, cell: (row) => row.status },
  {
    header: 'time',
    align: 'right',
    priority: 1,
    cell: (row) => live(row, () => clock(row.elapsedMs)),
  },
  {
    header: 'left',
    align: 'right',
    priority: 3,
    cell: (row) => live(row, () => (row.status === 'done' ? '' : clock(row.remainingMs))),
  },
  {
    header: 'req/s',
    align: 'right',
    priority: 0,
    cell: (row) => live(row, () => formatNumber(row.requestsPerSecond, 2)),
  },
  {
    header: 'tok/s',
    align: 'right',
    priority: 4,
    cell: (row) => live(row, () => formatNumber(row.outputTokensPerSecond, 0)),
  },
  {
    header: 'in flight',
    align: 'right',
    priority: 5,
    cell: (row) =>
      live(row, () =>
        row.status === 'done' ? '' : row.inFlight === null ? NO_VALUE : String(row.inFlight),
      ),
  },
  {
    header: 'TTFT p50',
    align: 'right',
    priority: 1,
    cell: (row) => live(row, () => withUnit(row.ttftMsP50, 1, 'ms')),
  },
  {
    header: 'ITL p50',
    align: 'right',
    priority: 2,
    cell: (row) => live(row, () => withUnit(row.itlMsP50, 2, 'ms')),
  },
  {
    header: 'ok/err/inc',
    align: 'right',
    priority: 0,
    cell: (row) => live(row, () => `${row.successful}/${row.errored}/${row.incomplete}`),
  },
];

const SEPARATOR = '  ';
/** The label column is never narrower than this while other columns can still be dropped. */
const LABEL_MIN = 16;
/** Columns up to this priority are kept at the cost of shortening the label. */
const ESSENTIAL = 2;
/** Nor wider than this: the rest of the line is for numbers. */
const LABEL_MAX = 28;

/** Characters at which a label may be cut: after them a new word begins. */
const BREAKS = new Set([' ', '@', '(', '/', ',']);

/**
 * `text` in at most `width` characters: whole when it fits, else cut at the last word boundary
 * that leaves room for an ellipsis (`throughput…`), never in the middle of a word unless the
 * first word alone is too long.
 */
export function fitLabel(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  let cut = -1;
  for (let i = 1; i < width; i++) {
    if (BREAKS.has(text[i]!)) cut = i;
  }
  const head = cut > 0 ? text.slice(0, cut) : text.slice(0, width - 1);
  // A parenthesis left open reads as a cut word: `throughput (max 512)` → `throughput…`.
  return `${head.replace(/\s*\([^)]*$/, '').replace(/[\s@(/,]+$/, '')}…`;
}

function pad(text: string, width: number, align: Column['align']): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/**
 * Lays out the live table for a terminal `width` characters wide: a header and one line per
 * row, every value under its header, no line longer than `width − 1` (so a terminal never wraps
 * it, which would leave stale lines on the next redraw). Columns are dropped by priority when
 * the terminal is narrow; the label takes the room that is left, and a label too long for it is
 * shortened at a word boundary with an ellipsis.
 */
export function renderLiveTable(rows: readonly LiveRow[], width: number): string[] {
  const limit = Math.max(20, width - 1);
  const cells = rows.map((row, index) => COLUMNS.map((column) => column.cell(row, index)));
  const natural = COLUMNS.map((column, c) =>
    Math.max(column.header.length, ...cells.map((line) => line[c]!.length)),
  );
  const labelIndex = COLUMNS.findIndex((column) => column.header === LABEL);
  const labelWanted = Math.min(LABEL_MAX, natural[labelIndex]!);
  const labelMin = Math.min(labelWanted, LABEL_MIN);
  const lineWidth = (chosen: readonly number[], labelWidth: number): number =>
    chosen.reduce((sum, c) => sum + (c === labelIndex ? labelWidth : natural[c]!), 0) +
    SEPARATOR.length * (chosen.length - 1);
  // Optional columns give way to a whole label; the essential ones (up to ESSENTIAL) only to a
  // label shortened to LABEL_MIN.
  const columnsUpTo = (priority: number): number[] =>
    COLUMNS.flatMap((column, c) => (column.priority <= priority ? [c] : []));
  let chosen = columnsUpTo(0);
  for (
    let priority = Math.max(...COLUMNS.map((column) => column.priority));
    priority >= 0;
    priority--
  ) {
    const candidate = columnsUpTo(priority);
    const labelNeeded = priority <= ESSENTIAL ? labelMin : labelWanted;
    if (lineWidth(candidate, labelNeeded) <= limit) {
      chosen = candidate;
      break;
    }
  }
  const room = limit - lineWidth(chosen, 0);
  const labelWidth = Math.max(4, Math.min(labelWanted, room));
  const widths = natural.map((value, c) => (c === labelIndex ? labelWidth : value));
  const line = (texts: readonly string[]): string =>
    chosen
      .map((c) => {
        const text = c === labelIndex ? fitLabel(texts[c]!, labelWidth) : texts[c]!;
        return pad(text, widths[c]!, COLUMNS[c]!.align);
      })
      .join(SEPARATOR)
      .trimEnd();
  const lines = [line(COLUMNS.map((column) => column.header)), ...cells.map(line)];
  return lines.map((text) => (text.length > limit ? fitLabel(text, limit) : text));
}

/** The bar under the table: done benchmarks plus the running one's fraction, of those planned. */
export function renderOverallLine(
  rows: readonly LiveRow[],
  planned: number | undefined,
  width: number,
): string {
  const done = rows.filter((row) => row.status === 'done').length;
  const current = rows.find((row) => row.status !== 'pending' && row.status !== 'done');
  const total = planned ?? rows.length;
  const fraction = total === 0 ? 0 : Math.min(1, (done + (current?.fraction ?? 0)) / total);
  const tail = `${(fraction * 100).toFixed(0).padStart(3)}%  ${done}/${planned ?? '?'} benchmarks done`;
  const barWidth = Math.max(10, Math.min(40, width - 1 - 'overall [] '.length - tail.length));
  const filled = Math.round(fraction * barWidth);
  const text = `overall [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${tail}`;
  return text.length > width - 1 ? text.slice(0, Math.max(0, width - 1)) : text;
}
