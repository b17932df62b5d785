import type { Benchmark } from '../report/benchmark-schema.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import { PERCENTILE_KEYS, type Distribution } from '../report/distribution-schema.js';

/** A comparison of an SLO: the measured value must satisfy `measured <op> threshold`. */
export type SloOperator = '<=' | '<' | '>=' | '>';

/** Latency-like metrics an SLO can bound (lower is better; default operator `<=`). */
export const SLO_LATENCY_METRICS = [
  'ttftMs',
  'ttfotMs',
  'itlMs',
  'tpotMs',
  'requestLatencyMs',
  'decodeTimeMs',
  'scheduledTtftMs',
  'scheduledLatencyMs',
  'dispatchLagMs',
] as const;

/** Throughput-like metrics an SLO can bound (higher is better; default operator `>=`). */
export const SLO_RATE_METRICS = [
  'requestsPerSecond',
  'outputTokensPerSecond',
  'promptTokensPerSecond',
  'totalTokensPerSecond',
] as const;

/** A metric an SLO can name. `errorRate` is errored / (successful + errored) in the window. */
export type SloMetric =
  (typeof SLO_LATENCY_METRICS)[number] | (typeof SLO_RATE_METRICS)[number] | 'errorRate';

/** A statistic of a distribution an SLO can bound. */
export type SloStatistic = (typeof PERCENTILE_KEYS)[number] | 'mean' | 'median' | 'min' | 'max';

const STATISTICS: readonly string[] = [...PERCENTILE_KEYS, 'mean', 'median', 'min', 'max'];
const LATENCY: readonly string[] = SLO_LATENCY_METRICS;
const RATES: readonly string[] = SLO_RATE_METRICS;
const ALL_METRICS: readonly string[] = [...LATENCY, ...RATES, 'errorRate'];

/** One objective: `metric.statistic operator threshold`, e.g. TTFT p99 ≤ 500 ms. */
export interface SloObjective {
  metric: SloMetric;
  /** Absent for `errorRate`, which is one number. */
  statistic?: SloStatistic;
  operator: SloOperator;
  threshold: number;
}

/**
 * SLOs as an object: for a distribution metric, statistics and thresholds
 * (`{ ttftMs: { p99: 500 } }`); for `errorRate`, a number. Keys may be camelCase or snake_case.
 * Latency metrics use `<=`, throughput metrics `>=`, `errorRate` `<=`.
 */
export type SloObject = Partial<Record<string, number | Partial<Record<string, number>>>>;

/**
 * SLOs as args accept them: the object form ({@link SloObject}), or a string of comma-separated
 * objectives, e.g. `ttft_ms.p99<=500,itl_ms.p95<=50,error_rate<=0.01,requests_per_second>=10`.
 */
export type SloInput = string | SloObject;

/** `ttft_ms` → `ttftMs`; camelCase passes through. */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_whole, letter: string) => letter.toUpperCase());
}

function unknownMetric(name: string): string {
  return `unknown SLO metric "${name}": expected one of ${ALL_METRICS.join(', ')} (snake_case accepted, e.g. ttft_ms)`;
}

function checkObjective(
  rawMetric: string,
  rawStatistic: string | undefined,
  operator: SloOperator | undefined,
  threshold: number,
  errors: string[],
): SloObjective | undefined {
  const metric = camelCase(rawMetric.trim());
  if (!ALL_METRICS.includes(metric)) {
    errors.push(unknownMetric(rawMetric));
    return undefined;
  }
  if (!Number.isFinite(threshold)) {
    errors.push(`${rawMetric}: expected a finite threshold, received ${threshold}`);
    return undefined;
  }
  if (metric === 'errorRate') {
    if (rawStatistic !== undefined) {
      errors.push(`error_rate: takes no statistic, received "${rawStatistic}"`);
      return undefined;
    }
    return { metric, operator: operator ?? '<=', threshold };
  }
  const statistic = rawStatistic?.trim() ?? (RATES.includes(metric) ? 'mean' : undefined);
  if (statistic === undefined) {
    errors.push(
      `${rawMetric}: expected a statistic such as ${rawMetric}.p99 (one of ${STATISTICS.join(', ')}), received none`,
    );
    return undefined;
  }
  if (!STATISTICS.includes(statistic)) {
    errors.push(
      `${rawMetric}.${statistic}: unknown statistic "${statistic}", expected one of ${STATISTICS.join(', ')}`,
    );
    return undefined;
  }
  return {
    metric: metric as SloMetric,
    statistic: statistic as SloStatistic,
    operator: operator ?? (RATES.includes(metric) ? '>=' : '<='),
    threshold,
  };
}

const OBJECTIVE = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z0-9_]+))?\s*(<=|>=|<|>)\s*(\S+)\s*$/;

function parseSloString(text: string, errors: string[]): SloObjective[] {
  const objectives: SloObjective[] = [];
  const parts = text.split(',').filter((part) => part.trim() !== '');
  if (parts.length === 0) errors.push('expected at least one objective, e.g. ttft_ms.p99<=500');
  for (const part of parts) {
    const match = OBJECTIVE.exec(part);
    if (match === null) {
      errors.push(
        `"${part.trim()}": expected metric.statistic<=threshold, e.g. ttft_ms.p99<=500 (operators <=, <, >=, >)`,
      );
      continue;
    }
    const [, metric = '', statistic, operator, value = ''] = match;
    const threshold = Number(value);
    if (value === '' || !Number.isFinite(threshold)) {
      errors.push(`"${part.trim()}": expected a number after ${operator}, received "${value}"`);
      continue;
    }
    const objective = checkObjective(metric, statistic, operator as SloOperator, threshold, errors);
    if (objective !== undefined) objectives.push(objective);
  }
  return objectives;
}

function parseSloObject(input: SloObject, errors: string[]): SloObjective[] {
  const objectives: SloObjective[] = [];
  const entries = Object.entries(input);
  if (entries.length === 0)
    errors.push('expected at least one objective, e.g. { ttftMs: { p99: 500 } }');
  for (const [metric, value] of entries) {
    if (typeof value === 'number') {
      const objective = checkObjective(metric, undefined, undefined, value, errors);
      if (objective !== undefined) objectives.push(objective);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [statistic, threshold] of Object.entries(value)) {
        if (typeof threshold !== 'number') {
          errors.push(`${metric}.${statistic}: expected a number, received ${typeof threshold}`);
          continue;
        }
        const objective = checkObjective(metric, statistic, undefined, threshold, errors);
        if (objective !== undefined) objectives.push(objective);
      }
    } else {
      errors.push(
        `${metric}: expected a number or an object of statistics, received ${String(value)}`,
      );
    }
  }
  return objectives;
}

/**
 * Parses SLOs from a string or an object into objectives. Returns the problems instead of
 * throwing, each a sentence naming the field, what was expected and what was received.
 *
 * @example
 * ```ts
 * parseSlo('ttft_ms.p99<=500,error_rate<=0.01');
 * // { objectives: [{ metric: 'ttftMs', statistic: 'p99', operator: '<=', threshold: 500 },
 * //                { metric: 'errorRate', operator: '<=', threshold: 0.01 }], errors: [] }
 * ```
 */
export function parseSlo(input: unknown): { objectives: SloObjective[]; errors: string[] } {
  const errors: string[] = [];
  let objectives: SloObjective[] = [];
  if (typeof input === 'string') objectives = parseSloString(input, errors);
  else if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    objectives = parseSloObject(input as SloObject, errors);
  } else {
    errors.push(
      `expected a string such as "ttft_ms.p99<=500" or an object, received ${typeof input}`,
    );
  }
  return { objectives, errors };
}

/** The objective written the way the `--slo` flag takes it, e.g. `ttft_ms.p99<=500`. */
export function sloLabel(objective: SloObjective): string {
  const metric = objective.metric.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const statistic = objective.statistic === undefined ? '' : `.${objective.statistic}`;
  return `${metric}${statistic}${objective.operator}${objective.threshold}`;
}

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

function statisticOf(distribution: Distribution, statistic: SloStatistic): number {
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
export function measureObjective(objective: SloObjective, benchmark: Benchmark): number | null {
  if (objective.metric === 'errorRate') {
    // By dispatch inside the measured window, like every per-request metric.
    const latency = benchmark.metrics.requestLatencyMs;
    const finished = latency.successful.count + latency.errored.count;
    return finished === 0 ? null : latency.errored.count / finished;
  }
  const distribution = benchmark.metrics[objective.metric].successful;
  // A rate is a mean over the window even when no bucket held a request; a latency is not.
  if (distribution.count === 0 && LATENCY.includes(objective.metric)) return null;
  if (distribution.count === 0) return 0;
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
export function evaluateSlo(objectives: readonly SloObjective[], benchmark: Benchmark): SloReport {
  const results = objectives.map((objective): SloResult => {
    const measured = measureObjective(objective, benchmark);
    return {
      name: sloLabel(objective),
      ...objective,
      measured,
      passed: measured !== null && compare(measured, objective.operator, objective.threshold),
    };
  });
  return { passed: results.every((result) => result.passed), objectives: results };
}

/**
 * The run's SLO verdict, as the CLI's exit code reports it: for a capacity search, whether any
 * rate met every SLO; otherwise whether every benchmark met them. `undefined` without SLOs.
 */
export function reportSloPassed(report: BenchmarkReport): boolean | undefined {
  if (report.capacity !== undefined) return report.capacity.steps.some((step) => step.passed);
  const judged = report.benchmarks.filter((benchmark) => benchmark.slo !== undefined);
  if (judged.length === 0) return undefined;
  return judged.every((benchmark) => benchmark.slo?.passed === true);
}
