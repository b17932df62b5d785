import type { BenchmarkReport } from '../../report/report-schema.js';
import { describeTokenizer, promptExactnessTable } from '../tokenizer-summary.js';
import { escapeHtml } from './escape.js';
import { htmlTable, summaryCell } from './tables.js';

/**
 * The report's tokens section: the run's tokenizer (id, source, revision, context, chat
 * template overhead) and, when any benchmark was checked, its prompt exactness table, as the
 * console shows them. Empty for a report with neither.
 */
export function tokenizerSection(report: BenchmarkReport): string {
  const parts: string[] = [];
  const tokenizer = describeTokenizer(report);
  if (tokenizer !== undefined) {
    parts.push(`<p>Tokenizer <code data-field="tokenizer">${escapeHtml(tokenizer)}</code></p>`);
  }
  const table = promptExactnessTable(report);
  if (table !== undefined) {
    parts.push(
      htmlTable(
        table.header,
        table.rows.map(([label, ...cells]) => [label, ...cells.map(summaryCell)]),
      ),
    );
  }
  return parts.join('');
}
