import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-server-metrics-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RUN = [
  'benchmark',
  '--target',
  'mock',
  '--data',
  'prompt_tokens=64,output_tokens=16',
  '--profile',
  'constant',
  '--rate',
  '6',
  '--max-seconds',
  '2',
];

describe('inferbench benchmark --server-metrics', () => {
  it("scrapes the mock's /metrics at the interval and prints a server line per benchmark", async () => {
    const result = await runCli(
      [...RUN, '--server-metrics-interval-ms', '200', '--outputs', 'json,html,console'],
      { cwd: dir },
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Server metrics (the server's /metrics)");
    expect(result.stdout).toMatch(/constant@6\/s: running ≤ \d+, waiting ≤ \d+, KV p95 [\d.]+%/);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')),
    );
    expect(report.args['serverMetrics']).toEqual({ intervalMs: 200 });
    const server = report.benchmarks[0]!.serverMetrics!;
    expect(server.endpoints[0]!.servers).toEqual(['vllm']);
    expect(server.scrapes).toBeGreaterThanOrEqual(8);
    const html = await readFile(join(dir, 'benchmarks.html'), 'utf8');
    expect(html).toContain('"id":"server-0"');
  }, 60_000);

  it('turns scraping off with --server-metrics none', async () => {
    const result = await runCli([...RUN, '--server-metrics', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')),
    );
    expect(report.benchmarks[0]!.serverMetrics).toBeUndefined();
  }, 60_000);

  it('refuses an endpoint that is not an http(s) URL with exit 2, before any request', async () => {
    const result = await runCli([...RUN, '--server-metrics', 'gpu-node:9400'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--server-metrics');
    expect(result.stderr).toContain('"gpu-node:9400"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);
});
