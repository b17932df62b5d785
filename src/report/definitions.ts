/**
 * One-sentence definitions, with units, of every metric and convention in a report; copied into
 * `report.definitions` so a reader never has to guess. docs/concepts/metrics.md has the long form.
 */
export const METRIC_DEFINITIONS = {
  ttftMs:
    'Time to first token: first stream part carrying text, reasoning or a tool-call delta, minus dispatch (ms).',
  ttfotMs:
    'Time to first output token: first part carrying non-reasoning output text or a tool call, minus dispatch (ms).',
  itlMs:
    'Inter-token latency: every gap between consecutive content-carrying stream parts, pooled across requests (ms).',
  tpotMs:
    'Time per output token: (last token time - first token time) / (output tokens - 1), for requests with at least 2 output tokens (ms/token).',
  requestLatencyMs: 'End-to-end latency: response fully consumed (or failed) minus dispatch (ms).',
  decodeTimeMs: 'Decode time: last token time minus first token time (ms).',
  scheduledTtftMs:
    'TTFT measured from the scheduled send time instead of dispatch, corrected for coordinated omission (ms).',
  scheduledLatencyMs:
    'End-to-end latency measured from the scheduled send time instead of dispatch (ms).',
  dispatchLagMs: 'Dispatch time minus the send time the strategy scheduled (ms).',
  promptTokens: "Prompt tokens: the server's usage count, else the data source's count (tokens).",
  outputTokens:
    "Output tokens: the server's usage count, else the tokenizer's count, else the number of content parts (tokens).",
  tokenCountDiscrepancy:
    'Server output token count minus the tokenizer count, where both exist (tokens).',
  requestsPerSecond:
    'Requests that completed inside the measured window divided by its length; the distribution is over ~1 s buckets (requests/s).',
  outputTokensPerSecond:
    'Output tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  promptTokensPerSecond:
    'Prompt tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  totalTokensPerSecond:
    'Prompt plus output tokens of requests that completed inside the measured window divided by its length (tokens/s).',
  concurrency:
    'Requests in flight (between dispatch and end), weighted by the time each level was held inside the measured window (requests).',
  successful: 'Status of a request that completed normally.',
  errored:
    'Status of a request that failed: HTTP error, transport error, error event in the stream, or unusable response.',
  incomplete:
    'Status of a request cancelled after dispatch (stop, abort, or timeout at the end of a benchmark).',
  total: 'All requests of the three statuses together.',
  measuredWindow:
    'The benchmark minus warmup and cooldown: latency metrics take requests dispatched inside it, throughput metrics requests completed inside it.',
  percentiles:
    'Linear interpolation between closest ranks (numpy default); p001 is the 0.1th and p999 the 99.9th percentile; median equals p50.',
  variance:
    'Population variance; stdDev is its square root; mode is the most frequent value, smallest on ties.',
  eventLoopDelayMs: "Delay of the client's Node.js event loop during the benchmark (ms).",
  achievedRatePerSecond:
    'Dispatches per second over the span from the first to the last dispatch: (dispatches - 1) / span (requests/s).',
  clientBound:
    'True when the load generator could not keep up: dispatch lag p99 > 10 ms, event-loop delay p99 > 20 ms, or achieved rate < 95% of the scheduled rate.',
} as const satisfies Readonly<Record<string, string>>;

/** The name of a defined metric or convention. */
export type DefinedTerm = keyof typeof METRIC_DEFINITIONS;
