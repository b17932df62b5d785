import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../src/server-metrics/prometheus-text.js';
import { readScrape, type ScrapeSample } from '../../src/server-metrics/read-scrape.js';
import { histogramQuantile, summarizeWindow } from '../../src/server-metrics/summarize.js';

const read = (text: string, atMs = 0, keepRaw = false): ScrapeSample =>
  readScrape(parsePrometheusText(text), atMs, keepRaw);

/** A vLLM exposition of the 0.8 era, before `gpu_cache_usage_perc` was renamed. */
function olderVllm(
  atMs: number,
  state: {
    running: number;
    waiting: number;
    kv: number;
    preempted: number;
    hits: number;
    queries: number;
    fast: number;
    slow: number;
  },
): ScrapeSample {
  const labels = 'engine="0",model_name="m"';
  const total = state.fast + state.slow;
  return read(
    `# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{${labels}} ${state.running}
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{${labels}} ${state.waiting}
# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{${labels}} ${state.kv}
# TYPE vllm:num_preemptions_total counter
vllm:num_preemptions_total{${labels}} ${state.preempted}
# TYPE vllm:gpu_prefix_cache_hits_total counter
vllm:gpu_prefix_cache_hits_total{${labels}} ${state.hits}
# TYPE vllm:gpu_prefix_cache_queries_total counter
vllm:gpu_prefix_cache_queries_total{${labels}} ${state.queries}
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_bucket{${labels},le="0.1"} ${state.fast}
vllm:time_to_first_token_seconds_bucket{${labels},le="1.0"} ${total}
vllm:time_to_first_token_seconds_bucket{${labels},le="+Inf"} ${total}
vllm:time_to_first_token_seconds_count{${labels}} ${total}
vllm:time_to_first_token_seconds_sum{${labels}} ${state.fast * 0.05 + state.slow * 0.5}
`,
    atMs,
  );
}

describe('readScrape', () => {
  it('reads SGLang, TGI, llama.cpp and DCGM expositions into the same known metrics', () => {
    const sglang = read(`# TYPE sglang:num_running_reqs gauge
sglang:num_running_reqs{model_name="m",tp_rank="0"} 5.0
sglang:num_running_reqs{model_name="m",tp_rank="1"} 7.0
# TYPE sglang:num_queue_reqs gauge
sglang:num_queue_reqs{model_name="m"} 2.0
# TYPE sglang:token_usage gauge
sglang:token_usage{model_name="m"} 0.25
# TYPE sglang:prompt_tokens_total counter
sglang:prompt_tokens_total{model_name="m"} 1000.0
# TYPE sglang:cached_tokens_total counter
sglang:cached_tokens_total{model_name="m"} 400.0
`);
    expect(sglang.servers).toEqual(['sglang']);
    expect(sglang.values).toMatchObject({
      running: 12,
      waiting: 2,
      kvCacheUsage: 0.25,
      prefixCacheQueries: 1000,
      prefixCacheHits: 400,
      promptTokens: 1000,
    });

    // TGI's Rust exporter: counters without _total, token counts only as histogram sums.
    const tgi = read(`# TYPE tgi_queue_size gauge
tgi_queue_size 4
# TYPE tgi_batch_current_size gauge
tgi_batch_current_size 16
# TYPE tgi_request_success counter
tgi_request_success 30
# TYPE tgi_request_generated_tokens histogram
tgi_request_generated_tokens_bucket{le="128"} 30
tgi_request_generated_tokens_bucket{le="+Inf"} 30
tgi_request_generated_tokens_sum 3840
tgi_request_generated_tokens_count 30
# TYPE tgi_request_duration summary
tgi_request_duration{quantile="0.5"} 1.5
tgi_request_duration{quantile="0.99"} 2.5
tgi_request_duration_sum 48
tgi_request_duration_count 30
`);
    expect(tgi.servers).toEqual(['tgi']);
    expect(tgi.values).toMatchObject({
      waiting: 4,
      running: 16,
      requestsFinished: 30,
      generationTokens: 3840,
    });
    expect(tgi.histograms.e2e).toMatchObject({
      bounds: [],
      count: 30,
      sum: 48,
      quantiles: { '0.5': 1.5, '0.99': 2.5 },
    });

    const llamacpp = read(`# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 1200
# HELP llamacpp:tokens_predicted_total Number of generation tokens processed.
# TYPE llamacpp:tokens_predicted_total counter
llamacpp:tokens_predicted_total 640
# HELP llamacpp:requests_processing Number of requests processing.
# TYPE llamacpp:requests_processing gauge
llamacpp:requests_processing 3
# HELP llamacpp:requests_deferred Number of requests deferred.
# TYPE llamacpp:requests_deferred gauge
llamacpp:requests_deferred 1
`);
    expect(llamacpp.values).toEqual({
      running: 3,
      waiting: 1,
      promptTokens: 1200,
      generationTokens: 640,
    });

    const dcgm = read(`# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA L4",Hostname="h"} 60
DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-2",device="nvidia1",modelName="NVIDIA L4",Hostname="h"} 80
# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).
# TYPE DCGM_FI_DEV_FB_USED gauge
DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA L4",Hostname="h"} 20000
DCGM_FI_DEV_FB_USED{gpu="1",UUID="GPU-2",device="nvidia1",modelName="NVIDIA L4",Hostname="h"} 1000
# HELP DCGM_FI_DEV_FB_FREE Framebuffer memory free (in MiB).
# TYPE DCGM_FI_DEV_FB_FREE gauge
DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA L4",Hostname="h"} 2500
`);
    expect(dcgm.servers).toEqual(['dcgm']);
    // Utilization is the mean over GPUs; memory adds up.
    expect(dcgm.values).toEqual({
      gpuUtilization: 70,
      gpuMemoryUsedMiB: 21000,
      gpuMemoryFreeMiB: 2500,
    });
  });

  it('keeps the samples of unknown metrics only when asked', () => {
    const text =
      '# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running 1\nprocess_cpu_seconds_total{x="1"} 4.5\n';
    expect(read(text).raw).toBeUndefined();
    expect(read(text, 0, true).raw).toEqual({ 'process_cpu_seconds_total{x="1"}': 4.5 });
  });
});

describe('summarizeWindow', () => {
  const zero = {
    running: 0,
    waiting: 0,
    kv: 0,
    preempted: 0,
    hits: 0,
    queries: 0,
    fast: 0,
    slow: 0,
  };
  const samples = [
    olderVllm(0, { ...zero, preempted: 5, hits: 100, queries: 1000, fast: 10, slow: 0 }),
    olderVllm(1000, {
      ...zero,
      running: 4,
      waiting: 0,
      kv: 0.2,
      preempted: 5,
      hits: 150,
      queries: 1100,
      fast: 14,
      slow: 0,
    }),
    olderVllm(2000, {
      ...zero,
      running: 8,
      waiting: 6,
      kv: 0.6,
      preempted: 7,
      hits: 250,
      queries: 1300,
      fast: 16,
      slow: 2,
    }),
    olderVllm(3000, {
      ...zero,
      running: 8,
      waiting: 9,
      kv: 0.9,
      preempted: 9,
      hits: 300,
      queries: 1400,
      fast: 18,
      slow: 4,
    }),
  ];

  it('turns counters into window deltas and rates, gauges into series and peaks', () => {
    const window = summarizeWindow(samples, 500, 3000);
    expect(window.scrapes).toBe(3);
    expect(window.series.waiting).toEqual([
      { tMs: 1000, value: 0 },
      { tMs: 2000, value: 6 },
      { tMs: 3000, value: 9 },
    ]);
    // Rates per second between scrapes, measured from the scrape before the window.
    expect(window.series.preemptions).toEqual([
      { tMs: 1000, value: 0 },
      { tMs: 2000, value: 2 },
      { tMs: 3000, value: 2 },
    ]);
    expect(window.summary).toMatchObject({
      peakWaiting: 9,
      meanWaiting: 5,
      peakRunning: 8,
      kvCacheUsageMax: 0.9,
      preemptions: 4,
      // (300 − 100) hits of (1400 − 1000) queried tokens.
      prefixCacheHitRate: 0.5,
    });
    // p95 of [0.2, 0.6, 0.9] by linear interpolation between closest ranks.
    expect(window.summary.kvCacheUsageP95).toBeCloseTo(0.87, 10);
  });

  it('summarises a histogram over the window from the difference of its buckets', () => {
    const window = summarizeWindow(samples, 500, 3000);
    // From the scrape before the window (10 fast) to its last (18 fast, 4 slow): 12 new
    // observations, 8 of 0.05 s under the 0.1 bound and 4 of 0.5 s under the 1.0 bound.
    expect(window.summary.ttft).toEqual({
      count: 12,
      meanMs: expect.closeTo(200, 6),
      p50Ms: expect.closeTo(100 * (6 / 8), 6),
      p90Ms: expect.closeTo(100 + 900 * (2.8 / 4), 6),
      p99Ms: expect.closeTo(100 + 900 * (3.88 / 4), 6),
    });
  });

  it('treats a counter that drops as a restart from zero', () => {
    const restarted = [
      olderVllm(0, { ...zero, preempted: 10 }),
      olderVllm(1000, { ...zero, preempted: 12 }),
      olderVllm(2000, { ...zero, preempted: 3 }),
    ];
    expect(summarizeWindow(restarted, 0, 2000).summary.preemptions).toBe(5);
  });

  it('gives nulls, not zeros, for what no endpoint reported', () => {
    const { summary, series, scrapes } = summarizeWindow(samples, 10_000, 20_000);
    expect(scrapes).toBe(0);
    expect(series).toEqual({});
    expect(Object.values(summary).every((value) => value === null)).toBe(true);
  });
});

describe('histogramQuantile', () => {
  it('interpolates inside the bucket, and stops at the last finite bound', () => {
    const histogram = { bounds: [1, 2, Infinity], cumulative: [2, 6, 10], count: 10, sum: 0 };
    expect(histogramQuantile(histogram, 0.1)).toBeCloseTo(0.5, 10);
    expect(histogramQuantile(histogram, 0.4)).toBeCloseTo(1.5, 10);
    expect(histogramQuantile(histogram, 0.99)).toBe(2);
    expect(histogramQuantile({ ...histogram, cumulative: [0, 0, 0] }, 0.5)).toBeNull();
  });
});
