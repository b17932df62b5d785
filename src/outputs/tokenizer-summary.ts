import { renderTable } from '../internal/text-table.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import type { PromptExactnessJson } from '../report/tokenizer-schema.js';
import { strategyLabel } from '../strategies/strategy-label.js';
import { cellText, type SummaryCell } from './summary-columns.js';

/**
 * The run's tokenizer in one line, e.g. `meta-llama/Llama-3.2-1B (hub, revision 5a8c…),
 * context 32768 tokens, chat template +3 tokens`; `undefined` for a report without one (a run
 * that ended before it was resolved, or a report older than 2.1).
 */
export function describeTokenizer(report: BenchmarkReport): string | undefined {
  const tokenizer = report.tokenizer;
  if (tokenizer === undefined) return undefined;
  const where: string[] = [tokenizer.source];
  if (tokenizer.dialect !== undefined) where.push(`${tokenizer.dialect} /tokenize`);
  if (tokenizer.revision !== undefined) where.push(`revision ${tokenizer.revision}`);
  const parts = [`${tokenizer.id} (${where.join(', ')})`];
  if (tokenizer.maxModelLen !== undefined) parts.push(`context ${tokenizer.maxModelLen} tokens`);
  if (tokenizer.templateOverheadTokens !== undefined) {
    parts.push(`chat template +${tokenizer.templateOverheadTokens} tokens`);
  }
  return parts.join(', ');
}

/** What a benchmark's expected overhead stands for, in words. */
function overheadText(exactness: PromptExactnessJson): string {
  switch (exactness.overheadSource) {
    case 'bos':
      return 'BOS token';
    case 'measured':
      return 'chat template (measured)';
    case 'estimated':
      return 'chat template (estimated)';
  }
}

/** One column of the prompt exactness table, shared by the console, the HTML report and the CSV. */
export interface PromptExactnessColumn {
  /** The header in the console and HTML tables. */
  header: string;
  /** The header in the CSV, with its unit. */
  csvHeader: string;
  /** The column's value for a benchmark that was checked (token counts are whole numbers). */
  value(exactness: PromptExactnessJson): number | string;
}

/**
 * Prompt exactness per benchmark (server prompt tokens against the intended length): requests
 * checked, the overhead the server's additions explain and what it is (a BOS token, the chat
 * template), the threshold, how many requests strayed beyond it and by how much at most.
 */
export const PROMPT_EXACTNESS_COLUMNS: readonly PromptExactnessColumn[] = [
  { header: 'Checked', csvHeader: 'Prompt tokens checked (count)', value: (e) => e.checked },
  {
    header: 'Expected overhead',
    csvHeader: 'Prompt tokens expected overhead (tokens)',
    value: (e) => e.expectedOverheadTokens,
  },
  { header: 'Overhead from', csvHeader: 'Prompt tokens overhead from', value: overheadText },
  {
    header: 'Threshold',
    csvHeader: 'Prompt tokens threshold (tokens)',
    value: (e) => e.thresholdTokens,
  },
  {
    header: 'Beyond threshold',
    csvHeader: 'Prompt tokens beyond threshold (count)',
    value: (e) => e.beyondThreshold,
  },
  {
    header: 'Max deviation',
    csvHeader: 'Prompt tokens max deviation (tokens)',
    value: (e) => e.maxDeviationTokens,
  },
];

/** A column's cell for a benchmark; one that was not checked has no value. */
function exactnessCell(column: PromptExactnessColumn, benchmark: Benchmark): SummaryCell {
  if (benchmark.promptExactness === undefined) return { value: null, decimals: 0 };
  const value = column.value(benchmark.promptExactness);
  return typeof value === 'string' ? { text: value } : { value, decimals: 0 };
}

/**
 * The prompt exactness table's header and, per benchmark, its label then one cell per
 * {@link PROMPT_EXACTNESS_COLUMNS}; `undefined` when no benchmark was checked.
 */
export function promptExactnessTable(
  report: BenchmarkReport,
): { header: string[]; rows: Array<[string, ...SummaryCell[]]> } | undefined {
  if (!report.benchmarks.some((b) => b.promptExactness !== undefined)) return undefined;
  return {
    header: ['Benchmark', ...PROMPT_EXACTNESS_COLUMNS.map((column) => column.header)],
    rows: report.benchmarks.map((b) => [
      strategyLabel(b.strategy),
      ...PROMPT_EXACTNESS_COLUMNS.map((column) => exactnessCell(column, b)),
    ]),
  };
}

/** The title both summaries give the prompt exactness table. */
export const PROMPT_EXACTNESS_TITLE = 'Prompt tokens as the server counted them, against intended';

/**
 * The console's lines on tokens: the run's tokenizer, then the prompt exactness table when any
 * benchmark was checked; each part after a blank line. Empty for a report with neither.
 */
export function renderTokenizerSummary(report: BenchmarkReport): string[] {
  const lines: string[] = [];
  const tokenizer = describeTokenizer(report);
  if (tokenizer !== undefined) lines.push('', `Tokenizer: ${tokenizer}`);
  const table = promptExactnessTable(report);
  if (table !== undefined) {
    lines.push(
      '',
      `${PROMPT_EXACTNESS_TITLE} (tokens)`,
      renderTable(
        table.header,
        table.rows.map(([label, ...cells]) => [label, ...cells.map(cellText)]),
      ),
    );
  }
  return lines;
}
