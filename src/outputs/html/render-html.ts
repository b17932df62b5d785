import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BenchmarkReport } from '../../report/report-schema.js';
import { strategyLabel } from '../../strategies/strategy-label.js';
import { writeFileAtomic } from '../write-atomic.js';
import { loadChartLibrary } from './chart-library.js';
import { buildChartSpecs } from './chart-specs.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { LOCALE_GUARD_SCRIPT } from './locale-guard.js';
import { escapeHtml, inlineScriptSource, serializeJsonForScript } from './escape.js';
import { serverMetricsTable } from './server-metrics.js';
import { REPORT_STYLE } from './styles.js';
import { tokenizerSection } from './tokenizer-table.js';
import { benchmarkNotes, capacityHeadline, recordTable, sloTable, summaryTable } from './tables.js';

/** The file name GuideLLM users expect for the HTML report. */
export const HTML_REPORT_FILE = 'benchmarks.html';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function section(title: string, body: string, id: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/**
 * Renders a report as one self-contained HTML page: summary tables, the run's tokenizer and
 * its prompt exactness, latency and throughput against the request rate, the SLO frontier and
 * capacity when present, per-benchmark latency
 * percentiles and requests and tokens over time, and the run's configuration. The chart library
 * (uPlot) is inlined, so the page works offline; a content security policy lets only the page's
 * own two scripts run and forbids every network request. Every string from the run is escaped.
 * A browser language that `Intl` rejects falls back to a usable one, and when charts cannot be
 * drawn the tables stay and each chart's place says why.
 * A pure function of the report.
 */
export function renderHtml(report: BenchmarkReport): string {
  const library = loadChartLibrary();
  const charts = buildChartSpecs(report);
  // The locale guard shares the library's script element: uPlot reads the browser's language as
  // it loads, so the guard must run first.
  const scripts = [
    inlineScriptSource(`${LOCALE_GUARD_SCRIPT}\n${library.script}`),
    inlineScriptSource(CLIENT_SCRIPT),
  ];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((script) => `'sha256-${sha256(script)}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  const model = typeof report.args['model'] === 'string' ? report.args['model'] : 'unknown';
  const target =
    typeof report.args['resolvedTarget'] === 'string'
      ? report.args['resolvedTarget']
      : typeof report.args['target'] === 'string'
        ? report.args['target']
        : 'unknown';
  const hasSection = (name: string): boolean => charts.some((chart) => chart.section === name);

  const body: string[] = [
    `<header><h1>inferbench report</h1><p class="meta">` +
      `Model <strong data-field="model">${escapeHtml(model)}</strong> at <code>${escapeHtml(target)}</code> · ` +
      `${escapeHtml(report.status)} (${escapeHtml(report.stopReason)}) · ${report.benchmarks.length} benchmark(s) · ` +
      `${escapeHtml(report.startedAt)} to ${escapeHtml(report.endedAt)}</p>${capacityHeadline(report)}</header>`,
    section('Summary', summaryTable(report), 'summary'),
  ];
  const tokens = tokenizerSection(report);
  if (tokens !== '') body.push(section('Tokenizer and prompt tokens', tokens, 'tokenizer'));
  if (hasSection('rate')) {
    body.push(
      section(
        'Latency and throughput vs request rate',
        '<div class="charts" data-chart-host="rate"></div>',
        'rate',
      ),
    );
  }
  const slo = sloTable(report);
  if (slo !== '' || hasSection('slo')) {
    body.push(section('SLOs', `${slo}<div class="charts" data-chart-host="slo"></div>`, 'slo'));
  }
  if (hasSection('capacity')) {
    body.push(
      section(
        'Capacity search',
        '<div class="charts" data-chart-host="capacity"></div>',
        'capacity',
      ),
    );
  }
  for (const benchmark of report.benchmarks) {
    body.push(
      section(
        `Benchmark ${benchmark.index + 1}: ${strategyLabel(benchmark.strategy)}`,
        `${benchmarkNotes(benchmark)}${serverMetricsTable(benchmark)}<div class="charts" data-chart-host="benchmark-${benchmark.index}"></div>`,
        `benchmark-${benchmark.index}`,
      ),
    );
  }
  body.push(
    section(
      'Configuration',
      `<h3>Arguments</h3>${recordTable(report.args)}<h3>Environment</h3>${recordTable(report.environment)}` +
        `<p class="meta">Report schema ${escapeHtml(report.schemaVersion)}</p>`,
      'configuration',
    ),
    section(
      'Metric definitions',
      `<dl>${Object.entries(report.definitions)
        .map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`)
        .join('')}</dl>`,
      'definitions',
    ),
  );

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>inferbench report: ${escapeHtml(model)}</title>`,
    `<style>${library.style}\n${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script type="application/json" id="inferbench-charts">${serializeJsonForScript(charts)}</script>`,
    `<script>${scripts[0]!}</script>`,
    `<script>${scripts[1]!}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes `benchmarks.html` into `directory` atomically and returns its path. */
export async function writeHtmlReport(report: BenchmarkReport, directory: string): Promise<string> {
  const path = join(directory, HTML_REPORT_FILE);
  await writeFileAtomic(path, renderHtml(report));
  return path;
}
