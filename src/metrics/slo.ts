import type { BenchmarkMetrics } from './benchmark-metrics.js';
import { METRIC_CATALOGUE } from './catalogue.js';
import type { Distribution } from './distribution-types.js';
import { sloLabel, type SloObjective, type SloOperator, type SloStatistic } from './slo-parse.js';
import type { StatusCounts } from './status-counts.js';

/** One objective's verdict for one benchmark. */
export interface SloResult extends SloObjective {
  /** The objective as text, e.g. `ttft_ms.p99<=500`. */
  name: string;
  /** The measured value; `null` when there was nothing to measure (which fails). */
  measured: number | null;
  passed: boolean;
}

/** Every objective's verdict for one benchmark; `passed` when all passed. */
export interface SloReport {
  passed: boolean;
  objectives: SloResult[];
}

/** What an objective is measured on: a benchmark's metrics and its measured window's counts. */
export interface SloSubject {
  metrics: BenchmarkMetrics;
  /** Requests dispatched inside the measured window, by status. */
  dispatched: StatusCounts;
}

function statisticOf(distribution: Distribution, statistic: SloStatistic): number | null {
  switch (statistic) {
    case 'mean':
      return distribution.mean;
    case 'median':
      return distribution.median;
    case 'min':
      return distribution.min;
    case 'max':
      return distribution.max;
    default:
      return distribution.percentiles[statistic];
  }
}

/** The value an objective bounds, measured on a benchmark; `null` when no sample exists. */
export function measureObjective(objective: SloObjective, subject: SloSubject): number | null {
  const entry = METRIC_CATALOGUE[objective.metric];
  if (entry.kind === 'ratio') {
    // By dispatch inside the measured window, like every per-request metric.
    const { successful, errored } = subject.dispatched;
    return successful + errored === 0 ? null : errored / (successful + errored);
  }
  const distribution = subject.metrics[objective.metric as keyof BenchmarkMetrics].successful;
  // A rate over a window in which nothing completed is 0; a latency without samples is unknown.
  if (distribution.count === 0) return entry.kind === 'rate' ? 0 : null;
  return statisticOf(distribution, objective.statistic ?? 'mean');
}

/** Whether `measured <op> threshold` holds. */
export function compare(measured: number, operator: SloOperator, threshold: number): boolean {
  switch (operator) {
    case '<=':
      return measured <= threshold;
    case '<':
      return measured < threshold;
    case '>=':
      return measured >= threshold;
    case '>':
      return measured > threshold;
  }
}

/**
 * Evaluates every objective on a benchmark: latency statistics over its successful requests
 * dispatched in the measured window, throughput over the window, `errorRate` over the requests
 * dispatched in the window that finished (successful or errored). An objective with nothing to
 * measure fails.
 */
export function evaluateSlo(objectives: readonly SloObjective[], subject: SloSubject): SloReport {
  const results = objectives.map((objective): SloResult => {
    const measured = measureObjective(objective, subject);
    return {
      name: sloLabel(objective),
      ...objective,
      measured,
      passed: measured !== null && compare(measured, objective.operator, objective.threshold),
    };
  });
  return { passed: results.every((result) => result.passed), objectives: results };
}
