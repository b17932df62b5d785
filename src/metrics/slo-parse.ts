import { METRIC_CATALOGUE, SLO_METRIC_KEYS, snakeCaseOf, type SloMetricKey } from './catalogue.js';
import { PERCENTILE_KEYS, type PercentileKey } from './distribution-types.js';

/** A comparison of an SLO: the measured value must satisfy `measured <op> threshold`. */
export type SloOperator = '<=' | '<' | '>=' | '>';

/**
 * A metric an SLO can name: a catalogue metric with `slo: true` (latencies, throughputs) or
 * `errorRate` (errored / (successful + errored) in the window).
 */
export type SloMetric = SloMetricKey;

/** A statistic of a distribution an SLO can bound. */
export type SloStatistic = PercentileKey | 'mean' | 'median' | 'min' | 'max';

const STATISTICS: readonly string[] = [...PERCENTILE_KEYS, 'mean', 'median', 'min', 'max'];
const ALL_METRICS: readonly string[] = SLO_METRIC_KEYS;

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
 * Metrics where lower is better use `<=`, throughput metrics `>=`.
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
  const entry = METRIC_CATALOGUE[metric as SloMetric];
  // Lower-is-better metrics are bounded from above, throughputs from below.
  const defaultOperator: SloOperator = entry.better === 'higher' ? '>=' : '<=';
  if (entry.kind === 'ratio') {
    if (rawStatistic !== undefined) {
      errors.push(`${snakeCaseOf(metric)}: takes no statistic, received "${rawStatistic}"`);
      return undefined;
    }
    return { metric: metric as SloMetric, operator: operator ?? defaultOperator, threshold };
  }
  // A rate's mean is its window rate, the natural default.
  const statistic = rawStatistic?.trim() ?? (entry.kind === 'rate' ? 'mean' : undefined);
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
    operator: operator ?? defaultOperator,
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
  const statistic = objective.statistic === undefined ? '' : `.${objective.statistic}`;
  return `${snakeCaseOf(objective.metric)}${statistic}${objective.operator}${objective.threshold}`;
}
