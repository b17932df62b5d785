import { InferbenchError } from '../errors.js';
import { METRIC_CATALOGUE, type MetricKey } from '../metrics/catalogue.js';
import { parseSlo, type SloInput, type SloObjective } from '../metrics/slo-parse.js';
import { evaluateSlo } from '../metrics/slo.js';
import type { Benchmark, SloReportJson } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** One objective's verdict as a report holds it. */
export type SloObjectiveVerdict = SloReportJson['objectives'][number];

/** One objective a benchmark did not meet. */
export interface SloFailure {
  /** The benchmark's position in the report, from 0. */
  benchmarkIndex: number;
  /** The benchmark as a person reads it, e.g. `benchmark 2 of 3 (constant@20/s)`. */
  benchmark: string;
  /** The objective's verdict: metric, statistic, operator, limit and measured value. */
  result: SloObjectiveVerdict;
}

/**
 * Thrown by {@link assertSlo}; its message has one line per objective not met, naming the
 * benchmark, the metric, the limit and the measured value.
 */
export class SloAssertionError extends Error {
  override readonly name = 'SloAssertionError';
  /** Every objective not met, in benchmark order. */
  readonly failures: readonly SloFailure[];

  constructor(failures: readonly SloFailure[]) {
    const lines = failures.map(
      (failure) => `${failure.benchmark}: ${describeFailure(failure.result)}`,
    );
    super(
      failures.length === 1
        ? `SLO not met in ${lines[0]!}`
        : `${failures.length} SLO objectives not met:\n${lines.map((line) => `  - in ${line}`).join('\n')}`,
    );
    this.failures = failures;
  }
}

/** The catalogue's unit of a metric, as a suffix; none for a ratio. */
function unitOf(metric: string): string {
  if (!Object.hasOwn(METRIC_CATALOGUE, metric)) return '';
  const { unit } = METRIC_CATALOGUE[metric as MetricKey];
  return unit === 'ratio' ? '' : ` ${unit}`;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function describeFailure(result: SloObjectiveVerdict): string {
  const unit = unitOf(result.metric);
  const metric =
    result.statistic === undefined ? result.metric : `${result.metric} ${result.statistic}`;
  const measured =
    result.measured === null
      ? 'nothing measured (no successful request in the measured window)'
      : `measured ${round(result.measured)}${unit}`;
  return `${metric} ${measured}, limit ${result.operator} ${round(result.threshold)}${unit} (${result.name})`;
}

function benchmarkName(benchmark: Benchmark, total: number | undefined): string {
  const position =
    total === undefined ? `${benchmark.index + 1}` : `${benchmark.index + 1} of ${total}`;
  return `benchmark ${position} (${strategyLabel(benchmark.strategy)})`;
}

/**
 * Asserts that every benchmark of a report (or one benchmark) meets SLOs, for tests: throws a
 * {@link SloAssertionError} naming each benchmark, metric, limit and measured value that failed.
 * With `slo`, the objectives are evaluated on the report's numbers (e.g. `'ttft_ms.p99<=200'`);
 * without, the verdicts the run computed from its own `slo` arg are checked, and a report that
 * has none is an error, never a pass.
 *
 * @example
 * ```ts
 * const report = await runBenchmark({ target: mock.url, profile: 'constant', rate: 5, maxSeconds: 2 });
 * assertSlo(report, { ttftMs: { p99: 200 }, errorRate: 0 });
 * ```
 */
export function assertSlo(subject: BenchmarkReport | Benchmark, slo?: SloInput): void {
  const benchmarks = 'benchmarks' in subject ? subject.benchmarks : [subject];
  const total = 'benchmarks' in subject ? subject.benchmarks.length : undefined;
  if (benchmarks.length === 0) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      'assertSlo: expected a report with at least one benchmark, received none (was the run aborted during setup?)',
    );
  }
  let objectives: SloObjective[] | undefined;
  if (slo !== undefined) {
    const parsed = parseSlo(slo);
    if (parsed.errors.length > 0 || parsed.objectives.length === 0) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `slo: ${parsed.errors.join('; ') || 'expected at least one objective, received none'}`,
        { field: 'slo' },
      );
    }
    objectives = parsed.objectives;
  }
  const failures: SloFailure[] = [];
  for (const benchmark of benchmarks) {
    const verdict =
      objectives === undefined
        ? benchmark.slo
        : evaluateSlo(objectives, {
            metrics: benchmark.metrics,
            dispatched: benchmark.measuredRequestCounts.dispatched,
          });
    if (verdict === undefined) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `slo: expected objectives to check, either as assertSlo's second argument or in the run's slo arg, received neither for ${benchmarkName(benchmark, total)}`,
        { field: 'slo' },
      );
    }
    for (const result of verdict.objectives) {
      if (!result.passed) {
        failures.push({
          benchmarkIndex: benchmark.index,
          benchmark: benchmarkName(benchmark, total),
          result,
        });
      }
    }
  }
  if (failures.length > 0) throw new SloAssertionError(failures);
}
