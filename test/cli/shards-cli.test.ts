import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../../src/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { spawnMockServer, type SpawnedMockServer } from '../helpers/spawn-mock-server.js';

// Three shard processes of the built CLI against one mock server (its own process), merged by
// `inferbench merge`, beside one process offering the same total load. Run `npm run build`
// first. The whole load: 15 requests/s, 90 requests; each shard 5/s and 30 requests. The load
// is light on purpose: the comparison is of the merge, not of a client starved of CPU.
const LOAD = [
  '--profile',
  'constant',
  '--rate',
  '15',
  '--max-requests',
  '90',
  '--data',
  'prompt_tokens=32,output_tokens=8',
  '--tokenizer',
  'word',
  '--retain-requests',
  '--no-progress',
];

let dir: string;
let server: SpawnedMockServer;
let shardResults: CliResult[];
let single: BenchmarkReport;
let merged: BenchmarkReport;
let mergeResult: CliResult;

const readJson = async (path: string): Promise<BenchmarkReport> =>
  JSON.parse(await readFile(path, 'utf8')) as BenchmarkReport;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  INFERBENCH_API_KEY: '',
  OPENAI_API_KEY: '',
  JOB_COMPLETION_INDEX: '',
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-shards-'));
  // TTFT ~ N(50 ms, 10 ms) from the server, far from saturating it at 30 requests/s.
  server = await spawnMockServer([
    '--ttft-ms',
    '50',
    '--ttft-ms-std',
    '10',
    '--itl-ms',
    '4',
    '--itl-ms-std',
    '1',
    '--seed',
    '7',
  ]);
  // Setup (start, preflight, data) takes seconds on a busy machine: start 12 s from now.
  const startAt = String(Date.now() + 12_000);
  const shard = (i: number): Promise<CliResult> => {
    const common = ['benchmark', '--target', server.url, ...LOAD, '--start-at', startAt];
    const out = ['--output-dir', join(dir, `shard-${i}`)];
    // Shard 2 runs as a pod of an Indexed Job would: its index from JOB_COMPLETION_INDEX.
    return i === 2
      ? runCli([...common, '--shard-count', '3', ...out], {
          env: env({ JOB_COMPLETION_INDEX: '2' }),
        })
      : runCli([...common, '--shard', `${i}/3`, ...out], { env: env() });
  };
  // The single process runs at the same time as the shards, from the same start: the mock
  // server's latency does not depend on its load (no --simulate), so both see the same server
  // and the same busy machine, and the comparison is not at the mercy of what else runs.
  const [singleResult, ...shards] = await Promise.all([
    runCli(
      [
        'benchmark',
        '--target',
        server.url,
        ...LOAD,
        '--start-at',
        startAt,
        '--output-dir',
        join(dir, 'single'),
      ],
      { env: env() },
    ),
    ...[0, 1, 2].map(shard),
  ]);
  shardResults = shards;
  expect(singleResult!.code, singleResult!.stderr).toBe(0);
  single = await readJson(join(dir, 'single', 'benchmarks.json'));
  mergeResult = await runCli(
    [
      'merge',
      ...[0, 1, 2].map((i) => join(dir, `shard-${i}`, 'benchmarks.json')),
      '--output-dir',
      join(dir, 'merged'),
      '--outputs',
      'json,csv',
    ],
    { env: env() },
  );
  merged = await readJson(join(dir, 'merged', 'benchmarks.json'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('three shard processes merged', () => {
  it('each shard offered its share and says which shard it was', async () => {
    for (const [i, result] of shardResults.entries()) {
      expect(result.code, result.stderr).toBe(0);
      const report = await readJson(join(dir, `shard-${i}`, 'benchmarks.json'));
      expect(report.shard).toMatchObject({ index: i, count: 3 });
      const [benchmark] = report.benchmarks;
      expect(benchmark!.strategy).toMatchObject({ type: 'constant', ratePerSecond: 5 });
      expect(benchmark!.requestCounts.total).toBe(30);
      expect(benchmark!.sketches?.kind).toBe('tdigest');
    }
  });

  it('merges into the sum of the shards, exactly, with the rate of the whole run', async () => {
    expect(mergeResult.code, mergeResult.stderr).toBe(0);
    const shards = await Promise.all(
      [0, 1, 2].map((i) => readJson(join(dir, `shard-${i}`, 'benchmarks.json'))),
    );
    const [benchmark] = merged.benchmarks;
    const sum = (pick: (r: BenchmarkReport) => number): number =>
      shards.reduce((t, r) => t + pick(r), 0);
    expect(benchmark!.requestCounts.total).toBe(sum((r) => r.benchmarks[0]!.requestCounts.total));
    expect(benchmark!.requestCounts.total).toBe(90);
    expect(benchmark!.requestCounts.successful).toBe(
      sum((r) => r.benchmarks[0]!.requestCounts.successful),
    );
    expect(benchmark!.distributionSource).toBe('exact');
    expect(benchmark!.strategy).toMatchObject({ type: 'constant', ratePerSecond: 15 });
    expect(merged.merge?.shardCount).toBe(3);
    // The shards interleave: together they send one schedule of a request every 1/15 s, not
    // three requests at once every 1/5 s (each shard starts at --start-at, so only the shards'
    // own start delays, a few ms, move the gaps off 66.7 ms).
    const scheduled = benchmark!.requests!.map((r) => r.scheduledAt!).sort((a, b) => a - b);
    const gaps = scheduled.slice(1).map((t, i) => t - scheduled[i]!);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThan(1000 / 15 - 10);
    expect(median).toBeLessThan(1000 / 15 + 10);
    expect(gaps.filter((gap) => gap < 20).length).toBeLessThanOrEqual(gaps.length / 10);
    await expect(readFile(join(dir, 'merged', 'benchmarks.csv'), 'utf8')).resolves.toMatch(
      /constant/,
    );
  });

  // The stated noise: the server draws TTFT from N(50 ms, 10 ms), so the sampling error of a
  // percentile over ~90 requests is a few ms; the client adds its own delay in reading the
  // first token, up to ~10 ms with four clients on a shared 2-core machine, and more when the
  // machine is overloaded, which the clients' event-loop delay shows. The merged percentiles
  // must match the single process within 15 ms (p50) and 25 ms (p90), plus the worst
  // event-loop delay p99 any of the clients measured.
  it('has the TTFT percentiles of one process offering the same load', async () => {
    const shards = await Promise.all(
      [0, 1, 2].map((i) => readJson(join(dir, `shard-${i}`, 'benchmarks.json'))),
    );
    const stall = Math.max(
      ...[...shards, single].map((r) => r.benchmarks[0]!.client.eventLoopDelayMs.p99),
    );
    const m = merged.benchmarks[0]!.metrics.ttftMs.successful.percentiles;
    const s = single.benchmarks[0]!.metrics.ttftMs.successful.percentiles;
    expect(Math.abs(m.p50! - s.p50!), `p50 ${m.p50} vs ${s.p50}`).toBeLessThanOrEqual(15 + stall);
    expect(Math.abs(m.p90! - s.p90!), `p90 ${m.p90} vs ${s.p90}`).toBeLessThanOrEqual(25 + stall);
    expect(merged.benchmarks[0]!.metrics.ttftMs.successful.count).toBe(
      single.benchmarks[0]!.metrics.ttftMs.successful.count,
    );
  });

  it('rejects with exit 2 what is not the shards of one run', async () => {
    const mergeOf = (...runs: string[]): Promise<CliResult> =>
      runCli(
        [
          'merge',
          ...runs.map((run) => join(dir, run, 'benchmarks.json')),
          '--output-dir',
          join(dir, 'bad'),
        ],
        { env: env() },
      );
    const missing = await mergeOf('shard-0', 'shard-1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing shard 2\/3/);
    const notShard = await mergeOf('shard-0', 'single');
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/expected a shard report/);
    expect(notShard.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a shard that disagrees with its Indexed Job index before sending anything', async () => {
    const result = await runCli(
      ['benchmark', '--target', server.url, ...LOAD, '--shard', '0/3', '--output-dir', dir],
      { env: env({ JOB_COMPLETION_INDEX: '1' }) },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--shard: 0\/3 disagrees with JOB_COMPLETION_INDEX=1/);
  });
});
