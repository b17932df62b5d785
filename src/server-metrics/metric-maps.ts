/** The servers whose Prometheus metrics inferbench knows by name. */
export type ServerKind = 'vllm' | 'sglang' | 'tgi' | 'llamacpp' | 'dcgm';

/** How a known metric behaves over time. */
export type KnownMetricKind = 'gauge' | 'counter' | 'histogram';

/**
 * The server-side quantities inferbench reads, whatever the server calls them:
 * - `running`, `waiting`: requests in the batch / in the queue (gauges);
 * - `kvCacheUsage`: fraction (0 to 1) of the KV cache in use;
 * - `prefixCacheQueries`, `prefixCacheHits`: prompt tokens looked up / found in the prefix cache;
 * - `preemptions`: requests preempted (vLLM) or retracted (SGLang);
 * - `promptTokens`, `generationTokens`, `requestsFinished`: counters;
 * - `ttft`, `itl`, `e2e`, `queueTime`: the server's latency histograms, in seconds;
 * - `gpuUtilization` (percent), `gpuMemoryUsedMiB`, `gpuMemoryFreeMiB`, `gpuPowerWatts`: from
 *   the DCGM exporter.
 */
export type KnownMetric =
  | 'running'
  | 'waiting'
  | 'kvCacheUsage'
  | 'prefixCacheQueries'
  | 'prefixCacheHits'
  | 'preemptions'
  | 'promptTokens'
  | 'generationTokens'
  | 'requestsFinished'
  | 'ttft'
  | 'itl'
  | 'e2e'
  | 'queueTime'
  | 'gpuUtilization'
  | 'gpuMemoryUsedMiB'
  | 'gpuMemoryFreeMiB'
  | 'gpuPowerWatts';

/** Where a known metric is found on one kind of server. */
export interface MetricSource {
  server: ServerKind;
  /** The family names to look for, the current one first, older spellings after. */
  names: readonly string[];
  /**
   * `sum` reads a counter from a histogram's `_sum` (TGI counts tokens only in histograms);
   * by default the family is read as the known metric's kind.
   */
  from?: 'sum';
}

/** A known metric: its kind, how label sets (engines, GPUs) combine, and where servers put it. */
export interface KnownMetricDefinition {
  kind: KnownMetricKind;
  /** How values of several label sets (data-parallel engines, GPUs) combine into one. */
  combine: 'sum' | 'mean';
  sources: readonly MetricSource[];
}

/**
 * The name map: each known metric and its names on vLLM (`vllm:…`, including names that vLLM
 * renamed, such as `vllm:gpu_cache_usage_perc`), SGLang (`sglang:…`), TGI (`tgi_…`), llama.cpp's
 * server (`llamacpp:…`) and NVIDIA's DCGM exporter (`DCGM_FI_…`). Names are those the servers'
 * sources register; counters carry the `_total` their text exposition shows.
 */
export const KNOWN_METRICS: Readonly<Record<KnownMetric, KnownMetricDefinition>> = {
  running: {
    kind: 'gauge',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:num_requests_running'] },
      { server: 'sglang', names: ['sglang:num_running_reqs'] },
      { server: 'tgi', names: ['tgi_batch_current_size'] },
      { server: 'llamacpp', names: ['llamacpp:requests_processing'] },
    ],
  },
  waiting: {
    kind: 'gauge',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:num_requests_waiting'] },
      { server: 'sglang', names: ['sglang:num_queue_reqs'] },
      { server: 'tgi', names: ['tgi_queue_size'] },
      { server: 'llamacpp', names: ['llamacpp:requests_deferred'] },
    ],
  },
  kvCacheUsage: {
    kind: 'gauge',
    combine: 'mean',
    sources: [
      { server: 'vllm', names: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'] },
      { server: 'sglang', names: ['sglang:token_usage'] },
      { server: 'llamacpp', names: ['llamacpp:kv_cache_usage_ratio'] },
    ],
  },
  prefixCacheQueries: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      {
        server: 'vllm',
        names: ['vllm:prefix_cache_queries_total', 'vllm:gpu_prefix_cache_queries_total'],
      },
      // SGLang counts cached prompt tokens; every prompt token was looked up.
      { server: 'sglang', names: ['sglang:prompt_tokens_total'] },
    ],
  },
  prefixCacheHits: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      {
        server: 'vllm',
        names: ['vllm:prefix_cache_hits_total', 'vllm:gpu_prefix_cache_hits_total'],
      },
      { server: 'sglang', names: ['sglang:cached_tokens_total'] },
    ],
  },
  preemptions: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:num_preemptions_total'] },
      { server: 'sglang', names: ['sglang:num_retracted_requests_total'] },
    ],
  },
  promptTokens: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:prompt_tokens_total'] },
      { server: 'sglang', names: ['sglang:prompt_tokens_total'] },
      { server: 'tgi', names: ['tgi_request_input_length'], from: 'sum' },
      { server: 'llamacpp', names: ['llamacpp:prompt_tokens_total'] },
    ],
  },
  generationTokens: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:generation_tokens_total'] },
      { server: 'sglang', names: ['sglang:generation_tokens_total'] },
      { server: 'tgi', names: ['tgi_request_generated_tokens'], from: 'sum' },
      { server: 'llamacpp', names: ['llamacpp:tokens_predicted_total'] },
    ],
  },
  requestsFinished: {
    kind: 'counter',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:request_success_total'] },
      { server: 'sglang', names: ['sglang:num_requests_total'] },
      { server: 'tgi', names: ['tgi_request_success'] },
    ],
  },
  ttft: {
    kind: 'histogram',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:time_to_first_token_seconds'] },
      { server: 'sglang', names: ['sglang:time_to_first_token_seconds'] },
    ],
  },
  itl: {
    kind: 'histogram',
    combine: 'sum',
    sources: [
      {
        server: 'vllm',
        names: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'],
      },
      {
        server: 'sglang',
        names: ['sglang:inter_token_latency_seconds', 'sglang:time_per_output_token_seconds'],
      },
      { server: 'tgi', names: ['tgi_request_mean_time_per_token_duration'] },
    ],
  },
  e2e: {
    kind: 'histogram',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:e2e_request_latency_seconds'] },
      { server: 'sglang', names: ['sglang:e2e_request_latency_seconds'] },
      { server: 'tgi', names: ['tgi_request_duration'] },
    ],
  },
  queueTime: {
    kind: 'histogram',
    combine: 'sum',
    sources: [
      { server: 'vllm', names: ['vllm:request_queue_time_seconds'] },
      { server: 'sglang', names: ['sglang:queue_time_seconds'] },
      { server: 'tgi', names: ['tgi_request_queue_duration'] },
    ],
  },
  gpuUtilization: {
    kind: 'gauge',
    combine: 'mean',
    sources: [{ server: 'dcgm', names: ['DCGM_FI_DEV_GPU_UTIL'] }],
  },
  gpuMemoryUsedMiB: {
    kind: 'gauge',
    combine: 'sum',
    sources: [{ server: 'dcgm', names: ['DCGM_FI_DEV_FB_USED'] }],
  },
  gpuMemoryFreeMiB: {
    kind: 'gauge',
    combine: 'sum',
    sources: [{ server: 'dcgm', names: ['DCGM_FI_DEV_FB_FREE'] }],
  },
  gpuPowerWatts: {
    kind: 'gauge',
    combine: 'sum',
    sources: [{ server: 'dcgm', names: ['DCGM_FI_DEV_POWER_USAGE'] }],
  },
};

/** Every known metric name, in the map's order. */
export const KNOWN_METRIC_NAMES = Object.keys(KNOWN_METRICS) as KnownMetric[];

const PREFIXES: readonly (readonly [string, ServerKind])[] = [
  ['vllm:', 'vllm'],
  ['sglang:', 'sglang'],
  ['tgi_', 'tgi'],
  ['llamacpp:', 'llamacpp'],
  ['DCGM_FI_', 'dcgm'],
];

/** The kinds of server whose metrics appear among `familyNames`, in the order they are known. */
export function detectServerKinds(familyNames: Iterable<string>): ServerKind[] {
  const found = new Set<ServerKind>();
  for (const name of familyNames) {
    for (const [prefix, kind] of PREFIXES) if (name.startsWith(prefix)) found.add(kind);
  }
  return PREFIXES.map(([, kind]) => kind).filter((kind) => found.has(kind));
}
