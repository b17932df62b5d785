/**
 * The vocabulary of the metric catalogue (src/metrics/catalogue.ts): what an entry says about a
 * metric, and how it names the record columns a metric reads.
 */

/** A timestamp column of a request record (ms since the run start; NaN where absent). */
export type TimeColumn =
  | 'scheduledAt'
  | 'dispatchedAt'
  | 'headersAt'
  | 'firstTokenAt'
  | 'firstOutputTokenAt'
  | 'lastTokenAt'
  | 'endedAt';

/** A count column of a request record (tokens; NaN where absent). */
export type CountColumn =
  'promptTokens' | 'outputTokens' | 'tokenCountDiscrepancy' | 'promptTokenDifference';

/** How one request's value of a per-request metric is read from its record. */
export type RequestValue =
  /** `to − from`; absent where either moment is. */
  | { kind: 'span'; from: TimeColumn; to: TimeColumn }
  /** `(to − from) / (outputTokens − 1)`, for requests with at least two output tokens. */
  | { kind: 'span-per-output-token'; from: TimeColumn; to: TimeColumn }
  /** The column itself. */
  | { kind: 'count'; column: CountColumn }
  /**
   * Every gap between consecutive content-carrying stream parts: each gap is a sample of the
   * metric, and a request's own value (for goodput) is the mean of its gaps.
   */
  | { kind: 'gaps' };

/** What a request completed inside the measured window adds to a rate metric. */
export type RateValue =
  /** One request. */
  | { kind: 'requests' }
  /** The sum of these token columns (an absent count adds 0). */
  | { kind: 'tokens'; columns: readonly ('promptTokens' | 'outputTokens')[] };

/**
 * How a metric is computed, which decides what its distribution's `count` counts:
 * - `per-request`: one sample per request dispatched in the window (`count`: requests);
 * - `per-gap`: one sample per gap between stream parts (`count`: gaps);
 * - `rate`: per-bucket rates over the window, mean = total / window seconds (`count`: buckets);
 * - `time-weighted`: levels weighted by the time each was held (`count`: requests in flight);
 * - `ratio`: one number per benchmark, no distribution (SLOs only).
 */
export type MetricKind = 'per-request' | 'per-gap' | 'rate' | 'time-weighted' | 'ratio';

/** The unit of a metric's values, as tables print it. */
export type MetricUnit = 'ms' | 'ms/token' | 'tokens' | 'req/s' | 'tok/s' | 'requests' | 'ratio';

/** Which way a metric is better: lower (latency), higher (throughput), or neither (sizes). */
export type MetricDirection = 'lower' | 'higher' | 'neither';

/** Where a metric's distributions sit in a benchmark of the report. */
export type MetricPlace =
  /** `benchmark.metrics[key]`, one distribution per status. */
  | 'metrics'
  /** `benchmark.tokenCounts[key]`, one distribution over every status. */
  | 'token-counts'
  /** Not in the report's metrics: an SLO can name it (`errorRate`). */
  | 'slo-only';

/** What every catalogue entry says, whatever its kind. */
export interface MetricEntryBase {
  /** The one human label of the metric, e.g. `TTFT`. */
  label: string;
  /** A shorter column header for compact tables, when the label is long. */
  short?: string;
  unit: MetricUnit;
  better: MetricDirection;
  place: MetricPlace;
  /** An SLO may bound one of its statistics. */
  slo: boolean;
  /** Goodput may apply an SLO bound on it to each request (per-request latencies only). */
  goodput: boolean;
  /** One sentence with the unit, copied into `report.definitions`. */
  definition: string;
}

/** One metric of the catalogue. */
export type MetricEntry =
  | (MetricEntryBase & {
      kind: 'per-request';
      reads: Exclude<RequestValue, { kind: 'gaps' }>;
    })
  | (MetricEntryBase & { kind: 'per-gap'; reads: Extract<RequestValue, { kind: 'gaps' }> })
  | (MetricEntryBase & { kind: 'rate'; reads: RateValue })
  | (MetricEntryBase & { kind: 'time-weighted'; reads: { from: TimeColumn; to: TimeColumn } })
  | (MetricEntryBase & { kind: 'ratio' });
