import type { Benchmark } from '../../report/benchmark-schema.js';
import type { BenchmarkReport } from '../../report/report-schema.js';
import { METRIC_CATALOGUE } from '../../metrics/catalogue.js';
import { PERCENTILE_KEYS, PERCENTILE_PERCENTS } from '../../metrics/distribution-types.js';
import { strategyLabel } from '../../strategies/strategy-label.js';
import { serverMetricsChart } from './server-metrics.js';

/** One line of a chart: its values line up with the chart's `x`. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Which y axis: the left (`y`) or the right (`y2`). */
  axis: 'y' | 'y2';
  /** A dashed line, e.g. an SLO threshold. */
  dashed?: boolean;
}

/** A chart the report draws: plain data, drawn in the browser by the inlined chart library. */
export interface ChartSpec {
  id: string;
  /** The report section the chart belongs to. */
  section: 'rate' | 'slo' | 'capacity' | 'benchmark';
  /** For `benchmark` charts, the benchmark's index. */
  benchmarkIndex?: number;
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  /** Ascending x values. */
  x: number[];
  series: ChartSeries[];
  /** Vertical lines at these x values (e.g. the capacity found). */
  markersX?: { value: number; label: string }[];
}

/** The latency metrics drawn against the request rate. */
const LATENCY_CURVES = ['ttftMs', 'itlMs', 'requestLatencyMs'] as const;

const PERCENTILES_SHOWN = ['p50', 'p95', 'p99'] as const;

/** The rate a benchmark achieved: successful requests per second over its measured window. */
function achievedRate(benchmark: Benchmark): number {
  return benchmark.metrics.requestsPerSecond.successful.mean ?? 0;
}

function byAchievedRate(report: BenchmarkReport): Benchmark[] {
  return [...report.benchmarks].sort(
    (a, b) => achievedRate(a) - achievedRate(b) || a.index - b.index,
  );
}

function rateCharts(sorted: Benchmark[]): ChartSpec[] {
  const x = sorted.map(achievedRate);
  const charts: ChartSpec[] = LATENCY_CURVES.map((key) => {
    const name = METRIC_CATALOGUE[key].label;
    return {
      id: `rate-${key}`,
      section: 'rate',
      title: `${name} vs request rate`,
      xLabel: 'requests/s (achieved)',
      yLabel: 'ms',
      x,
      series: PERCENTILES_SHOWN.map((percentile) => ({
        label: `${name} ${percentile}`,
        axis: 'y',
        values: sorted.map((b) => b.metrics[key].successful.percentiles[percentile]),
      })),
    };
  });
  charts.push({
    id: 'rate-throughput',
    section: 'rate',
    title: 'Throughput vs request rate',
    xLabel: 'requests/s (achieved)',
    yLabel: 'tokens/s',
    y2Label: 'requests in flight',
    x,
    series: [
      ...(['outputTokensPerSecond', 'totalTokensPerSecond'] as const).map((key): ChartSeries => ({
        label: `${METRIC_CATALOGUE[key].label} (${METRIC_CATALOGUE[key].unit})`,
        axis: 'y',
        values: sorted.map((b) => b.metrics[key].successful.mean),
      })),
      {
        label: `${METRIC_CATALOGUE.concurrency.label} mean`,
        axis: 'y2',
        values: sorted.map((b) => b.metrics.concurrency.total.mean),
      },
    ],
  });
  return charts;
}

/** The SLO objectives any benchmark of the report was judged by, by name, in first-seen order. */
export function sloObjectiveNames(benchmarks: readonly Benchmark[]): string[] {
  const names = new Set<string>();
  for (const benchmark of benchmarks) {
    for (const objective of benchmark.slo?.objectives ?? []) names.add(objective.name);
  }
  return [...names];
}

/** A benchmark's verdict on the SLO objective `name`, if it was judged by it. */
export function sloObjective(
  benchmark: Benchmark,
  name: string,
): NonNullable<Benchmark['slo']>['objectives'][number] | undefined {
  return benchmark.slo?.objectives.find((objective) => objective.name === name);
}

function sloCharts(sorted: Benchmark[]): ChartSpec[] {
  const x = sorted.map(achievedRate);
  return sloObjectiveNames(sorted)
    .map((name): ChartSpec => {
      const objectives = sorted.map((b) => sloObjective(b, name));
      const threshold = objectives.find((objective) => objective !== undefined)!.threshold;
      return {
        id: `slo-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`,
        section: 'slo',
        title: `SLO frontier: ${name}`,
        xLabel: 'requests/s (achieved)',
        yLabel: 'measured',
        x,
        series: [
          {
            label: 'measured',
            axis: 'y',
            values: objectives.map((objective) => objective?.measured ?? null),
          },
          { label: 'threshold', axis: 'y', dashed: true, values: x.map(() => threshold) },
        ],
      };
    })
    .filter((chart) => chart.series[0]!.values.some((value) => value !== null));
}

function capacityCharts(report: BenchmarkReport): ChartSpec[] {
  const capacity = report.capacity;
  if (capacity === undefined || capacity.steps.length === 0) return [];
  const steps = [...capacity.steps].sort((a, b) => a.ratePerSecond - b.ratePerSecond);
  return [
    {
      id: 'capacity-steps',
      section: 'capacity',
      title: 'Capacity search: achieved rate per rate tried (SLOs held: 1, failed: 0)',
      xLabel: 'requests/s (offered)',
      yLabel: 'requests/s (achieved)',
      y2Label: 'SLOs held',
      x: steps.map((step) => step.ratePerSecond),
      series: [
        {
          label: 'achieved requests/s',
          axis: 'y',
          values: steps.map((step) => step.achievedRatePerSecond),
        },
        { label: 'SLOs held', axis: 'y2', values: steps.map((step) => (step.passed ? 1 : 0)) },
      ],
      markersX: [{ value: capacity.maxRatePerSecond, label: 'capacity' }],
    },
  ];
}

function distributionChart(benchmark: Benchmark): ChartSpec | undefined {
  const m = benchmark.metrics;
  if (m.ttftMs.successful.count === 0 && m.requestLatencyMs.successful.count === 0) {
    return undefined;
  }
  return {
    id: `distribution-${benchmark.index}`,
    section: 'benchmark',
    benchmarkIndex: benchmark.index,
    title: `${strategyLabel(benchmark.strategy)}: latency percentiles`,
    xLabel: 'percentile',
    yLabel: 'ms (TTFT, latency)',
    y2Label: 'ms (ITL)',
    x: PERCENTILE_KEYS.map((key) => PERCENTILE_PERCENTS[key]),
    series: [
      ['TTFT', m.ttftMs.successful, 'y'] as const,
      ['request latency', m.requestLatencyMs.successful, 'y'] as const,
      ['ITL', m.itlMs.successful, 'y2'] as const,
    ].map(([label, distribution, axis]) => ({
      label,
      axis,
      // A distribution without samples has null percentiles: a gap in the line.
      values: PERCENTILE_KEYS.map((key) => distribution.percentiles[key]),
    })),
  };
}

function timeSeriesChart(benchmark: Benchmark): ChartSpec | undefined {
  const series = benchmark.timeSeries;
  const length = series.requestsDispatched.length;
  if (length === 0) return undefined;
  const perSecond = 1000 / series.bucketMs;
  const rate = (values: number[]): number[] => values.map((value) => value * perSecond);
  return {
    id: `timeseries-${benchmark.index}`,
    section: 'benchmark',
    benchmarkIndex: benchmark.index,
    title: `${strategyLabel(benchmark.strategy)}: requests and tokens over time`,
    xLabel: 's since benchmark start',
    yLabel: 'requests/s, in flight',
    y2Label: 'tokens/s',
    x: Array.from({ length }, (_, i) => (i * series.bucketMs) / 1000),
    series: [
      { label: 'dispatched/s', axis: 'y', values: rate(series.requestsDispatched) },
      { label: 'completed/s', axis: 'y', values: rate(series.requestsCompleted) },
      { label: 'errored/s', axis: 'y', values: rate(series.requestsErrored) },
      { label: 'in flight', axis: 'y', values: series.concurrency },
      { label: 'output tokens/s', axis: 'y2', values: rate(series.outputTokens) },
    ],
  };
}

/**
 * Every chart of the HTML report, as plain data: latency and throughput against the achieved
 * request rate, the SLO frontier and capacity search when the run had them, and per benchmark
 * its latency percentiles, its requests and tokens over time and, when the run scraped them,
 * the server's own metrics on the same time axis.
 */
export function buildChartSpecs(report: BenchmarkReport): ChartSpec[] {
  const sorted = byAchievedRate(report);
  const charts: ChartSpec[] = [];
  if (sorted.length > 0) charts.push(...rateCharts(sorted), ...sloCharts(sorted));
  charts.push(...capacityCharts(report));
  for (const benchmark of report.benchmarks) {
    const distribution = distributionChart(benchmark);
    if (distribution !== undefined) charts.push(distribution);
    const overTime = timeSeriesChart(benchmark);
    if (overTime !== undefined) charts.push(overTime);
    const server = serverMetricsChart(benchmark);
    if (server !== undefined) charts.push(server);
  }
  return charts;
}
