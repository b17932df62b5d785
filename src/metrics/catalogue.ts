/**
 * The metric catalogue: one entry per metric of a report, the only place a metric is named,
 * labelled, given a unit and a direction, and defined. The report schema's metric keys, the
 * report's `definitions`, the per-request metrics, throughput, SLO and goodput names, the CSV
 * columns, `compare`, the charts and the summaries are all derived from it.
 *
 * To add a metric, add an entry here (see docs/decisions/0006-one-metric-catalogue.md): a
 * per-request metric says which record columns it reads and is computed, split by status,
 * windowed and reported with no other change; a new kind of metric also needs its computation
 * in src/metrics/ and its place in src/metrics/benchmark-metrics.ts.
 */
import type { MetricEntry } from './catalogue-types.js';

const latency = { unit: 'ms', better: 'lower', place: 'metrics', slo: true } as const;
const tokens = {
  unit: 'tokens',
  better: 'neither',
  place: 'metrics',
  slo: false,
  goodput: false,
} as const;
const throughput = {
  kind: 'rate',
  better: 'higher',
  place: 'metrics',
  slo: true,
  goodput: false,
} as const;

/**
 * Every metric, in report order. Keys are the report's field names (camelCase, unit in the
 * name); SLO strings accept them in snake_case too (`ttft_ms`).
 */
export const METRIC_CATALOGUE = {
  ttftMs: {
    ...latency,
    kind: 'per-request',
    label: 'TTFT',
    reads: { kind: 'span', from: 'dispatchedAt', to: 'firstTokenAt' },
    goodput: true,
    definition:
      'Time to first token: first stream part carrying text, reasoning or a tool-call delta, minus dispatch (ms).',
  },
  ttfotMs: {
    ...latency,
    kind: 'per-request',
    label: 'TTFOT',
    reads: { kind: 'span', from: 'dispatchedAt', to: 'firstOutputTokenAt' },
    goodput: true,
    definition:
      'Time to first output token: first part carrying non-reasoning output text or a tool call, minus dispatch (ms).',
  },
  itlMs: {
    ...latency,
    kind: 'per-gap',
    label: 'ITL',
    reads: { kind: 'gaps' },
    goodput: true,
    definition:
      "Inter-token latency: every gap between consecutive content-carrying stream parts, pooled across requests; a request's own ITL (goodput) is the mean of its gaps (ms).",
  },
  tpotMs: {
    ...latency,
    kind: 'per-request',
    label: 'TPOT',
    unit: 'ms/token',
    reads: { kind: 'span-per-output-token', from: 'firstTokenAt', to: 'lastTokenAt' },
    goodput: true,
    definition:
      'Time per output token: (last token time - first token time) / (output tokens - 1), for requests with at least 2 output tokens (ms/token).',
  },
  requestLatencyMs: {
    ...latency,
    kind: 'per-request',
    label: 'Latency',
    reads: { kind: 'span', from: 'dispatchedAt', to: 'endedAt' },
    goodput: true,
    definition:
      'End-to-end latency: response fully consumed (or failed) minus dispatch, trailing usage and [DONE] frames included (ms).',
  },
  lastTokenLatencyMs: {
    ...latency,
    kind: 'per-request',
    label: 'Last-token latency',
    reads: { kind: 'span', from: 'dispatchedAt', to: 'lastTokenAt' },
    goodput: true,
    definition:
      "Last-token latency: last stream part carrying generated content minus dispatch; vLLM bench's E2EL (ms).",
  },
  decodeTimeMs: {
    ...latency,
    kind: 'per-request',
    label: 'Decode time',
    reads: { kind: 'span', from: 'firstTokenAt', to: 'lastTokenAt' },
    goodput: true,
    definition: 'Decode time: last token time minus first token time (ms).',
  },
  scheduledTtftMs: {
    ...latency,
    kind: 'per-request',
    label: 'Scheduled TTFT',
    reads: { kind: 'span', from: 'scheduledAt', to: 'firstTokenAt' },
    goodput: true,
    definition:
      'TTFT measured from the scheduled send time instead of dispatch, corrected for coordinated omission (ms).',
  },
  scheduledLatencyMs: {
    ...latency,
    kind: 'per-request',
    label: 'Scheduled latency',
    reads: { kind: 'span', from: 'scheduledAt', to: 'endedAt' },
    goodput: true,
    definition:
      'End-to-end latency measured from the scheduled send time instead of dispatch (ms).',
  },
  dispatchLagMs: {
    ...latency,
    kind: 'per-request',
    label: 'Dispatch lag',
    reads: { kind: 'span', from: 'scheduledAt', to: 'dispatchedAt' },
    goodput: false,
    definition:
      'Dispatch time minus the send time the strategy scheduled; exactly 0 for closed-loop strategies (ms).',
  },
  promptTokens: {
    ...tokens,
    kind: 'per-request',
    label: 'Prompt tokens',
    reads: { kind: 'count', column: 'promptTokens' },
    definition: "Prompt tokens: the server's usage count, else the data source's count (tokens).",
  },
  outputTokens: {
    ...tokens,
    kind: 'per-request',
    label: 'Output tokens',
    reads: { kind: 'count', column: 'outputTokens' },
    definition:
      "Output tokens: the server's usage count, else the tokenizer's count, else the number of content parts (tokens).",
  },
  requestsPerSecond: {
    ...throughput,
    label: 'Requests',
    short: 'Req/s',
    unit: 'req/s',
    reads: { kind: 'requests' },
    definition:
      'Requests that completed inside the measured window divided by its length; the distribution is over ~1 s buckets (requests/s).',
  },
  outputTokensPerSecond: {
    ...throughput,
    label: 'Output tokens',
    short: 'Out tok/s',
    unit: 'tok/s',
    reads: { kind: 'tokens', columns: ['outputTokens'] },
    definition:
      'Output tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  },
  promptTokensPerSecond: {
    ...throughput,
    label: 'Prompt tokens',
    short: 'In tok/s',
    unit: 'tok/s',
    reads: { kind: 'tokens', columns: ['promptTokens'] },
    definition:
      'Prompt tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  },
  totalTokensPerSecond: {
    ...throughput,
    label: 'Total tokens',
    short: 'Tok/s',
    unit: 'tok/s',
    reads: { kind: 'tokens', columns: ['promptTokens', 'outputTokens'] },
    definition:
      'Prompt plus output tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  },
  concurrency: {
    kind: 'time-weighted',
    label: 'Concurrency',
    unit: 'requests',
    better: 'neither',
    place: 'metrics',
    slo: false,
    goodput: false,
    reads: { from: 'dispatchedAt', to: 'endedAt' },
    definition:
      'Requests in flight (between dispatch and end), weighted by the time each level was held inside the measured window; count is the number of requests in flight in it (requests).',
  },
  tokenCountDiscrepancy: {
    kind: 'per-request',
    label: 'Token count discrepancy',
    unit: 'tokens',
    better: 'neither',
    place: 'token-counts',
    slo: false,
    goodput: false,
    reads: { kind: 'count', column: 'tokenCountDiscrepancy' },
    definition:
      'Server output token count minus the tokenizer count, where both exist, over every status (tokens).',
  },
  promptTokenDifference: {
    kind: 'per-request',
    label: 'Prompt token difference',
    unit: 'tokens',
    better: 'neither',
    place: 'token-counts',
    slo: false,
    goodput: false,
    reads: { kind: 'count', column: 'promptTokenDifference' },
    definition:
      'Server prompt token count minus the prompt length the data source intended, where both exist, over every status; a chat template or a BOS token adds a constant (tokens).',
  },
  errorRate: {
    kind: 'ratio',
    label: 'Error rate',
    unit: 'ratio',
    better: 'lower',
    place: 'slo-only',
    slo: true,
    goodput: false,
    definition:
      'Errored / (successful + errored) requests dispatched inside the measured window; incomplete ones are neither (0 to 1).',
  },
} as const satisfies Readonly<Record<string, MetricEntry>>;

/** The name of a metric of the catalogue. */
export type MetricKey = keyof typeof METRIC_CATALOGUE;

/** The names of the catalogue's metrics whose entry matches `Shape`, e.g. `{ slo: true }`. */
export type MetricKeysWhere<Shape> = {
  [K in MetricKey]: (typeof METRIC_CATALOGUE)[K] extends Shape ? K : never;
}[MetricKey];

/** A metric under `benchmark.metrics`, one distribution per status. */
export type BenchmarkMetricKey = MetricKeysWhere<{ place: 'metrics' }>;
/** A metric computed from each request's record: per-request or per-gap. */
export type RecordMetricKey = MetricKeysWhere<{ kind: 'per-request' | 'per-gap' }>;
/** A throughput metric. */
export type RateMetricKey = MetricKeysWhere<{ kind: 'rate' }>;
/** A metric an SLO can name. */
export type SloMetricKey = MetricKeysWhere<{ slo: true }>;
/** A metric goodput can apply a per-request threshold to. */
export type GoodputMetricKey = MetricKeysWhere<{ goodput: true }>;

function keysWhere<K extends MetricKey>(test: (entry: MetricEntry) => boolean): readonly K[] {
  return (Object.keys(METRIC_CATALOGUE) as MetricKey[]).filter((key) =>
    test(METRIC_CATALOGUE[key]),
  ) as K[];
}

/** Every metric name, in report order. */
export const METRIC_KEYS: readonly MetricKey[] = keysWhere(() => true);
/** The keys of `benchmark.metrics`, in report order. */
export const BENCHMARK_METRIC_KEYS = keysWhere<BenchmarkMetricKey>(
  (entry) => entry.place === 'metrics',
);
/** The metrics computed from each request's record, in report order. */
export const RECORD_METRIC_KEYS = keysWhere<RecordMetricKey>(
  (entry) => entry.kind === 'per-request' || entry.kind === 'per-gap',
);
/** The throughput metrics, in report order. */
export const RATE_METRIC_KEYS = keysWhere<RateMetricKey>((entry) => entry.kind === 'rate');
/** The metrics an SLO can name. */
export const SLO_METRIC_KEYS = keysWhere<SloMetricKey>((entry) => entry.slo);
/** The metrics goodput can threshold per request. */
export const GOODPUT_METRIC_KEYS = keysWhere<GoodputMetricKey>((entry) => entry.goodput);

/** `ttftMs` → `ttft_ms`: the spelling of SLO strings and GuideLLM users. */
export function snakeCaseOf(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
