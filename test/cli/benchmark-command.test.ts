import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe('inferbench benchmark', () => {
  it('runs the README demo against the built-in mock server and writes a valid report', async () => {
    const result = await runCli(
      [
        'benchmark',
        '--target',
        'mock',
        '--data',
        'prompt_tokens=128,output_tokens=64',
        '--profile',
        'constant',
        '--rate',
        '20',
        '--max-seconds',
        '5',
        '--output-dir',
        'out',
      ],
      { cwd: dir },
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('constant@20/s');
    expect(result.stdout).toContain('TTFT p50');
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    expect(report.status).toBe('completed');
    expect(report.benchmarks).toHaveLength(1);
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('max-seconds');
    // 20/s for 5 s: about 100 requests sent, most of them finished.
    expect(benchmark.requestCounts.total).toBeGreaterThanOrEqual(95);
    expect(benchmark.requestCounts.successful).toBeGreaterThan(70);
    expect(benchmark.metrics.promptTokens.successful.median).toBe(128);
    expect(benchmark.metrics.outputTokens.successful.median).toBe(64);
    expect(report.args['randomSeed']).toBe(42);
  }, 60_000);

  it("accepts `benchmark run` and GuideLLM's --rate-type", async () => {
    const result = await runCli(
      [
        'benchmark',
        'run',
        '--target',
        'mock',
        '--data',
        'prompt_tokens=16,output_tokens=8',
        '--rate-type',
        'concurrent',
        '--rate',
        '2',
        '--max-requests',
        '6',
        '--output-dir',
        '.',
        '--no-progress',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')),
    );
    expect(report.benchmarks[0]!.strategy).toEqual({ type: 'concurrent', streams: 2 });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(6);
  }, 60_000);

  it.each([
    [
      ['--target', 'mock', '--profile', 'constant', '--max-seconds', '1'],
      '--rate: expected a number > 0',
    ],
    [
      ['--target', 'mock', '--max-seconds', 'abc'],
      '--max-seconds: expected a number, received "abc"',
    ],
    [
      ['--target', 'mock', '--profile', 'constant', '--rate', '-3', '--max-seconds', '1'],
      '--rate: expected a number > 0, received -3',
    ],
    [['--target', 'mock', '--data', 'prompt_tokens=abc', '--max-seconds', '1'], 'prompt_tokens'],
    [['--target', 'mock', '--max-seconds', '1', '--outputs', 'pdf'], '--outputs: expected'],
    [['--target', 'mock', '--bogus'], "unknown option '--bogus'"],
    [['--max-seconds', '1'], '--target: expected a URL or "mock", received nothing'],
    [['--target', 'mock'], 'maxSeconds or maxRequests'],
  ])(
    'exits 2 without a stack trace for %j',
    async (args, message) => {
      const result = await runCli(['benchmark', ...args], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(STACK_LINE);
    },
    30_000,
  );

  it('exits 1 with a clear message when the target refuses connections', async () => {
    const result = await runCli(
      ['benchmark', '--target', 'http://127.0.0.1:9', '--max-seconds', '1'],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('127.0.0.1:9');
    expect(result.stderr).not.toMatch(STACK_LINE);
  }, 30_000);

  describe('never writes the API key to stdout, stderr or any output file', () => {
    const secret = 'sk-inferbench-test-secret-0123456789';
    const headerSecret = 'hdr-inferbench-secret-9876543210';
    let server: Server | undefined;
    afterEach(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) =>
        server === undefined ? resolve(undefined) : server.close(resolve),
      );
      server = undefined;
    });

    /** Serves with the key only; every other request fails with a 401 that echoes the credentials. */
    async function startEchoingServer(): Promise<{ url: string; authorized: () => number }> {
      let authorized = 0;
      let requests = 0;
      server = createServer((request, response) => {
        request.resume();
        if (request.headers.authorization !== `Bearer ${secret}`) {
          response.writeHead(401).end('no key');
          return;
        }
        authorized++;
        if (request.url?.endsWith('/models')) {
          response.setHeader('content-type', 'application/json');
          response.end('{"object":"list","data":[{"id":"m","object":"model"}]}');
          return;
        }
        if (++requests % 2 === 0) {
          // Like OpenAI's 401, this echoes what it was sent.
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              error: {
                message: `Incorrect API key provided: ${request.headers.authorization}; x-api-key ${String(request.headers['x-api-key'])}`,
              },
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(
          'data: {"choices":[{"index":0,"delta":{"content":"Hi there"}}]}\n\ndata: [DONE]\n\n',
        );
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        authorized: () => authorized,
      };
    }

    const cleanEnv = { ...process.env, INFERBENCH_API_KEY: '', OPENAI_API_KEY: '' };
    it.each<[string, string[], Record<string, string>, Record<string, unknown> | undefined]>([
      ['--api-key', ['--api-key', secret], {}, undefined],
      ['INFERBENCH_API_KEY', [], { INFERBENCH_API_KEY: secret }, undefined],
      ['OPENAI_API_KEY', [], { OPENAI_API_KEY: secret }, undefined],
      [
        '--backend-kwargs',
        [
          '--backend-kwargs',
          JSON.stringify({ api_key: secret, headers: { 'x-api-key': headerSecret } }),
        ],
        {},
        undefined,
      ],
      [
        'INFERBENCH_BACKEND_KWARGS',
        [],
        {
          INFERBENCH_BACKEND_KWARGS: JSON.stringify({
            api_key: secret,
            headers: { 'x-api-key': headerSecret },
          }),
        },
        undefined,
      ],
      ['a --config file', ['--config', 'config.json'], {}, { 'api-key': secret }],
    ])(
      'with the key from %s (benchmark with every output, and env)',
      async (_source, flags, env, config) => {
        const target = await startEchoingServer();
        if (config !== undefined) await writeFile(join(dir, 'config.json'), JSON.stringify(config));
        const result = await runCli(
          [
            'benchmark',
            '--target',
            target.url,
            ...flags,
            '--profile',
            'synchronous',
            '--max-requests',
            '4',
            '--data',
            'prompt_tokens=8,output_tokens=4',
            // This server has no tokenizer to ask: its request count stays that of the benchmark.
            '--tokenizer',
            'word',
            '--retain-requests',
            '--outputs',
            'json,csv,html,console',
            '--output-dir',
            'out',
          ],
          { cwd: dir, env: { ...cleanEnv, ...env } },
        );
        expect(result.stderr).not.toMatch(STACK_LINE);
        expect(result.code).toBe(0);
        // The key reached the server: discovery, the probe and every request carried it.
        expect(target.authorized()).toBe(6);
        // Progress was on and the failures' messages were kept, so both had the chance to leak.
        expect(result.stderr).toContain('inferbench: synchronous');
        const json = await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8');
        const report = BenchmarkReportSchema.parse(JSON.parse(json));
        expect(report.benchmarks[0]!.requestCounts).toMatchObject({ successful: 2, errored: 2 });
        expect(json).toContain('Incorrect API key provided: [redacted]');
        expect(json).toContain('[redacted]');

        const envFlags = config === undefined ? [] : ['--config', 'config.json'];
        const envCommand = await runCli(['env', ...envFlags], {
          cwd: dir,
          env: { ...cleanEnv, ...env },
        });
        expect(envCommand.code).toBe(0);
        if (flags.length === 0 || config !== undefined) {
          expect(envCommand.stdout).toContain('[redacted]');
        }

        const files = (await readdir(join(dir, 'out'))).sort();
        expect(files).toEqual(['benchmarks.csv', 'benchmarks.html', 'benchmarks.json']);
        const texts = [
          result.stdout,
          result.stderr,
          envCommand.stdout,
          envCommand.stderr,
          ...(await Promise.all(files.map((file) => readFile(join(dir, 'out', file), 'utf8')))),
        ];
        for (const text of texts) {
          expect(text).not.toContain(secret);
          expect(text).not.toContain(headerSecret);
          expect(text).not.toContain('inferbench-test-secret');
        }
      },
      30_000,
    );
  });
});
