import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { renderCsv } from '../../src/outputs/csv.js';
import { renderHtml } from '../../src/outputs/html/render-html.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { validateReport } from '../../src/report/validate-report.js';
import { readCsv } from '../helpers/read-csv.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

const REVISION = '5a8c1f4f9f31a0d2fc6a9e0c6c2b1e3f4d5a6b7c';

/**
 * The fixture as a chat run with a Hub tokenizer whose template the server measured: the first
 * benchmark exact, the second with two prompts off by up to 7 tokens, the third never checked
 * (the server sent no usage).
 */
function tokenizedReport(): BenchmarkReport {
  const report = loadReportFixture();
  report.tokenizer = {
    id: 'meta-llama/Llama-3.2-1B',
    source: 'hub',
    revision: REVISION,
    maxModelLen: 32768,
    templateOverheadTokens: 3,
  };
  const [first, second] = report.benchmarks;
  first!.promptExactness = {
    checked: 40,
    expectedOverheadTokens: 3,
    overheadSource: 'measured',
    thresholdTokens: 1,
    beyondThreshold: 0,
    maxDeviationTokens: 0,
  };
  second!.promptExactness = {
    checked: 80,
    expectedOverheadTokens: 3,
    overheadSource: 'measured',
    thresholdTokens: 1,
    beyondThreshold: 2,
    maxDeviationTokens: 7,
  };
  // What the outputs read must be a valid report.
  return validateReport(JSON.parse(JSON.stringify(report)));
}

describe('the console summary', () => {
  it("names the run's tokenizer and prints prompt exactness per benchmark", () => {
    const lines = renderConsoleSummary(tokenizedReport()).split('\n');
    expect(lines).toContain(
      `Tokenizer: meta-llama/Llama-3.2-1B (hub, revision ${REVISION}), context 32768 tokens, chat template +3 tokens`,
    );
    const title = lines.indexOf(
      'Prompt tokens as the server counted them, against intended (tokens)',
    );
    expect(title).toBeGreaterThan(0);
    const [header, , first, second, third] = lines.slice(title + 1, title + 6);
    expect(header!.split(/\s{2,}/)).toEqual([
      'Benchmark',
      'Checked',
      'Expected overhead',
      'Overhead from',
      'Threshold',
      'Beyond threshold',
      'Max deviation',
    ]);
    expect(first!.trim().split(/\s{2,}/)).toEqual([
      'constant@5/s',
      '40',
      '3',
      'chat template (measured)',
      '1',
      '0',
      '0',
    ]);
    expect(second!.trim().split(/\s{2,}/)).toEqual([
      'constant@10/s',
      '80',
      '3',
      'chat template (measured)',
      '1',
      '2',
      '7',
    ]);
    // Not checked: no values, not zeros.
    expect(
      third!
        .trim()
        .split(/\s{2,}/)
        .slice(1),
    ).toEqual(['–', '–', '–', '–', '–', '–']);
  });

  it('says a server tokenizer by its dialect, and nothing for a report without a tokenizer', () => {
    const report = tokenizedReport();
    report.tokenizer = { id: 'Qwen/Qwen3-0.6B', source: 'server', dialect: 'vllm' };
    for (const benchmark of report.benchmarks) delete benchmark.promptExactness;
    const text = renderConsoleSummary(report);
    expect(text).toContain('Tokenizer: Qwen/Qwen3-0.6B (server, vllm /tokenize)\n');
    expect(text).not.toContain('Prompt tokens as the server counted them');

    const bare = loadReportFixture();
    expect(renderConsoleSummary(bare)).not.toContain('Tokenizer:');
  });
});

describe('the CSV', () => {
  it('carries the tokenizer on every row and each benchmark its prompt exactness', () => {
    const [header, ...rows] = readCsv(renderCsv(tokenizedReport()));
    const cell = (row: number, name: string): string | undefined => {
      expect(header).toContain(name);
      return rows[row]![header!.indexOf(name)];
    };
    for (let row = 0; row < rows.length; row++) {
      expect(cell(row, 'Tokenizer')).toBe('meta-llama/Llama-3.2-1B');
      expect(cell(row, 'Tokenizer source')).toBe('hub');
      expect(cell(row, 'Tokenizer revision')).toBe(REVISION);
      expect(cell(row, 'Chat template overhead (tokens)')).toBe('3');
    }
    expect(cell(1, 'Prompt tokens checked (count)')).toBe('80');
    expect(cell(1, 'Prompt tokens expected overhead (tokens)')).toBe('3');
    expect(cell(1, 'Prompt tokens overhead from')).toBe('chat template (measured)');
    expect(cell(1, 'Prompt tokens threshold (tokens)')).toBe('1');
    expect(cell(1, 'Prompt tokens beyond threshold (count)')).toBe('2');
    expect(cell(1, 'Prompt tokens max deviation (tokens)')).toBe('7');
    // The unchecked benchmark and a report without a tokenizer: empty cells.
    expect(cell(2, 'Prompt tokens checked (count)')).toBe('');
    expect(cell(2, 'Prompt tokens overhead from')).toBe('');
    const [bareHeader, bareRow] = readCsv(renderCsv(loadReportFixture()));
    expect(bareRow![bareHeader!.indexOf('Tokenizer')]).toBe('');
    expect(bareRow![bareHeader!.indexOf('Tokenizer revision')]).toBe('');
  });
});

describe('the HTML report', () => {
  it('has a tokenizer section with the prompt exactness table, every string escaped', () => {
    const report = tokenizedReport();
    report.tokenizer = { id: '/models/<script>x</script>/tokenizer.json', source: 'file' };
    const html = renderHtml(report);
    const section = /<section id="tokenizer">(.*?)<\/section>/s.exec(html)?.[1];
    expect(section).toBeDefined();
    expect(section).toContain(
      '<code data-field="tokenizer">/models/&lt;script&gt;x&lt;/script&gt;/tokenizer.json (file)</code>',
    );
    expect(section).toContain('<th>Beyond threshold</th>');
    expect(section).toContain(
      '<tr><td>constant@10/s</td><td class="num">80</td><td class="num">3</td><td>chat template (measured)</td><td class="num">1</td><td class="num">2</td><td class="num">7</td></tr>',
    );
    expect(html).not.toContain('<script>x</script>');
    expect(renderHtml(loadReportFixture())).not.toContain('<section id="tokenizer">');
  });
});
