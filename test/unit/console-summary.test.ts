import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

describe('renderConsoleSummary', () => {
  it('renders the tables of a fixed report', () => {
    expect(renderConsoleSummary(loadReportFixture())).toMatchSnapshot();
  });
});

describe('what the summary says besides the tables', () => {
  it('the most frequent failures with their messages, the run warnings and a failed run', () => {
    const report = loadReportFixture();
    report.status = 'failed';
    const [first, second] = report.benchmarks;
    first!.errorMessages = [
      {
        code: 'HTTP_ERROR',
        httpStatus: 404,
        message: 'HTTP 404: The model `gpt-5` does not exist.',
        count: 50,
      },
      { code: 'CONNECTION_RESET', message: 'other side closed', count: 2 },
    ];
    // A 2.0 report has counts per code only.
    second!.errorsByCode = { TIMEOUT: 3 };
    report.warnings = [
      { code: 'MODEL_NOT_LISTED', message: 'model "m" is not among the models …' },
      { code: 'CLIENT_BOUND', message: 'said by the client-bound lines already' },
    ];
    const lines = renderConsoleSummary(report).trimEnd().split('\n');
    expect(lines[0]).toBe('inferbench failed: 3 benchmark(s), model mock-model');
    const tail = lines.slice(lines.lastIndexOf('') + 1);
    expect(tail).toEqual([
      '! constant@5/s: 50 × HTTP 404: The model `gpt-5` does not exist.',
      '! constant@5/s: 2 × CONNECTION_RESET: other side closed',
      '! constant@10/s: 3 × TIMEOUT',
      'note: model "m" is not among the models …',
      'note: output token counts are guesses: the server reported no usage and no tokenizer was given, so each stream chunk (or whole response) counted as one token; pass tokenizer (--tokenizer) for exact counts',
    ]);
  });

  it('no note on token counts when the server or a tokenizer counted them', () => {
    const report = loadReportFixture();
    for (const benchmark of report.benchmarks) {
      const sources = benchmark.tokenCounts.outputTokensSource;
      sources.server += sources.parts;
      sources.parts = 0;
    }
    expect(renderConsoleSummary(report)).not.toContain('note:');
  });
});
