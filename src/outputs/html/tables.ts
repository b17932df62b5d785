import type { Benchmark } from '../../report/benchmark-schema.js';
import type { BenchmarkReport } from '../../report/report-schema.js';
import { formatNumber } from '../../internal/text-table.js';
import { strategyLabel } from '../../strategies/strategy-label.js';
import { cellText, summaryColumns, type SummaryCell } from '../summary-columns.js';
import { sloObjective, sloObjectiveNames } from './chart-specs.js';
import { renderCapacityHeadline } from '../slo-summary.js';
import { escapeHtml } from './escape.js';

/** A table cell: text (escaped when rendered) and whether it is numeric (right-aligned). */
export type Cell = string | { text: string; numeric?: boolean; className?: string };

function cell(value: Cell, tag: 'td' | 'th'): string {
  const { text, numeric, className } =
    typeof value === 'string' ? { text: value, numeric: false, className: undefined } : value;
  const classes = [numeric === true ? 'num' : '', className ?? ''].filter(Boolean).join(' ');
  return `<${tag}${classes === '' ? '' : ` class="${classes}"`}>${escapeHtml(text)}</${tag}>`;
}

/** Renders a table with a header row; every cell's text is escaped. */
export function htmlTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return (
    `<table><thead><tr>${header.map((title) => cell(title, 'th')).join('')}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`).join('')}</tbody></table>`
  );
}

const num = (value: number | null, decimals = 1): Cell => ({
  text: formatNumber(value, decimals),
  numeric: true,
});

/** A summary cell as a table cell: text as is, numbers formatted and right-aligned. */
export function summaryCell(cell: SummaryCell): Cell {
  return 'text' in cell ? cell.text : { text: cellText(cell), numeric: true };
}

/** Per benchmark: the summary's columns, as the console prints them, in one table. */
export function summaryTable(report: BenchmarkReport): string {
  const columns = summaryColumns();
  return htmlTable(
    columns.map((column) => column.header),
    report.benchmarks.map((b) => columns.map((column) => summaryCell(column.cell(b)))),
  );
}

/** SLO verdicts and goodput per benchmark; empty when no benchmark was judged by SLOs. */
export function sloTable(report: BenchmarkReport): string {
  const names = sloObjectiveNames(report.benchmarks);
  const hasGoodput = report.benchmarks.some((b) => b.goodput !== undefined);
  if (names.length === 0 && !hasGoodput) return '';
  const verdict = (passed: boolean, text: string): Cell => ({
    text,
    numeric: true,
    className: passed ? 'pass' : 'fail',
  });
  const header = [
    'Benchmark',
    ...names,
    ...(names.length > 0 ? ['All SLOs'] : []),
    ...(hasGoodput ? ['Goodput req/s', 'Goodput %'] : []),
  ];
  const rows = report.benchmarks.map((b): Cell[] => [
    strategyLabel(b.strategy),
    ...names.map((name): Cell => {
      const objective = sloObjective(b, name);
      if (objective === undefined) return '-';
      const measured = objective.measured === null ? 'n/a' : formatNumber(objective.measured, 2);
      return verdict(objective.passed, `${measured} ${objective.passed ? 'pass' : 'FAIL'}`);
    }),
    ...(names.length > 0
      ? [b.slo === undefined ? '-' : verdict(b.slo.passed, b.slo.passed ? 'pass' : 'FAIL')]
      : []),
    ...(hasGoodput
      ? b.goodput === undefined
        ? ['-', '-']
        : [
            num(b.goodput.requestsPerSecond, 2),
            num(b.goodput.fraction === null ? null : b.goodput.fraction * 100),
          ]
      : []),
  ]);
  return htmlTable(header, rows);
}

/**
 * The capacity headline, the console's sentence: the highest rate at which the SLOs held and
 * the server kept up, its bracket, and whether it is only a lower bound.
 */
export function capacityHeadline(report: BenchmarkReport): string {
  const lines = renderCapacityHeadline(report).filter((line) => line !== '');
  return lines.map((line) => `<p class="headline">${escapeHtml(line)}</p>`).join('');
}

/** A key/value table of a record; values that are not strings are shown as JSON. */
export function recordTable(record: Record<string, unknown>): string {
  return htmlTable(
    ['Setting', 'Value'],
    Object.entries(record).map(([name, value]) => [
      name,
      {
        text: typeof value === 'string' ? value : JSON.stringify(value, null, 1),
        className: 'code',
      },
    ]),
  );
}

/** Warnings, errors and a few sample requests of one benchmark, as HTML. */
export function benchmarkNotes(benchmark: Benchmark): string {
  const notes: string[] = [];
  if (benchmark.client.clientBound) {
    notes.push(
      `<p class="warning">Client-bound: the load generator could not keep up (${escapeHtml(benchmark.client.clientBoundReason ?? 'see client metrics')}).</p>`,
    );
  }
  const errors = Object.entries(benchmark.errorsByCode);
  if (errors.length > 0) {
    notes.push(
      `<p class="warning">Errors: ${errors.map(([code, count]) => `${escapeHtml(code)} × ${count}`).join(', ')}</p>`,
    );
  }
  const samples = (benchmark.requests ?? [])
    .filter((request) => request.prompt !== undefined || request.outputText !== undefined)
    .slice(0, 3);
  if (samples.length > 0) {
    notes.push(
      '<details><summary>Sample requests</summary>' +
        htmlTable(
          ['#', 'Status', 'Prompt', 'Output'],
          samples.map((request) => [
            String(request.index),
            request.status,
            { text: truncate(request.prompt ?? ''), className: 'code' },
            { text: truncate(request.outputText ?? ''), className: 'code' },
          ]),
        ) +
        '</details>',
    );
  }
  return notes.join('');
}

function truncate(text: string, length = 400): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
