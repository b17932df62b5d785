import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { renderCapacityHeadline } from '../../src/outputs/slo-summary.js';
import { capacityHeadline } from '../../src/outputs/html/tables.js';
import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { renderHtml } from '../../src/outputs/html/render-html.js';
import { renderConsoleSummary } from '../../src/outputs/console-summary.js';
import { renderCsv } from '../../src/outputs/csv.js';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { useHttpServers } from '../helpers/http-servers.js';
import { readCsv } from '../helpers/read-csv.js';
import { dcgmExporterText } from '../helpers/dcgm-exporter.js';
import { useMockServers } from '../helpers/mock-servers.js';

const http = useHttpServers();

/**
 * The run's server-metrics warnings. Others (a client-bound warning on a busy test machine)
 * are not this file's subject.
 */
const serverWarnings = (report: { warnings?: { code: string; message: string }[] | undefined }) =>
  (report.warnings ?? []).filter((warning) => warning.code.startsWith('SERVER_METRICS'));
const mocks = useMockServers();

async function dcgmExporter(): Promise<string> {
  const server = await http.listen((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(dcgmExporterText());
  });
  return `${server.url}/metrics`;
}

/** A front of `upstream` that forwards the OpenAI routes and has no `/metrics` (404). */
async function withoutMetrics(upstream: string) {
  const target = new URL(upstream);
  return http.listen((incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (incoming.url === '/metrics') {
      outgoing.writeHead(404, { 'content-type': 'application/json' });
      outgoing.end('{"detail":"Not Found"}');
      return;
    }
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
}

describe('server metrics in a run', () => {
  it("puts the mock's /metrics into each benchmark on the run's clock, in the JSON, HTML, console and CSV", async () => {
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=128,output_tokens=16',
      profile: 'constant',
      rate: [6, 12],
      maxSeconds: 2,
      serverMetrics: { intervalMs: 200 },
    });
    expect(serverWarnings(report)).toEqual([]);
    // The report went through its schema: the section survives a JSON round trip and a parse.
    const reread = BenchmarkReportSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(reread.benchmarks).toHaveLength(2);
    for (const benchmark of reread.benchmarks) {
      const server = benchmark.serverMetrics!;
      expect(server.endpoints).toHaveLength(1);
      expect(server.endpoints[0]).toMatchObject({
        servers: ['vllm'],
        available: true,
        failures: 0,
      });
      expect(server.endpoints[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      // Polled every 200 ms through a 2 s benchmark, plus its boundary scrapes.
      expect(server.scrapes).toBeGreaterThanOrEqual(8);
      const { start, end } = benchmark.timings;
      for (const points of [server.series.running!, server.series.kvCacheUsage!]) {
        expect(points.length).toBeGreaterThanOrEqual(8);
        expect(points[0]!.tMs).toBeGreaterThanOrEqual(start);
        // The closing scrape comes just after the last request settled.
        expect(points.at(-1)!.tMs).toBeLessThan(end + 500);
        for (let i = 1; i < points.length; i++) {
          expect(points[i]!.tMs).toBeGreaterThan(points[i - 1]!.tMs);
        }
      }
      const { summary } = server;
      expect(summary.peakRunning).toBeGreaterThanOrEqual(1);
      expect(summary.kvCacheUsageP95).toBeGreaterThan(0);
      expect(summary.preemptions).toBe(0);
      // The server counted the requests of this benchmark alone, not the other's.
      const successful = benchmark.requestCounts.successful;
      expect(summary.e2e!.count).toBeGreaterThanOrEqual(successful - 1);
      expect(summary.e2e!.count).toBeLessThanOrEqual(benchmark.requestCounts.total);
      // Its TTFT leaves out the network and the client: below the client's, not far below.
      const clientTtft = benchmark.metrics.ttftMs.successful.mean!;
      expect(summary.ttft!.meanMs!).toBeLessThan(clientTtft);
      expect(summary.ttft!.meanMs!).toBeGreaterThan(clientTtft * 0.4);
    }
    // The second benchmark offered twice the load: the server generated faster.
    const [slow, fast] = reread.benchmarks;
    expect(fast!.serverMetrics!.summary.generationTokensPerSecond!).toBeGreaterThan(
      slow!.serverMetrics!.summary.generationTokensPerSecond! * 1.4,
    );

    const html = renderHtml(report);
    const charts = JSON.parse(
      /<script type="application\/json" id="inferbench-charts">([^<]*)<\/script>/.exec(html)![1]!,
    ) as { id: string; xLabel: string; x: number[]; series: { label: string }[] }[];
    const server = charts.find((chart) => chart.id === 'server-0')!;
    const client = charts.find((chart) => chart.id === 'timeseries-0')!;
    expect(server.xLabel).toBe(client.xLabel);
    expect(server.series.map((series) => series.label)).toEqual([
      'server running',
      'server waiting',
      'KV cache usage %',
    ]);
    expect(server.x[0]).toBeGreaterThanOrEqual(0);
    expect(server.x.at(-1)).toBeLessThan(client.x.at(-1)! + 1.5);
    expect(html).toContain('data-server-metrics="1"');
    expect(html).toContain('KV cache usage p95');

    const lines = renderConsoleSummary(report).split('\n');
    const serverLines = lines.filter((line) => /^constant.*running ≤/.test(line));
    expect(serverLines).toHaveLength(2);
    expect(serverLines[0]).toMatch(/TTFT p50 [\d.]+ ms \(client [\d.]+ ms\)/);

    const [header, ...rows] = readCsv(renderCsv(report));
    const kv = header!.indexOf('KV cache usage p95 (%)');
    const ttftP50 = header!.indexOf('Server TTFT p50 (ms)');
    expect(kv).toBeGreaterThan(0);
    expect(rows).toHaveLength(2);
    const summary = report.benchmarks[0]!.serverMetrics!.summary;
    expect(Number(rows[0]![kv])).toBeCloseTo(summary.kvCacheUsageP95! * 100, 6);
    expect(Number(rows[0]![ttftP50])).toBeCloseTo(summary.ttft!.p50Ms!, 6);
  }, 60_000);

  it("scrapes the target's /metrics by default, and not with serverMetrics: false", async () => {
    const mock = await mocks.start({ simulate: true });
    const run = (serverMetrics?: false) =>
      runBenchmark({
        target: mock.url,
        data: 'prompt_tokens=64,output_tokens=8',
        profile: 'synchronous',
        maxRequests: 3,
        ...(serverMetrics === undefined ? {} : { serverMetrics }),
      });
    const scraped = await run();
    expect(scraped.benchmarks[0]!.serverMetrics!.endpoints[0]!.url).toBe(`${mock.url}/metrics`);
    expect(scraped.benchmarks[0]!.serverMetrics!.scrapes).toBeGreaterThanOrEqual(1);
    const off = await run(false);
    expect(off.benchmarks[0]!.serverMetrics).toBeUndefined();
    expect(off.args['serverMetrics']).toBe(false);
  }, 30_000);

  it("gives a DCGM exporter's GPU utilization and memory beside the server's own metrics", async () => {
    const dcgm = await dcgmExporter();
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=64,output_tokens=8',
      profile: 'constant',
      rate: 5,
      maxSeconds: 1.5,
      serverMetrics: { urls: ['auto', dcgm], intervalMs: 150 },
    });
    expect(serverWarnings(report)).toEqual([]);
    const server = report.benchmarks[0]!.serverMetrics!;
    expect(server.endpoints.map((endpoint) => endpoint.servers)).toEqual([['vllm'], ['dcgm']]);
    expect(server.summary.gpuUtilizationMean).toBe(60);
    expect(server.summary.gpuMemoryUsedMiBMax).toBe(21504);
    expect(server.summary.peakRunning).toBeGreaterThanOrEqual(1);
    expect(server.series.gpuUtilization!.length).toBeGreaterThanOrEqual(5);
    expect(server.endpoints[1]!.summary.peakRunning).toBeNull();
    const html = renderHtml(report);
    expect(html).toContain('GPU utilization mean');
    expect(html).toContain('GPU utilization %');
  }, 30_000);

  it('gives exactly one warning, and a normal run, for a server without /metrics', async () => {
    const mock = await mocks.start({ simulate: true });
    const bare = await withoutMetrics(mock.url);
    const run = (serverMetrics?: boolean | string) =>
      runBenchmark({
        target: bare.url,
        // The mock's word tokenizer: no tokenizer to look for behind the front.
        tokenizer: 'word',
        data: 'prompt_tokens=64,output_tokens=8',
        profile: 'constant',
        rate: 10,
        maxSeconds: 1,
        ...(serverMetrics === undefined ? {} : { serverMetrics }),
      });
    // Asked for: one warning, the run goes on.
    const asked = await run(true);
    expect(asked.status).toBe('completed');
    expect(asked.benchmarks[0]!.requestCounts.successful).toBeGreaterThan(5);
    expect(asked.benchmarks[0]!.serverMetrics).toBeUndefined();
    expect(serverWarnings(asked)).toEqual([
      {
        code: 'SERVER_METRICS_UNAVAILABLE',
        message: `server metrics: ${bare.url}/metrics did not answer with Prometheus text; the report has no server-side metrics from the target`,
      },
    ]);
    // A URL given explicitly: one warning from its first scrape, none after.
    const given = await run(`${bare.url}/metrics`);
    expect(given.status).toBe('completed');
    expect(serverWarnings(given)).toEqual([
      {
        code: 'SERVER_METRICS_UNAVAILABLE',
        message: `server metrics: ${bare.url}/metrics has no Prometheus metrics (HTTP 404); not scraping it`,
      },
    ]);
    expect(given.benchmarks[0]!.serverMetrics!.endpoints[0]).toMatchObject({
      available: false,
      failures: 1,
      scrapesTotal: 0,
    });
    // By default a target without /metrics is normal: no warning, no section.
    const quiet = await run();
    expect(serverWarnings(quiet)).toEqual([]);
    expect(quiet.benchmarks[0]!.serverMetrics).toBeUndefined();
  }, 30_000);

  it('warns once for an endpoint that keeps failing, counting every failure', async () => {
    const failing = await http.listen((_request, response) => {
      response.writeHead(503).end('overloaded');
    });
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=64,output_tokens=8',
      profile: 'constant',
      rate: [5, 5],
      maxSeconds: 1,
      serverMetrics: { urls: ['auto', `${failing.url}/metrics`], intervalMs: 100 },
    });
    expect(report.status).toBe('completed');
    const warnings = serverWarnings(report);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('SERVER_METRICS_UNAVAILABLE');
    expect(warnings[0]!.message).toContain('failed (HTTP 503)');
    const endpoint = report.benchmarks[1]!.serverMetrics!.endpoints[1]!;
    expect(endpoint.available).toBe(true);
    expect(endpoint.failures).toBeGreaterThanOrEqual(15);
    // The target's own endpoint went on being scraped.
    expect(report.benchmarks[1]!.serverMetrics!.summary.e2e!.count).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('shows prefix-cache hits for a shared-prefix synthetic run against the simulator', async () => {
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=64,output_tokens=8,prefix_tokens=512,prefix_count=1',
      profile: 'constant',
      rate: 8,
      maxSeconds: 2,
      serverMetrics: { intervalMs: 250 },
    });
    const { summary, series } = report.benchmarks[0]!.serverMetrics!;
    const requests = report.benchmarks[0]!.requestCounts.total;
    expect(requests).toBeGreaterThan(8);
    // 512 of 576 prompt tokens are shared: all but the first request hit most of them.
    expect(summary.prefixCacheHitRate).toBeGreaterThan(0.6);
    expect(summary.prefixCacheHitRate).toBeLessThan(1);
    expect(series.prefixCacheHits!.some((point) => point.value > 0)).toBe(true);
  }, 30_000);

  it("records the server's state at the capacity answer's bracket", async () => {
    const report = await runBenchmark({
      target: 'mock',
      data: 'prompt_tokens=64,output_tokens=16',
      profile: 'capacity',
      slo: 'ttft_ms.p99<=150',
      capacity: { minRate: 4, maxRate: 400, maxSteps: 3 },
      maxSeconds: 1.5,
      serverMetrics: { intervalMs: 200 },
    });
    const capacity = report.capacity!;
    const atBracket = capacity.serverAtBracket!;
    const summaryAt = (rate: number, passed: boolean) => {
      const step = capacity.steps.findLast(
        (candidate) => candidate.ratePerSecond === rate && candidate.passed === passed,
      );
      return step === undefined
        ? undefined
        : report.benchmarks[step.benchmarkIndex]!.serverMetrics!.summary;
    };
    const passing = summaryAt(capacity.bracket[0], true);
    const failing = summaryAt(capacity.bracket[1], false);
    // 4 requests per second passes; 400 is far past the simulator and fails.
    expect(passing).toBeDefined();
    expect(failing).toBeDefined();
    expect(atBracket.passing).toEqual(passing);
    expect(atBracket.failing).toEqual(failing);
    // Above its capacity the server's batch and queue held far more than below it.
    expect(failing!.peakRunning! + failing!.peakWaiting!).toBeGreaterThan(
      4 * (passing!.peakRunning! + passing!.peakWaiting!),
    );
    // The console headline and the HTML report say it under the capacity answer.
    const [headline, server] = renderCapacityHeadline(report);
    expect(headline).toMatch(/^Capacity: /);
    const [low, high] = capacity.bracket;
    // Queue peaks are whole numbers of requests, printed as they are.
    const waitingPeak = (summary: typeof passing) => `waiting ≤ ${summary!.peakWaiting}`;
    expect(server).toContain(`Server at the bracket: passing ${low.toFixed(2)} req/s: `);
    expect(server).toContain(`; failing ${high.toFixed(2)} req/s: `);
    const [passingText, failingText] = server!.split('; failing ');
    expect(passingText).toContain(waitingPeak(passing));
    expect(passingText).toContain(`running ≤ ${passing!.peakRunning}`);
    expect(failingText).toContain(waitingPeak(failing));
    expect(capacityHeadline(report)).toContain(
      `<p class="headline">Server at the bracket: passing`,
    );
    // The CSV marks the two benchmarks the bracket came from.
    const [header, ...rows] = readCsv(renderCsv(report));
    const column = header!.indexOf('Capacity bracket');
    expect(column).toBeGreaterThan(0);
    const marked = rows.flatMap((row, index) => (row[column] === '' ? [] : [[index, row[column]]]));
    const stepOf = (rate: number, passed: boolean) =>
      capacity.steps.findLast((s) => s.ratePerSecond === rate && s.passed === passed)!;
    expect(marked).toEqual(
      [
        [stepOf(low, true).benchmarkIndex, 'passing'],
        [stepOf(high, false).benchmarkIndex, 'failing'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  }, 60_000);
});
