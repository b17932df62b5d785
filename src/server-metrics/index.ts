/**
 * Scraping of servers' Prometheus `/metrics` (vLLM, SGLang, TGI, llama.cpp) and of the DCGM
 * exporter through a run, and their summaries per benchmark. Not yet wired into `runBenchmark`.
 * @module
 */
export {
  parsePrometheusText,
  type PrometheusExposition,
  type PrometheusMetricFamily,
  type PrometheusMetricType,
  type PrometheusSample,
} from './prometheus-text.js';
export {
  KNOWN_METRICS,
  KNOWN_METRIC_NAMES,
  detectServerKinds,
  type KnownMetric,
  type KnownMetricDefinition,
  type KnownMetricKind,
  type MetricSource,
  type ServerKind,
} from './metric-maps.js';
export { readScrape, type HistogramState, type ScrapeSample } from './read-scrape.js';
export {
  histogramQuantile,
  summarizeWindow,
  type ServerLatencySummary,
  type ServerMetricsSummary,
  type ServerMetricsWindow,
  type ServerSeriesPoint,
} from './summarize.js';
export { fetchMetrics, type MetricsFetchResult } from './fetch-metrics.js';
export {
  createServerMetricsScraper,
  type ServerMetricsBenchmark,
  type ServerMetricsEndpoint,
  type ServerMetricsScraper,
  type ServerMetricsScraperOptions,
} from './scraper.js';
export { defaultMetricsUrl, probeServerMetrics } from './probe.js';
export {
  ServerLatencySummarySchema,
  ServerMetricsBenchmarkSchema,
  ServerMetricsEndpointSchema,
  ServerMetricsSummarySchema,
  ServerMetricsWindowSchema,
  ServerSeriesPointSchema,
} from './schema.js';
