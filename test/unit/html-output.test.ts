import { describe, expect, it } from 'vitest';
import { buildChartSpecs } from '../../src/outputs/html/chart-specs.js';
import { escapeHtml, serializeJsonForScript } from '../../src/outputs/html/escape.js';
import { renderHtml } from '../../src/outputs/html/render-html.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { loadReportFixture } from '../helpers/report-fixture.js';

const SCRIPT = '<script>alert(1)</script>';

/** The fixture with SLO verdicts and a capacity result, in the shapes the report schema defines. */
function withSloAndCapacity(): BenchmarkReport {
  const report = loadReportFixture();
  report.benchmarks.forEach((benchmark, i) => {
    const measured = benchmark.metrics.ttftMs.successful.percentiles.p99;
    benchmark.slo = {
      passed: i < 2,
      objectives: [
        {
          name: 'ttft_ms.p99<=40',
          metric: 'ttftMs',
          statistic: 'p99',
          operator: '<=',
          threshold: 40,
          measured,
          passed: i < 2,
        },
      ],
    };
  });
  report.capacity = {
    maxRatePerSecond: 12,
    bracket: [10, 15],
    outcome: 'converged',
    converged: true,
    precision: 5,
    strategy: 'constant',
    boundsSource: 'args',
    steps: [5, 10, 20].map((rate, i) => ({
      ratePerSecond: rate,
      passed: i < 2,
      benchmarkIndex: i,
      achievedRatePerSecond: rate * 0.95,
      stopReason: 'max-seconds',
      failedObjectives: i < 2 ? [] : ['ttft_ms.p99<=40'],
    })),
  };
  return report;
}

describe('HTML escaping', () => {
  it('escapes text for HTML', () => {
    expect(escapeHtml(`${SCRIPT} & "q" 'a'`)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;',
    );
  });

  it('serialises JSON that cannot end its script element and reads back unchanged', () => {
    const value = { text: `</script><!-- ${SCRIPT} & \u2028\u2029` };
    const json = serializeJsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('renderHtml', () => {
  it('is one self-contained page: the chart library inline, no external reference', () => {
    const html = renderHtml(loadReportFixture());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|href|action)\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/url\(\s*["']?https?:/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain('uPlot');
    expect(html).toContain('default-src &#39;none&#39;');
  });

  it('escapes every string from the run', () => {
    const report = loadReportFixture();
    report.args['model'] = SCRIPT;
    report.args['note'] = `"><img src=x onerror=alert(1)>`;
    report.benchmarks[0]!.stopReason = SCRIPT;
    const html = renderHtml(report);
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('has a chart host for every chart it draws', () => {
    const report = withSloAndCapacity();
    const html = renderHtml(report);
    for (const chart of buildChartSpecs(report)) {
      const host =
        chart.benchmarkIndex === undefined
          ? chart.section
          : `${chart.section}-${chart.benchmarkIndex}`;
      expect(html).toContain(`data-chart-host="${host}"`);
    }
    // The console's sentence: the answer, and that it held with the server keeping up.
    expect(html).toContain(
      '<p class="headline">Capacity: 12.00 req/s with every SLO holding and the server keeping up (bracket 10.00 to 15.00 req/s, converged',
    );
    expect(html).toContain('ttft_ms.p99&lt;=40');
  });
});

describe('buildChartSpecs', () => {
  it('draws latency and throughput against the achieved rate, in ascending order', () => {
    const report = loadReportFixture();
    const charts = buildChartSpecs(report);
    const ttft = charts.find((chart) => chart.id === 'rate-ttftMs')!;
    expect(ttft.x).toHaveLength(3);
    expect([...ttft.x].sort((a, b) => a - b)).toEqual(ttft.x);
    expect(ttft.series.map((s) => s.label)).toEqual(['TTFT p50', 'TTFT p95', 'TTFT p99']);
    expect(charts.some((chart) => chart.id === 'rate-throughput')).toBe(true);
    // Per benchmark: percentiles and requests/tokens over time.
    for (const benchmark of report.benchmarks) {
      expect(charts.some((chart) => chart.id === `distribution-${benchmark.index}`)).toBe(true);
      expect(charts.some((chart) => chart.id === `timeseries-${benchmark.index}`)).toBe(true);
    }
    // No SLOs or capacity in this run: no such charts.
    expect(
      charts.filter((chart) => chart.section === 'slo' || chart.section === 'capacity'),
    ).toEqual([]);
  });

  it('adds the SLO frontier and the capacity search when the report has them', () => {
    const charts = buildChartSpecs(withSloAndCapacity());
    const slo = charts.find((chart) => chart.section === 'slo')!;
    expect(slo.series[1]!.values).toEqual([40, 40, 40]);
    const capacity = charts.find((chart) => chart.section === 'capacity')!;
    expect(capacity.x).toEqual([5, 10, 20]);
    expect(capacity.markersX).toEqual([{ value: 12, label: 'capacity' }]);
  });
});
