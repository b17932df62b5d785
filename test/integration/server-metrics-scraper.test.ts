import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { DataSource } from '../../src/spec/data-source.js';
import { probeServerMetrics } from '../../src/server-metrics/probe.js';
import { ServerMetricsBenchmarkSchema } from '../../src/report/server-metrics-schema.js';
import {
  createServerMetricsScraper,
  type ServerMetricsScraper,
} from '../../src/server-metrics/scraper.js';
import { dcgmExporterText } from '../helpers/dcgm-exporter.js';

let mock: MockServer | undefined;
let scraper: ServerMetricsScraper | undefined;
const servers: Server[] = [];

afterEach(async () => {
  await scraper?.stop();
  scraper = undefined;
  await mock?.close();
  mock = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback HTTP server answering every request with `answer`; resolves with its base URL. */
async function serve(answer: (response: ServerResponse, path: string) => void): Promise<string> {
  const server = createServer((request, response) => answer(response, request.url ?? '/'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const dcgmExporter = (): Promise<string> =>
  serve((response, path) => {
    if (path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(dcgmExporterText());
  });

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('server metrics scraper', () => {
  it("puts the mock's vLLM metrics and a DCGM exporter's GPU metrics on the run's clock", async () => {
    mock = await createMockServer({ simulate: true });
    const dcgm = await dcgmExporter();
    const started = performance.now();
    const warnings: string[] = [];
    scraper = createServerMetricsScraper({
      urls: [`${mock.url}/metrics`, `${dcgm}/metrics`],
      now: () => performance.now() - started,
      intervalMs: 200,
      onWarning: (message) => warnings.push(message),
    });
    scraper.start();
    const benchmarkStart = performance.now() - started;
    const report = await runBenchmark({
      target: mock.url,
      data: 'prompt_tokens=256,output_tokens=32',
      profile: 'constant',
      rate: 10,
      maxSeconds: 2,
    });
    await scraper.scrapeNow();
    const benchmarkEnd = performance.now() - started;
    const window = scraper.window(benchmarkStart, benchmarkEnd);
    expect(warnings).toEqual([]);
    expect(ServerMetricsBenchmarkSchema.parse(window)).toEqual(window);

    expect(window.endpoints.map((endpoint) => endpoint.servers)).toEqual([['vllm'], ['dcgm']]);
    expect(window.endpoints[0]!.scrapes).toBeGreaterThanOrEqual(8);
    const { summary, series } = window;
    expect(summary.peakRunning).toBeGreaterThanOrEqual(1);
    // Far below capacity nothing queues; a scrape may still catch a request that has just
    // arrived and waits for the engine's next step, as on vLLM (seen once in CI under load).
    expect(summary.peakWaiting).toBeLessThanOrEqual(1);
    expect(summary.meanWaiting).toBeLessThan(0.25);
    expect(summary.kvCacheUsageMax).toBeGreaterThan(0);
    expect(summary.gpuUtilizationMean).toBe(60);
    expect(summary.gpuMemoryUsedMiBMax).toBe(21504);
    expect(summary.preemptions).toBe(0);
    // Every synthetic prompt is unique, so the prefix cache was queried and never hit.
    expect(summary.prefixCacheHitRate).toBe(0);
    const benchmark = report.benchmarks[0]!;
    const finished = benchmark.requestCounts.successful;
    expect(summary.ttft!.count).toBeGreaterThanOrEqual(finished - 2);
    // The server's TTFT leaves out the network and the client, so it is the smaller one.
    const clientTtft = benchmark.metrics.ttftMs.successful.mean!;
    expect(summary.ttft!.meanMs!).toBeLessThan(clientTtft);
    expect(summary.ttft!.meanMs!).toBeGreaterThan(clientTtft * 0.5);
    expect(summary.itl!.meanMs!).toBeGreaterThan(4);
    expect(summary.generationTokensPerSecond!).toBeGreaterThan(100);
    // Series sit on the caller's clock, inside the window, in order.
    for (const points of [series.running!, series.generationTokens!, series.gpuUtilization!]) {
      expect(points.length).toBeGreaterThanOrEqual(5);
      for (let i = 1; i < points.length; i++) {
        expect(points[i]!.tMs).toBeGreaterThan(points[i - 1]!.tMs);
      }
      expect(points[0]!.tMs).toBeGreaterThanOrEqual(benchmarkStart);
      expect(points.at(-1)!.tMs).toBeLessThanOrEqual(benchmarkEnd);
    }
  }, 30_000);

  it('sees the prefix cache hit when every request shares a long system prompt', async () => {
    mock = await createMockServer({ simulate: true });
    const system = Array.from({ length: 480 }, (_, i) => `rule${i}`).join(' ');
    let serial = 0;
    const sharedPrefix: DataSource = {
      name: 'shared-prefix',
      async prepare() {},
      *samples() {
        for (;;) {
          const question = `question ${serial++}: what now`;
          yield {
            prompt: question,
            messages: [
              { role: 'system', content: system },
              { role: 'user', content: question },
            ],
            outputTokens: 16,
          };
        }
      },
    };
    const started = performance.now();
    scraper = createServerMetricsScraper({
      urls: [`${mock.url}/metrics`],
      now: () => performance.now() - started,
      intervalMs: 250,
    });
    scraper.start();
    await scraper.scrapeNow();
    const report = await runBenchmark({
      target: mock.url,
      data: sharedPrefix,
      profile: 'constant',
      rate: 8,
      maxSeconds: 2,
    });
    await scraper.scrapeNow();
    const { summary } = scraper.window(0, performance.now() - started);
    const requests = report.benchmarks[0]!.requestCounts.total;
    // The 30 full blocks of the system prompt (480 tokens) hit for every request but the first.
    expect(summary.prefixCacheHitRate).toBeGreaterThan(
      (0.9 * 480 * (requests - 1)) / (484 * requests),
    );
    expect(summary.prefixCacheHitRate).toBeLessThan(1);
  }, 30_000);

  it('gives exactly one warning for a server without /metrics and goes on with the others', async () => {
    const bare = await serve((response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"Not Found"}');
    });
    const dcgm = await dcgmExporter();
    const warnings: string[] = [];
    scraper = createServerMetricsScraper({
      urls: [`${bare}/metrics`, `${dcgm}/metrics`],
      now: () => performance.now(),
      intervalMs: 50,
      onWarning: (message) => warnings.push(message),
    });
    scraper.start();
    await wait(600);
    await scraper.scrapeNow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      `server metrics: ${bare}/metrics has no Prometheus metrics (HTTP 404); not scraping it`,
    );
    const [missing, exporter] = scraper.endpoints();
    expect(missing).toMatchObject({ available: false, scrapesTotal: 0, failures: 1 });
    expect(exporter!.scrapesTotal).toBeGreaterThanOrEqual(5);
  });

  it('warns once per streak of failed scrapes, never throwing, and reports timeouts', async () => {
    let healthy = true;
    let hang = false;
    const flaky = await serve((response) => {
      if (hang) return;
      if (!healthy) {
        response.writeHead(503).end('overloaded');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting 3\n');
    });
    const warnings: string[] = [];
    scraper = createServerMetricsScraper({
      urls: [`${flaky}/metrics`],
      now: () => performance.now(),
      intervalMs: 40,
      timeoutMs: 150,
      onWarning: (message) => {
        warnings.push(message);
        throw new Error('a throwing sink must not stop the scraper');
      },
    });
    scraper.start();
    await wait(200);
    healthy = false;
    await wait(250);
    healthy = true;
    await wait(200);
    hang = true;
    await wait(400);
    hang = false;
    await wait(200);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/scraping .*\/metrics failed \(HTTP 503\); retrying every 40 ms/);
    expect(warnings[1]).toMatch(/scraping .*\/metrics failed \(.*(Timeout|timeout|abort).*\)/);
    const [endpoint] = scraper.endpoints();
    expect(endpoint!.available).toBe(true);
    expect(endpoint!.failures).toBeGreaterThanOrEqual(3);
    expect(endpoint!.scrapesTotal).toBeGreaterThanOrEqual(6);
  });

  it('keeps credentials of an endpoint URL out of its warnings and its report', async () => {
    const bare = await serve((response) => response.writeHead(404).end());
    const warnings: string[] = [];
    const withSecret = bare.replace('http://', 'http://user:s3cret@');
    scraper = createServerMetricsScraper({
      urls: [`${withSecret}/metrics`],
      now: () => performance.now(),
      onWarning: (message) => warnings.push(message),
    });
    await scraper.scrapeNow();
    expect(warnings.join('\n')).not.toContain('s3cret');
    expect(JSON.stringify(scraper.window(0, performance.now()))).not.toContain('s3cret');
  });
});

describe('probeServerMetrics', () => {
  it('finds <target origin>/metrics when it answers in Prometheus text, and nothing otherwise', async () => {
    mock = await createMockServer();
    expect(await probeServerMetrics(`${mock.url}/v1`)).toBe(`${mock.url}/metrics`);
    const html = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><html><body>dashboard</body></html>');
    });
    expect(await probeServerMetrics(html)).toBeUndefined();
    const bare = await serve((response) => response.writeHead(404).end());
    expect(await probeServerMetrics(`${bare}/v1`)).toBeUndefined();
    expect(await probeServerMetrics('not a url')).toBeUndefined();
  });
});
