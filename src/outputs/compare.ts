import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import { METRIC_CATALOGUE, type BenchmarkMetricKey } from '../metrics/catalogue.js';
import type { Distribution } from '../metrics/distribution-types.js';
import { STATISTICS, type Statistic } from './compare-statistics.js';
import { NO_VALUE, formatNumber, renderTable } from '../internal/text-table.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** Options of {@link compareReports}. */
export interface CompareOptions {
  /**
   * How many combined standard errors a difference must exceed to count as beyond noise.
   * @default 3
   */
  zThreshold?: number;
  /**
   * The smallest change, in percent of the baseline, that counts; a smaller one is within
   * run-to-run noise however tight the distributions (a run never repeats exactly).
   * @default 5
   */
  minChangePercent?: number;
}

/** Whether a larger value of a metric is better or worse. */
export type Direction = 'lower-is-better' | 'higher-is-better';

/**
 * One metric of one matched benchmark pair. A statistic of a distribution without samples is
 * `null`, and so is every figure computed from it.
 */
export interface MetricComparison {
  metric: string;
  unit: string;
  direction: Direction;
  baseline: number | null;
  candidate: number | null;
  /** `(candidate − baseline) / baseline × 100`; 0 when both are 0. */
  changePercent: number | null;
  /** The noise estimate of the difference (combined standard error), in the metric's unit. */
  noise: number | null;
  /** The difference in noise units, `(candidate − baseline) / noise` (±Infinity when noise is 0). */
  z: number | null;
  /** Both reports hold enough samples to estimate the statistic (see `compareReports`). */
  resolvable: boolean;
  /** The change exceeds both the statistical and the practical noise threshold. */
  significant: boolean;
  /** `better`, `worse`, or `same` (within noise). */
  verdict: 'better' | 'worse' | 'same';
}

/** A benchmark of the baseline matched with one of the candidate. */
export interface BenchmarkComparison {
  label: string;
  baselineIndex: number;
  candidateIndex: number;
  metrics: MetricComparison[];
}

/** The result of {@link compareReports}. */
export interface ReportComparison {
  benchmarks: BenchmarkComparison[];
  /** Labels of benchmarks found in only one report. */
  unmatched: { baseline: string[]; candidate: string[] };
  /** How many metrics changed beyond noise, over all matched benchmarks. */
  significantChanges: number;
  /** The thresholds used. */
  options: Required<CompareOptions>;
}

/** The metrics `compare` looks at, with the statistics it compares; the rest is the catalogue's. */
const COMPARED = [
  ['ttftMs', ['p50', 'p95', 'p99']],
  ['itlMs', ['p50', 'p99']],
  ['tpotMs', ['p50']],
  ['requestLatencyMs', ['p50', 'p99']],
  ['requestsPerSecond', ['mean']],
  ['outputTokensPerSecond', ['mean']],
] as const satisfies readonly (readonly [
  BenchmarkMetricKey,
  readonly (keyof typeof STATISTICS)[],
])[];

/** The key benchmarks are matched by: strategy type and its rate, streams or cap. */
function matchKey(benchmark: Benchmark): string {
  const s = benchmark.strategy;
  switch (s.type) {
    case 'synchronous':
      return 'synchronous';
    case 'concurrent':
      return `concurrent:${s.streams}`;
    case 'throughput':
      return `throughput:${s.maxConcurrency}`;
    case 'constant':
    case 'poisson':
      return `${s.type}:${s.ratePerSecond}`;
    case 'replay':
      return `replay:${s.timeScale}`;
  }
}

function compareMetric(
  metric: string,
  unit: string,
  direction: Direction,
  statistic: Statistic,
  baseline: Distribution,
  candidate: Distribution,
  options: Required<CompareOptions>,
): MetricComparison {
  const a = statistic.value(baseline);
  const b = statistic.value(candidate);
  const compared = { metric: `${metric} ${statistic.name}`, unit, direction };
  if (a === null || b === null) {
    // A side without samples: nothing to compare.
    return {
      ...compared,
      baseline: a,
      candidate: b,
      changePercent: null,
      noise: null,
      z: null,
      resolvable: false,
      significant: false,
      verdict: 'same',
    };
  }
  const noise = Math.hypot(statistic.standardError(baseline), statistic.standardError(candidate));
  const difference = b - a;
  const changePercent = a === 0 ? (b === 0 ? 0 : Infinity) : (difference / Math.abs(a)) * 100;
  const z =
    noise > 0 ? difference / noise : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const resolvable = statistic.resolvable(baseline) && statistic.resolvable(candidate);
  const significant =
    resolvable &&
    Math.abs(z) > options.zThreshold &&
    Math.abs(changePercent) > options.minChangePercent;
  const improved = direction === 'lower-is-better' ? difference < 0 : difference > 0;
  return {
    ...compared,
    baseline: a,
    candidate: b,
    changePercent,
    noise,
    z,
    resolvable,
    significant,
    verdict: significant ? (improved ? 'better' : 'worse') : 'same',
  };
}

/**
 * Compares two reports metric by metric. Benchmarks are matched by strategy type and rate (or
 * streams). A change counts as beyond run-to-run noise when it exceeds `zThreshold` combined
 * standard errors of the two estimates (percentiles: distribution-free, from order statistics
 * over each distribution's own percentiles; means: standard deviation over √n) and also
 * `minChangePercent` of the baseline. A percentile with fewer than 5 samples beyond it in either
 * report is not judged (`resolvable: false`).
 * Only successful requests count; throughput is over 1-second buckets.
 */
export function compareReports(
  baseline: BenchmarkReport,
  candidate: BenchmarkReport,
  options: CompareOptions = {},
): ReportComparison {
  const resolved: Required<CompareOptions> = {
    zThreshold: options.zThreshold ?? 3,
    minChangePercent: options.minChangePercent ?? 5,
  };
  const candidates = new Map<string, Benchmark>();
  for (const benchmark of candidate.benchmarks) {
    const key = matchKey(benchmark);
    if (!candidates.has(key)) candidates.set(key, benchmark);
  }
  const matched = new Set<string>();
  const benchmarks: BenchmarkComparison[] = [];
  const unmatchedBaseline: string[] = [];
  for (const a of baseline.benchmarks) {
    const key = matchKey(a);
    const b = candidates.get(key);
    if (b === undefined || matched.has(key)) {
      unmatchedBaseline.push(strategyLabel(a.strategy));
      continue;
    }
    matched.add(key);
    const metrics: MetricComparison[] = [];
    for (const [metricKey, statistics] of COMPARED) {
      const { label, unit, better } = METRIC_CATALOGUE[metricKey];
      for (const name of statistics) {
        metrics.push(
          compareMetric(
            label,
            unit,
            better === 'higher' ? 'higher-is-better' : 'lower-is-better',
            STATISTICS[name],
            a.metrics[metricKey].successful,
            b.metrics[metricKey].successful,
            resolved,
          ),
        );
      }
    }
    benchmarks.push({
      label: strategyLabel(a.strategy),
      baselineIndex: a.index,
      candidateIndex: b.index,
      metrics,
    });
  }
  const unmatchedCandidate = candidate.benchmarks
    .filter((b) => !matched.has(matchKey(b)))
    .map((b) => strategyLabel(b.strategy));
  return {
    benchmarks,
    unmatched: { baseline: unmatchedBaseline, candidate: unmatchedCandidate },
    significantChanges: benchmarks.reduce(
      (total, b) => total + b.metrics.filter((m) => m.significant).length,
      0,
    ),
    options: resolved,
  };
}

function signedPercent(value: number | null): string {
  if (value === null) return NO_VALUE;
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : '-inf';
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** The change a metric must exceed, in percent of the baseline: the larger of both thresholds. */
function noiseBand(m: MetricComparison, options: Required<CompareOptions>): string {
  if (m.baseline === null || m.noise === null) return NO_VALUE;
  if (m.baseline === 0) return '-';
  const statistical = (options.zThreshold * m.noise * 100) / Math.abs(m.baseline);
  return `${Math.max(statistical, options.minChangePercent).toFixed(1)}%`;
}

/** Renders a comparison as text tables, one per matched benchmark, and a closing verdict. */
export function renderComparison(comparison: ReportComparison): string {
  const lines: string[] = [];
  for (const benchmark of comparison.benchmarks) {
    lines.push(benchmark.label);
    lines.push(
      renderTable(
        ['Metric', 'Unit', 'Baseline', 'Candidate', 'Change', '± noise', 'Verdict'],
        benchmark.metrics.map((m) => [
          m.metric,
          m.unit,
          formatNumber(m.baseline, 2),
          formatNumber(m.candidate, 2),
          signedPercent(m.changePercent),
          noiseBand(m, comparison.options),
          m.significant
            ? m.verdict.toUpperCase()
            : m.resolvable
              ? 'within noise'
              : 'too few samples',
        ]),
      ),
      '',
    );
  }
  for (const label of comparison.unmatched.baseline) lines.push(`only in baseline: ${label}`);
  for (const label of comparison.unmatched.candidate) lines.push(`only in candidate: ${label}`);
  lines.push(
    comparison.significantChanges === 0
      ? 'no change beyond run-to-run noise'
      : `${comparison.significantChanges} change(s) beyond run-to-run noise`,
  );
  return `${lines.join('\n')}\n`;
}
