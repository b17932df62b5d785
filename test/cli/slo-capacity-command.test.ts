import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-slo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COMMON = ['--target', 'mock', '--data', 'prompt_tokens=16,output_tokens=8', '--no-progress'];

describe('inferbench benchmark: sweep, capacity and SLOs', () => {
  it('prints the capacity headline first for --profile capacity --slo', async () => {
    // The command of the issue, on the simulating mock with short requests; four benchmarks
    // (the two probes and two rates) keep it short.
    const result = await runCli(
      [
        'benchmark',
        '--target',
        'mock',
        '--data',
        'prompt_tokens=64,output_tokens=32',
        '--profile',
        'capacity',
        '--slo',
        'ttft_ms.p99<=1000',
        '--max-seconds',
        '3',
        '--no-progress',
        '--capacity-max-steps',
        '4',
        '--output-dir',
        'out',
      ],
      { cwd: dir },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^Capacity: (at least )?\d+\.\d\d req\/s(,| with every SLO holding)/,
    );
    expect(result.stdout).toContain('ttft_ms.p99<=1000');
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    expect(report.benchmarks.map((b) => b.strategy.type)).toEqual([
      'synchronous',
      'throughput',
      'constant',
      'constant',
    ]);
    expect(report.capacity?.steps).toHaveLength(2);
    expect(report.args['slo']).toBe('ttft_ms.p99<=1000');
    expect(report.args['data']).toBe('prompt_tokens=64,output_tokens=32');
    // Never above what the server completed at full load in the throughput probe.
    expect(report.capacity!.maxRatePerSecond).toBeLessThanOrEqual(
      report.benchmarks[1]!.metrics.requestsPerSecond.successful.mean!,
    );
  }, 60_000);

  it('prints one row per benchmark for --profile sweep', async () => {
    const result = await runCli(
      [
        'benchmark',
        ...COMMON,
        '--profile',
        'sweep',
        '--rate',
        '3',
        '--max-seconds',
        '2',
        '--max-concurrency',
        '8',
        '--warmup',
        '0.1',
        '--cooldown',
        '1req',
        '--output-dir',
        'out',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => / max-seconds /.test(line));
    expect(rows.map((row) => row.split(/\s{2,}/)[0])).toEqual([
      'synchronous',
      'throughput (max 8)',
      expect.stringMatching(/^constant@\d+(\.\d+)?\/s$/),
    ]);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    for (const benchmark of report.benchmarks) {
      expect(benchmark.timings.warmup).toBeCloseTo(benchmark.timings.duration * 0.1, 6);
      expect(benchmark.timings.cooldown).toBeGreaterThan(0);
    }
  }, 60_000);

  it('exits 3 when an SLO fails, 2 on a malformed --slo', async () => {
    const failed = await runCli(
      [
        'benchmark',
        ...COMMON,
        '--max-seconds',
        '0.5',
        '--slo',
        'ttft_ms.p50<=1,error_rate<=0.5',
        '--output-dir',
        'out',
      ],
      { cwd: dir },
    );
    expect(failed.code).toBe(3);
    expect(failed.stdout).toMatch(/ttft_ms\.p50<=1\s+\d+\.\d+\s+FAIL/);
    expect(failed.stdout).toMatch(/error_rate<=0\.5\s+0\.000\s+pass/);
    // The report is still written.
    expect(failed.stdout).toContain('report written to');

    const malformed = await runCli(
      ['benchmark', ...COMMON, '--max-seconds', '1', '--slo', 'ttft.p99<=1'],
      {
        cwd: dir,
      },
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--slo.*unknown SLO metric "ttft"/);
  }, 60_000);
});
