import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestObserver } from './engine-sequence.js';
import type { EngineListener } from './simulator.js';
import type { ResolvedSimulatorOptions } from './simulator-options.js';

/** What the engine holds now, read at every scrape. */
export interface EngineGauges {
  running: number;
  waiting: number;
  /** 0 to 1. */
  kvCacheUsage: number;
}

/** One request as `/metrics` needs to know it when it arrives. */
export interface ObservedRequest {
  /** Arrival at the server, on the `performance.now()` clock, in ms. */
  arrivalMs: number;
  promptTokens: number;
  /** `max_tokens` (or `max_completion_tokens`) of the request, when it gave one. */
  maxTokens: number | undefined;
  finishReason: 'stop' | 'length';
}

/** The mock's Prometheus metrics, with vLLM's names, types, labels and help texts. */
export interface VllmMetrics {
  /** The `Content-Type` of {@link VllmMetrics.render}'s text. */
  readonly contentType: string;
  /** Receives what the engine simulator does in its steps. */
  readonly engine: EngineListener;
  /** Starts observing one request; its observer records TTFT, ITL, e2e and the counters. */
  observe(request: ObservedRequest): RequestObserver;
  /** The Prometheus text exposition (format 0.0.4) of every metric now. */
  render(): Promise<string>;
}

// Bucket bounds as vLLM's PrometheusStatLogger declares them.
const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
  40.0, 80.0, 160.0, 640.0, 2560.0,
];
const TOKEN_LATENCY_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
  40.0, 80.0,
];
const REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
  480.0, 960.0, 1920.0, 7680.0,
];
const ITERATION_TOKEN_BUCKETS = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
/** vLLM sizes its token-count buckets 1, 2, 5, 10, … up to the model's context length. */
const MAX_MODEL_LEN = 32_768;

function oneTwoFiveBuckets(max: number): number[] {
  const buckets: number[] = [];
  for (let scale = 1; ; scale *= 10) {
    for (const mantissa of [1, 2, 5]) {
      if (mantissa * scale > max) return buckets;
      buckets.push(mantissa * scale);
    }
  }
}

/**
 * Creates the `/metrics` of one mock server serving `model`: vLLM's scheduler gauges, token and
 * prefix-cache counters, and request histograms (`model_name` and `engine` labels, engine "0"),
 * exposed in Prometheus text format by prom-client. `engineGauges` is read at each scrape (when
 * it returns undefined, the requests in progress count as running); `cache` is the simulator's
 * configuration, published as `vllm:cache_config_info` when it simulates one.
 */
export function createVllmMetrics(
  model: string,
  engineGauges: () => EngineGauges | undefined,
  cache?: ResolvedSimulatorOptions,
): VllmMetrics {
  const registry = new Registry();
  // Without an engine, every generation request in progress is running and none waits.
  let active = 0;
  const gauges = (): EngineGauges =>
    engineGauges() ?? { running: active, waiting: 0, kvCacheUsage: 0 };
  const labelNames = ['model_name', 'engine'] as const;
  const labels = { model_name: model, engine: '0' };
  const registers = [registry];

  const gauge = (name: string, help: string, read: (now: EngineGauges) => number): void => {
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.set(labels, read(gauges()));
      },
    });
  };
  gauge(
    'vllm:num_requests_running',
    'Number of requests in model execution batches.',
    (g) => g.running,
  );
  gauge(
    'vllm:num_requests_waiting',
    'Number of requests waiting to be processed.',
    (g) => g.waiting,
  );
  gauge(
    'vllm:kv_cache_usage_perc',
    'KV-cache usage. 1 means 100 percent usage.',
    (g) => g.kvCacheUsage,
  );
  if (cache !== undefined) {
    const info = {
      block_size: String(cache.blockSize),
      enable_prefix_caching: cache.enablePrefixCaching ? 'True' : 'False',
      num_gpu_blocks: String(cache.numGpuBlocks),
      engine: '0',
    };
    new Gauge({
      name: 'vllm:cache_config_info',
      help: 'Information of the LLMEngine CacheConfig',
      labelNames: Object.keys(info),
      registers,
    }).set(info, 1);
  }

  // vLLM creates every labelled child at start-up, so a counter reads 0 before it first counts.
  const counter = (name: string, help: string): Counter<'model_name' | 'engine'> => {
    const created = new Counter({ name, help, labelNames, registers });
    created.inc(labels, 0);
    return created;
  };
  const prefixQueries = counter(
    'vllm:prefix_cache_queries_total',
    'Prefix cache queries, in terms of number of queried tokens.',
  );
  const prefixHits = counter(
    'vllm:prefix_cache_hits_total',
    'Prefix cache hits, in terms of number of cached tokens.',
  );
  const preemptions = counter(
    'vllm:num_preemptions_total',
    'Cumulative number of preemption from the engine.',
  );
  const promptTokens = counter('vllm:prompt_tokens_total', 'Number of prefill tokens processed.');
  const generationTokens = counter(
    'vllm:generation_tokens_total',
    'Number of generation tokens processed.',
  );
  const success = new Counter({
    name: 'vllm:request_success_total',
    help: 'Count of successfully processed requests.',
    labelNames: [...labelNames, 'finished_reason'],
    registers,
  });
  for (const reason of ['stop', 'length', 'abort'])
    success.inc({ ...labels, finished_reason: reason }, 0);

  const histogram = (name: string, help: string, buckets: number[]): Histogram<string> => {
    const created = new Histogram({ name, help, labelNames, buckets, registers });
    created.zero(labels);
    return created;
  };
  const tokenCounts = oneTwoFiveBuckets(MAX_MODEL_LEN);
  const requestPrompt = histogram(
    'vllm:request_prompt_tokens',
    'Number of prefill tokens processed.',
    tokenCounts,
  );
  const requestGeneration = histogram(
    'vllm:request_generation_tokens',
    'Number of generation tokens processed.',
    tokenCounts,
  );
  const iterationTokens = histogram(
    'vllm:iteration_tokens_total',
    'Histogram of number of tokens per engine_step.',
    ITERATION_TOKEN_BUCKETS,
  );
  const maxTokensParam = histogram(
    'vllm:request_params_max_tokens',
    'Histogram of the max_tokens request parameter.',
    tokenCounts,
  );
  const ttft = histogram(
    'vllm:time_to_first_token_seconds',
    'Histogram of time to first token in seconds.',
    TTFT_BUCKETS,
  );
  // The older name of the inter-token histogram, which vLLM kept beside the new one for a while.
  const tpotOld = histogram(
    'vllm:time_per_output_token_seconds',
    'Histogram of time per output token in seconds.DEPRECATED: Use vllm:inter_token_latency_seconds instead.',
    TOKEN_LATENCY_BUCKETS,
  );
  const itl = histogram(
    'vllm:inter_token_latency_seconds',
    'Histogram of inter-token latency in seconds.',
    TOKEN_LATENCY_BUCKETS,
  );
  const requestTpot = histogram(
    'vllm:request_time_per_output_token_seconds',
    'Histogram of time_per_output_token_seconds per request.',
    TOKEN_LATENCY_BUCKETS,
  );
  const e2e = histogram(
    'vllm:e2e_request_latency_seconds',
    'Histogram of e2e request latency in seconds.',
    REQUEST_LATENCY_BUCKETS,
  );
  const phase = (name: string, help: string): Histogram<string> =>
    histogram(name, help, REQUEST_LATENCY_BUCKETS);
  const queueTime = phase(
    'vllm:request_queue_time_seconds',
    'Histogram of time spent in WAITING phase for request.',
  );
  const inferenceTime = phase(
    'vllm:request_inference_time_seconds',
    'Histogram of time spent in RUNNING phase for request.',
  );
  const prefillTime = phase(
    'vllm:request_prefill_time_seconds',
    'Histogram of time spent in PREFILL phase for request.',
  );
  const decodeTime = phase(
    'vllm:request_decode_time_seconds',
    'Histogram of time spent in DECODE phase for request.',
  );

  const seconds = (ms: number): number => Math.max(0, ms) / 1000;

  return {
    contentType: registry.contentType,
    engine: {
      stepEnded(prompt, generation) {
        if (prompt + generation > 0) iterationTokens.observe(labels, prompt + generation);
      },
      preempted() {
        preemptions.inc(labels);
      },
      prefixLookup(queries, hits) {
        prefixQueries.inc(labels, queries);
        prefixHits.inc(labels, hits);
      },
    },
    observe(request) {
      let scheduledMs: number | undefined;
      let firstMs: number | undefined;
      let lastMs: number | undefined;
      let tokens = 0;
      let done = false;
      if (request.maxTokens !== undefined) maxTokensParam.observe(labels, request.maxTokens);
      active++;
      const end = (): void => {
        done = true;
        active--;
      };
      return {
        scheduled(atMs) {
          scheduledMs ??= atMs;
        },
        token(atMs) {
          if (done) return;
          tokens++;
          generationTokens.inc(labels);
          if (firstMs === undefined) {
            firstMs = atMs;
            promptTokens.inc(labels, request.promptTokens);
            ttft.observe(labels, seconds(atMs - request.arrivalMs));
          } else {
            const gap = seconds(atMs - lastMs!);
            itl.observe(labels, gap);
            tpotOld.observe(labels, gap);
          }
          lastMs = atMs;
        },
        finished(atMs) {
          if (done) return;
          end();
          const scheduled = scheduledMs ?? request.arrivalMs;
          const first = firstMs ?? atMs;
          const last = lastMs ?? atMs;
          success.inc({ ...labels, finished_reason: request.finishReason });
          e2e.observe(labels, seconds(atMs - request.arrivalMs));
          queueTime.observe(labels, seconds(scheduled - request.arrivalMs));
          prefillTime.observe(labels, seconds(first - scheduled));
          decodeTime.observe(labels, seconds(last - first));
          inferenceTime.observe(labels, seconds(last - scheduled));
          requestTpot.observe(labels, tokens > 1 ? seconds((last - first) / (tokens - 1)) : 0);
          requestPrompt.observe(labels, request.promptTokens);
          requestGeneration.observe(labels, tokens);
        },
        aborted() {
          if (done) return;
          end();
          success.inc({ ...labels, finished_reason: 'abort' });
        },
      };
    },
    render: () => registry.metrics(),
  };
}
