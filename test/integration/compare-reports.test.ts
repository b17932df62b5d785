import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/index.js';
import { runAgainstMockServer } from '../../src/testing/index.js';
import type { BenchmarkReport } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/run-cli.js';

async function run(ttftMs: number): Promise<BenchmarkReport> {
  const { report } = await runAgainstMockServer(
    {
      data: 'prompt_tokens=16,output_tokens=16',
      profile: 'constant',
      rate: [10, 20],
      maxSeconds: 1.5,
    },
    { ttftMs, ttftMsStd: 3, itlMs: 4, itlMsStd: 1 },
  );
  return report;
}

let dir: string;
let baseline: BenchmarkReport;
let rerun: BenchmarkReport;
let slower: BenchmarkReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-compare-'));
  baseline = await run(20);
  rerun = await run(20);
  slower = await run(40);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compareReports', () => {
  it('flags a 2x TTFT as worse, beyond noise, for every matched benchmark', () => {
    const comparison = compareReports(baseline, slower);
    expect(comparison.benchmarks.map((b) => b.label)).toEqual(['constant@10/s', 'constant@20/s']);
    for (const benchmark of comparison.benchmarks) {
      const ttft = benchmark.metrics.find((m) => m.metric === 'TTFT p50')!;
      expect(ttft.significant).toBe(true);
      expect(ttft.verdict).toBe('worse');
      expect(ttft.changePercent).toBeGreaterThan(30);
      expect(ttft.changePercent).toBeLessThan(140);
    }
  });

  it('finds no TTFT change beyond noise in a rerun with the same settings', () => {
    const comparison = compareReports(baseline, rerun);
    const flagged = comparison.benchmarks.flatMap((b) =>
      b.metrics
        .filter((m) => m.significant)
        .map((m) => `${b.label} ${m.metric} ${m.changePercent!.toFixed(1)}%`),
    );
    expect(flagged.filter((text) => text.includes('TTFT'))).toEqual([]);
    expect(comparison.unmatched).toEqual({ baseline: [], candidate: [] });
  });

  it('the CLI prints the change and the verdict', async () => {
    await writeFile(join(dir, 'a.json'), JSON.stringify(baseline));
    await writeFile(join(dir, 'b.json'), JSON.stringify(slower));
    const result = await runCli(['compare', 'a.json', 'b.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const ttft = result.stdout.split('\n').filter((line) => line.startsWith('TTFT p50'));
    expect(ttft).toHaveLength(2);
    for (const line of ttft) expect(line).toMatch(/\+\d+\.\d%\s+\d+\.\d%\s+WORSE$/);
    expect(result.stdout).toMatch(/\d+ change\(s\) beyond run-to-run noise/);
    const failing = await runCli(['compare', 'a.json', 'b.json', '--fail-on-change'], { cwd: dir });
    expect(failing.code).toBe(1);
  }, 30_000);
});
