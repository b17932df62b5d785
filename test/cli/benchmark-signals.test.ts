import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema, type BenchmarkReport } from '../../src/report/report-schema.js';
import { CLI_PATH } from '../helpers/spawn-mock-server.js';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
/** "Ends the run promptly": from the signal to the process's exit, outputs written. */
const PROMPT_EXIT_MS = 2_000;

let dir: string;
const servers: Server[] = [];
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-signals-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await rm(dir, { recursive: true, force: true });
});

/** A CLI process whose output is collected as it arrives and whose exit time is recorded. */
interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr matches `pattern`. */
  stderrMatches(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: dir,
    env: { ...process.env, INFERBENCH_API_KEY: '', OPENAI_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of waiters.filter((w) => w.pattern.test(stderr))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>(
    (resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() }));
    },
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    stderrMatches: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ pattern, resolve })),
    exited,
  };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const MODELS = '{"object":"list","data":[{"id":"m","object":"model"}]}';

/** Checks that every requested output exists and is valid; returns the parsed report. */
async function readOutputs(outDir: string): Promise<BenchmarkReport> {
  const report = BenchmarkReportSchema.parse(
    JSON.parse(await readFile(join(outDir, 'benchmarks.json'), 'utf8')),
  );
  const csvLines = (await readFile(join(outDir, 'benchmarks.csv'), 'utf8'))
    .split('\n')
    .filter((line) => line !== '');
  // One header row, then one row per benchmark.
  expect(csvLines[0]).toContain('TTFT p99 (ms)');
  expect(csvLines).toHaveLength(1 + report.benchmarks.length);
  const html = await readFile(join(outDir, 'benchmarks.html'), 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
  expect(html).toContain('aborted (aborted)');
  expect(html).toContain(`${report.benchmarks.length} benchmark(s)`);
  return report;
}

const ALL_OUTPUTS = ['--outputs', 'json,csv,html', '--output-dir', 'out'];

describe('inferbench benchmark and signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s mid-benchmark ends promptly with exit 130 and writes every requested output',
    async (signal) => {
      const cli = startCli([
        'benchmark',
        '--target',
        'mock',
        '--data',
        'prompt_tokens=16,output_tokens=64',
        '--profile',
        'concurrent',
        '--rate',
        '4',
        '--max-seconds',
        '60',
        ...ALL_OUTPUTS,
      ]);
      await cli.stderrMatches(/\[1\] concurrent.*: started/);
      // Long enough for requests to finish; 4 streams stay in flight all the time.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const signalledAt = performance.now();
      expect(cli.child.kill(signal)).toBe(true);
      const exit = await cli.exited;
      expect(exit.code).toBe(130);
      expect(exit.atMs - signalledAt).toBeLessThan(PROMPT_EXIT_MS);
      expect(cli.stderr()).toContain('interrupted: stopping and writing the partial report');
      expect(cli.stderr()).not.toMatch(STACK_LINE);
      for (const file of ['benchmarks.json', 'benchmarks.csv', 'benchmarks.html']) {
        expect(cli.stdout()).toContain(`report written to ${join('out', file)}`);
      }
      const report = await readOutputs(join(dir, 'out'));
      expect(report.status).toBe('aborted');
      expect(report.benchmarks).toHaveLength(1);
      const benchmark = report.benchmarks[0]!;
      expect(benchmark.stopReason).toBe('aborted');
      expect(benchmark.requestCounts.successful).toBeGreaterThan(0);
      // The 4 requests in flight at the signal were cancelled and kept as incomplete.
      expect(benchmark.requestCounts.incomplete).toBe(4);
      // Atomic writes leave no temporary files behind.
      expect((await readdir(join(dir, 'out'))).sort()).toEqual([
        'benchmarks.csv',
        'benchmarks.html',
        'benchmarks.json',
      ]);
    },
    30_000,
  );

  it('SIGINT with streams that never finish ends the run within 2 s, the streams incomplete', async () => {
    let streaming = 0;
    let allStreaming: () => void = () => undefined;
    const streamsOpen = new Promise<void>((resolve) => {
      allStreaming = resolve;
    });
    const target = await listen((request, response) => {
      request.resume();
      if (request.url?.endsWith('/models')) {
        response.setHeader('content-type', 'application/json');
        response.end(MODELS);
        return;
      }
      // One token, then silence: the stream stays open until the client goes away.
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(
        'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n',
      );
      if (++streaming === 3) allStreaming();
    });
    const cli = startCli([
      'benchmark',
      '--target',
      target,
      '--data',
      'prompt_tokens=8,output_tokens=8',
      // This target streams on every path: asking it for a tokenizer would open streams too.
      '--tokenizer',
      'word',
      '--profile',
      'concurrent',
      '--rate',
      '3',
      '--max-seconds',
      '60',
      // The probe would wait on a stream that never ends.
      '--no-probe',
      ...ALL_OUTPUTS,
    ]);
    await streamsOpen;
    const signalledAt = performance.now();
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    expect(exit.code).toBe(130);
    expect(exit.atMs - signalledAt).toBeLessThan(PROMPT_EXIT_MS);
    expect(cli.stderr()).not.toMatch(STACK_LINE);
    const report = await readOutputs(join(dir, 'out'));
    expect(report.status).toBe('aborted');
    const counts = report.benchmarks[0]!.requestCounts;
    expect(counts).toMatchObject({ successful: 0, errored: 0, incomplete: 3, total: 3 });
  }, 30_000);

  it.each([
    ['target discovery (GET /v1/models never answers)', 'prompt_tokens=8,output_tokens=8'],
    // Preparing 50k prompts of 2000 tokens takes several seconds; the signal lands in the middle.
    ['data preparation', 'prompt_tokens=2000,output_tokens=8,samples=50000'],
  ])(
    'an interrupt during %s still writes every output: aborted, zero benchmarks',
    async (phase, data) => {
      let asked: () => void = () => undefined;
      const modelsAsked = new Promise<void>((resolve) => {
        asked = resolve;
      });
      const hang = phase.startsWith('target');
      const target = await listen((request, response) => {
        request.resume();
        asked();
        if (!hang) {
          response.setHeader('content-type', 'application/json');
          response.end(MODELS);
        }
      });
      const cli = startCli([
        'benchmark',
        '--target',
        target,
        '--data',
        data,
        '--max-requests',
        '5',
        // This target only lists models: the signal must land in setup, not in a probe.
        '--no-probe',
        ...ALL_OUTPUTS,
      ]);
      await modelsAsked;
      if (!hang) await new Promise((resolve) => setTimeout(resolve, 300));
      const signalledAt = performance.now();
      cli.child.kill('SIGINT');
      const exit = await cli.exited;
      expect(cli.stderr()).not.toMatch(STACK_LINE);
      expect(cli.stderr()).not.toContain('error:');
      expect(exit.code).toBe(130);
      expect(exit.atMs - signalledAt).toBeLessThan(PROMPT_EXIT_MS);
      const report = await readOutputs(join(dir, 'out'));
      expect(report.status).toBe('aborted');
      expect(report.stopReason).toBe('aborted');
      expect(report.benchmarks).toEqual([]);
      // The signal landed before the run started (the progress's first line is its run-start).
      expect(cli.stderr()).not.toContain('inferbench: ');
    },
    30_000,
  );

  it.each([
    ['at once, in setup (GET /v1/models never answers)', 'setup', 0],
    ['10 ms after the first, mid-benchmark', 'benchmark', 10],
  ] as const)(
    'a second signal %s still leaves the report, and no .tmp file',
    async (_when, phase, gapMs) => {
      let asked: () => void = () => undefined;
      const modelsAsked = new Promise<void>((resolve) => {
        asked = resolve;
      });
      const target =
        phase === 'setup'
          ? // Accepts the connection and never answers: the run is held in setup.
            await listen((request) => {
              request.resume();
              asked();
            })
          : undefined;
      const cli = startCli([
        'benchmark',
        '--target',
        target ?? 'mock',
        '--profile',
        'concurrent',
        '--rate',
        '4',
        '--data',
        'prompt_tokens=16,output_tokens=64',
        '--max-seconds',
        '60',
        ...ALL_OUTPUTS,
      ]);
      if (phase === 'setup') await modelsAsked;
      else {
        await cli.stderrMatches(/\[1\] concurrent.*: started/);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const signalledAt = performance.now();
      // Two different signals, so that the kernel cannot merge them into one: the second
      // arrives while the first is still cancelling and writing the partial report.
      cli.child.kill('SIGINT');
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      cli.child.kill('SIGTERM');
      const exit = await cli.exited;
      expect(exit.code).toBe(130);
      expect(exit.signal).toBeNull();
      expect(exit.atMs - signalledAt).toBeLessThan(PROMPT_EXIT_MS);
      expect(cli.stderr()).not.toMatch(STACK_LINE);
      expect(cli.stderr().match(/interrupted: /g)).toHaveLength(1);
      expect(cli.stderr()).toContain('interrupted again: finishing the partial report');
      // The report of what finished is there, whole, and nothing else is.
      const report = await readOutputs(join(dir, 'out'));
      expect(report.status).toBe('aborted');
      if (phase === 'benchmark') {
        expect(report.benchmarks).toHaveLength(1);
        expect(report.benchmarks[0]!.requestCounts.successful).toBeGreaterThan(0);
      } else {
        expect(report.benchmarks).toEqual([]);
      }
      expect((await readdir(join(dir, 'out'))).sort()).toEqual([
        'benchmarks.csv',
        'benchmarks.html',
        'benchmarks.json',
      ]);
    },
    30_000,
  );

  it('a third signal exits at once, whatever is still running', async () => {
    let asked: () => void = () => undefined;
    const modelsAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const target = await listen((request) => {
      request.resume();
      asked();
    });
    const cli = startCli(['benchmark', '--target', target, '--max-requests', '5', ...ALL_OUTPUTS]);
    await modelsAsked;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGINT'] as const) {
      cli.child.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const exit = await cli.exited;
    expect(exit.code).toBe(130);
    expect(cli.stderr()).not.toMatch(STACK_LINE);
    // Never a stray temporary file, whether the report made it or not.
    const left = existsSync(join(dir, 'out')) ? await readdir(join(dir, 'out')) : [];
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});
