import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();
let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a target that dies mid-run', () => {
  it('is recorded as connection failures, and the report keeps the requests before the kill', async () => {
    const server = await mocks.spawn(['--ttft-ms', '10', '--itl-ms', '5']);
    dir = await mkdtemp(join(tmpdir(), 'inferbench-killed-'));
    const child = server.process;
    let killedAt: number | undefined;
    const started = Date.now();
    const timer = setTimeout(() => {
      killedAt = Date.now() - started;
      child.kill('SIGKILL');
    }, 2000);
    const result = await runCli(
      [
        'benchmark',
        '--target',
        server.url,
        '--data',
        'prompt_tokens=8,output_tokens=20',
        // The kill is timed for the run, not for preparing prompts with the server's tokenizer.
        '--tokenizer',
        'word',
        '--profile',
        'concurrent',
        '--rate',
        '2',
        '--max-seconds',
        '60',
        // The two streams in flight and any pooled socket not yet seen closed end as resets;
        // only later requests open new connections and are refused: leave room for both.
        '--max-errors',
        '10',
        '--retain-requests',
        '--no-progress',
        '--output-dir',
        dir,
      ],
      { cwd: dir },
    ).finally(() => clearTimeout(timer));
    expect(killedAt).toBeDefined();
    expect(result.code).toBe(0);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')),
    );
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-errors');
    const requests = benchmark.requests!;
    expect(requests).toHaveLength(benchmark.requestCounts.total);
    // Requests take about 10 + 19 * 5 ms: two streams for two seconds finish many of them.
    const successful = requests.filter((request) => request.status === 'successful');
    expect(successful.length).toBeGreaterThanOrEqual(10);
    for (const request of successful) {
      expect(request.outputTokens).toBe(20);
      expect(request.contentParts).toBe(20);
      expect(request.firstTokenAt).not.toBeNull();
      expect(request.itlGapsMs).toHaveLength(19);
    }
    // Every success came before the failures: nothing measured before the kill was lost.
    const firstFailure = Math.min(
      ...requests.filter((request) => request.status === 'errored').map((request) => request.index),
    );
    expect(successful.every((request) => request.index < firstFailure + 2)).toBe(true);
    expect(benchmark.requestCounts.errored).toBeGreaterThanOrEqual(10);
    const codes = Object.keys(benchmark.errorsByCode);
    expect(
      codes.every((code) => code === 'CONNECTION_RESET' || code === 'CONNECTION_REFUSED'),
    ).toBe(true);
    expect(benchmark.errorsByCode['CONNECTION_REFUSED']).toBeGreaterThan(0);
    const counted = Object.values(benchmark.errorsByCode).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(benchmark.requestCounts.errored);
  }, 60_000);
});
