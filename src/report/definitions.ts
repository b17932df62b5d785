import { METRIC_CATALOGUE, type MetricKey } from '../metrics/catalogue.js';

/**
 * One-sentence definitions of the report's conventions (statuses, the window, the statistics);
 * each metric's own definition is in the catalogue (src/metrics/catalogue.ts).
 */
/** A term of the report's conventions defined in `report.definitions`. */
export type ConventionTerm =
  | 'successful'
  | 'errored'
  | 'incomplete'
  | 'total'
  | 'measuredWindow'
  | 'count'
  | 'percentiles'
  | 'variance'
  | 'eventLoopDelayMs'
  | 'achievedRatePerSecond'
  | 'clientBound'
  | 'newConnections'
  | 'mockServer'
  | 'workers';

const CONVENTIONS: Readonly<Record<ConventionTerm, string>> = {
  successful: 'Status of a request that completed normally.',
  errored:
    'Status of a request that failed: HTTP error, transport error, error event in the stream, or unusable response.',
  incomplete:
    'Status of a request cancelled after dispatch (stop, abort, or timeout at the end of a benchmark).',
  total:
    'All requests of the three statuses together, incomplete ones included: total latency and throughput count requests cancelled in flight, with the tokens they received.',
  measuredWindow:
    'The benchmark minus warmup and cooldown: latency metrics take requests dispatched inside it, throughput metrics requests completed inside it; measuredRequestCounts counts both.',
  count:
    'Samples of a distribution: requests for per-request metrics, gaps for itlMs, ~1 s buckets for throughput, requests in flight for concurrency. With count 0 every statistic is null.',
  percentiles:
    'Linear interpolation between closest ranks (numpy default); p001 is the 0.1th and p999 the 99.9th percentile; median equals p50.',
  variance:
    'Population variance; stdDev is its square root; mode is the most frequent value, smallest on ties.',
  eventLoopDelayMs: "Delay of the client's Node.js event loop during the benchmark (ms).",
  achievedRatePerSecond:
    'Dispatches per second over the span from the first to the last dispatch: (dispatches - 1) / span (requests/s).',
  clientBound:
    'True when the load generator could not keep up: dispatch lag p99 > 10 ms, event-loop delay p99 > 20 ms, or achieved rate < 95% of the scheduled rate.',
  newConnections:
    "Connections requests had to open while the benchmark ran, after the client opened its pool before the clock started; each one's set-up is inside a request's TTFT.",
  mockServer:
    "Where the built-in mock server ran for target 'mock': worker-thread (its own event loop) or client-thread (sharing the client's).",
  workers:
    'Worker threads that sent the requests from the one schedule the main thread kept (count), and how many requests each sent; absent when the calling thread sent them.',
};

/** The name of a defined metric or convention. */
export type DefinedTerm = MetricKey | ConventionTerm;

/**
 * One-sentence definitions, with units, of every metric and convention in a report; copied into
 * `report.definitions` so a reader never has to guess. docs/concepts/metrics.md has the long form.
 */
export const METRIC_DEFINITIONS: Readonly<Record<DefinedTerm, string>> = {
  ...(Object.fromEntries(
    Object.entries(METRIC_CATALOGUE).map(([key, entry]) => [key, entry.definition]),
  ) as Record<MetricKey, string>),
  ...CONVENTIONS,
};
