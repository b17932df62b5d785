// What one scrape of a server's /metrics costs the client's thread: the mock in simulator mode
// (vLLM's metric names and histograms, written by prom-client) in a process of its own, after
// some load so its histograms hold buckets, scraped 300 times through the scraper's own fetch.
// Prints the exposition's size, the client CPU per scrape (fetch, parse and read together) and
// the parse-and-read part alone. Run: npx tsx bench/server-metrics-scrape.ts
import { fetchMetrics } from '../src/server-metrics/fetch-metrics.js';
import { parsePrometheusText } from '../src/server-metrics/prometheus-text.js';
import { readScrape } from '../src/server-metrics/read-scrape.js';
import { runBenchmark } from '../src/run-benchmark.js';
import { startMockProcess } from './lib/mock-process.js';

const SCRAPES = 300;
const mock = await startMockProcess({ simulate: true, outputTokens: 16 });
try {
  // Load first, so that every histogram of the exposition has its buckets filled.
  await runBenchmark({
    target: mock.url,
    data: 'prompt_tokens=64,output_tokens=16',
    tokenizer: 'word',
    profile: 'constant',
    rate: 20,
    maxSeconds: 2,
    serverMetrics: false,
  });
  const url = `${mock.url}/metrics`;
  const text = await (await fetch(url)).text();
  const families = parsePrometheusText(text).families.length;
  for (let i = 0; i < 20; i++) await fetchMetrics(url, { timeoutMs: 2000 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < SCRAPES; i++) {
    const result = await fetchMetrics(url, { timeoutMs: 2000 });
    if (!result.ok) throw new Error(`scrape failed: ${result.reason}`);
    readScrape(result.exposition, i);
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  const parseStarted = performance.now();
  for (let i = 0; i < SCRAPES; i++) readScrape(parsePrometheusText(text), i);
  const parseMs = (performance.now() - parseStarted) / SCRAPES;
  console.log(
    `/metrics of the simulator: ${(Buffer.byteLength(text) / 1024).toFixed(1)} kB, ${families} families`,
  );
  console.log(
    `${SCRAPES} scrapes: client CPU ${((used.user + used.system) / 1000 / SCRAPES).toFixed(3)} ms a scrape (fetch, parse, read), wall ${(wallMs / SCRAPES).toFixed(3)} ms; parse and read alone ${parseMs.toFixed(3)} ms`,
  );
} finally {
  await mock.stop();
}
