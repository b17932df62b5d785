import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-cli-replay-'));
  // A CSV trace, as Mooncake's fields: 12 requests over 110 ms, two sharing a block.
  const rows = Array.from(
    { length: 12 },
    (_, i) => `${5000 + i * 10},${600 + i},4,"[${i % 2 === 0 ? 1 : 100 + i},${200 + i}]"`,
  );
  await writeFile(
    join(dir, 'trace.csv'),
    ['timestamp,input_length,output_length,hash_ids', ...rows].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replayReport(flags: string[]): Promise<BenchmarkReport> {
  const out = join(dir, flags.join('_').replace(/[^\w]/g, ''));
  const result = await runCli(
    ['benchmark', '--target', 'mock', '--data', 'trace.csv', '--output-dir', out, ...flags],
    { cwd: dir },
  );
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.code).toBe(0);
  return JSON.parse(await readFile(join(out, 'benchmarks.json'), 'utf8')) as BenchmarkReport;
}

describe('inferbench benchmark --profile replay', () => {
  it('replays a CSV trace at --time-scale, every row one request', async () => {
    const report = await replayReport([
      '--profile',
      'replay',
      '--time-scale',
      '2',
      '--retain-requests',
    ]);
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.strategy).toMatchObject({ type: 'replay', timeScale: 2 });
    expect(benchmark.stopReason).toBe('data-exhausted');
    expect(benchmark.requestCounts.successful).toBe(12);
    const scheduled = benchmark
      .requests!.map((request) => request.scheduledAt! - benchmark.timings.start)
      .sort((a, b) => a - b);
    expect(scheduled.at(-1)).toBeCloseTo(220, 6);
  }, 60_000);

  it("takes GuideLLM's --rate-type replay --rate as the time scale", async () => {
    const report = await replayReport(['--rate-type', 'replay', '--rate', '0.5']);
    expect(report.benchmarks[0]!.strategy).toMatchObject({ type: 'replay', timeScale: 0.5 });
  }, 60_000);
});
