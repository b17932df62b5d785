import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-workers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RUN = [
  'benchmark',
  '--target',
  'mock',
  '--data',
  'prompt_tokens=16,output_tokens=8',
  '--profile',
  'constant',
  '--rate',
  '40',
  '--max-requests',
  '40',
  '--output-dir',
  'out',
];

describe('inferbench benchmark --workers', () => {
  it('sends from worker threads of the built package, set by flag or INFERBENCH_WORKERS', async () => {
    const byFlag = await runCli([...RUN, '--workers', '2'], { cwd: dir });
    expect(byFlag.code).toBe(0);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts.total).toBe(40);
    expect(benchmark.client.workers?.count).toBe(2);
    expect(benchmark.client.workers!.requestsPerWorker.reduce((a, b) => a + b, 0)).toBe(40);

    const byEnv = await runCli(RUN, {
      cwd: dir,
      env: { ...process.env, INFERBENCH_API_KEY: '', OPENAI_API_KEY: '', INFERBENCH_WORKERS: '3' },
    });
    expect(byEnv.code).toBe(0);
    const fromEnv = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    expect(fromEnv.benchmarks[0]!.client.workers?.count).toBe(3);
  });

  it('exits 2 naming --workers for a count below 1, before any request', async () => {
    const result = await runCli([...RUN, '--workers', '0'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers: expected a number >= 1, received 0/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
