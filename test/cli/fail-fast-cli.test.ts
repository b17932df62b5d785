import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { useHttpServers } from '../helpers/http-servers.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { runCli } from '../helpers/run-cli.js';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const mocks = useMockServers();

const http = useHttpServers();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-fail-fast-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A server that counts every request it receives and answers none of them usefully. */
async function countingServer(): Promise<{ url: string; count: () => number }> {
  const server = await http.listen((request, response) => {
    request.resume();
    response.writeHead(500).end();
  });
  return { url: server.url, count: () => server.requests().length };
}

const RUN = ['--data', 'prompt_tokens=8,output_tokens=4', '--profile', 'constant', '--rate', '20'];

describe('a run that cannot measure fails at once', () => {
  it('a wrong --model fails in under 5 s with exit 1, naming the model the server serves', async () => {
    const server = await mocks.spawn([]);
    const started = performance.now();
    const result = await runCli(
      ['benchmark', '--target', server.url, '--model', 'gpt-5', ...RUN, '--max-seconds', '30'],
      { cwd: dir },
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: --model: "gpt-5" is not served by ${server.url}; it serves: mock-model (a request for it failed: HTTP 404: The model \`gpt-5\` does not exist.)\n`,
    );
    expect(await readdir(dir)).toEqual([]);
  }, 30_000);

  it('an --output-dir that is a file fails with exit 2 before any request', async () => {
    const target = await countingServer();
    await writeFile(join(dir, 'taken'), 'a file, not a folder');
    const result = await runCli(
      ['benchmark', '--target', target.url, ...RUN, '--max-seconds', '5', '--output-dir', 'taken'],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --output-dir: expected a folder that reports can be written to, received "taken" (a file is in the way at ${join(dir, 'taken')})\n`,
    );
    expect(target.count()).toBe(0);
  }, 30_000);

  it('an --output-dir under /proc fails with exit 2 at once instead of hanging', async () => {
    const target = await countingServer();
    const started = performance.now();
    const result = await runCli(
      ['benchmark', '--target', target.url, ...RUN, '--max-seconds', '5'].concat([
        '--output-dir',
        '/proc/inferbench-nope/deeper',
      ]),
      { cwd: dir },
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --output-dir: expected a folder that reports can be written to/,
    );
    expect(target.count()).toBe(0);
  }, 30_000);

  it('a target failing every request exits 1: at the probe, or after its first 20 failures', async () => {
    const server = await mocks.spawn(['--fault', 'type=http_error,status=503,probability=1']);
    const probed = await runCli(
      ['benchmark', '--target', server.url, ...RUN, '--max-seconds', '30'],
      { cwd: dir },
    );
    expect(probed.code).toBe(1);
    expect(probed.stderr).toMatch(
      /^error: --target: http:\/\/127\.0\.0\.1:\d+ failed the probe request for model "mock-model": HTTP 503: /,
    );
    expect(probed.stderr).not.toMatch(STACK_LINE);

    const started = performance.now();
    const guarded = await runCli(
      ['benchmark', '--target', server.url, ...RUN, '--max-seconds', '30', '--no-probe'],
      { cwd: dir },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(guarded.code).toBe(1);
    expect(guarded.stdout.split('\n')[0]).toBe(
      'inferbench failed: 1 benchmark(s), model mock-model',
    );
    expect(guarded.stdout).toMatch(/^! constant@20\/s: 20 × HTTP 503: /m);
    expect(guarded.stderr).toContain('error: no benchmark had a successful request');
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')),
    );
    expect(report.status).toBe('failed');
    expect(report.benchmarks[0]!.stopReason).toBe('initial-failures');
  }, 30_000);
});
