import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finishBenchmark } from '../../src/assembly/finish-benchmark.js';
import type { RecordSpillOptions } from '../../src/core/record-store.js';
import { runSchedule } from '../../src/core/scheduler.js';
import { parseSlo } from '../../src/metrics/slo-parse.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';
import { scriptedRun } from '../helpers/scripted-run.js';

/**
 * The benchmarks the record path produced before records went straight into the store
 * (captured from commit a4ffc02 with this scripted run): every exact distribution, count,
 * goodput figure and retained request must stay the same, bit for bit. Fields added since were
 * added to the capture without changing one existing value: `errorMessages`,
 * `tokenCounts.promptTokenDifference`, and each request's `promptTokenDifference` and
 * `intendedPromptTokens` (the latter taken from this run, every other value left as it was).
 */
const before = JSON.parse(
  readFileSync(new URL('../fixtures/record-path/benchmarks.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

async function scriptedBenchmark(
  requests: number,
  retain: boolean,
  spill?: RecordSpillOptions,
  warnings: string[] = [],
) {
  const run = scriptedRun(requests);
  const warmup = { requests: 20 };
  const cooldown = { fraction: 0.05 };
  const result = await runSchedule({
    index: 0,
    strategy: run.strategy,
    backend: run.backend,
    feeder: await run.feeder(),
    constraints: [run.stop],
    clock: run.clock,
    originMs: 1000,
    signal: undefined,
    bus: run.bus,
    snapshotIntervalMs: 60_000,
    maxSeconds: undefined,
    maxRequests: undefined,
    warmup,
    cooldown,
    countingTokenizer: createWordTokenizer(),
    retainText: retain,
    spill,
    warn: (code, message) => warnings.push(`${code}: ${message}`),
  });
  expect(result.records.spilledRows).toBe(0);
  if (spill === undefined || warnings.length > 0) expect(result.records.spilledChunks).toBe(0);
  // Chunks of 37 rows, or fewer when they hold 500 ITL gaps first.
  else expect(result.records.spilledChunks).toBeGreaterThanOrEqual(Math.floor(requests / 37));
  const benchmark = await finishBenchmark({
    index: 0,
    strategy: run.strategy.spec,
    result,
    retainRequests: retain,
    startedAtEpochMs: 1_700_000_000_000,
    warmup,
    cooldown,
    slo: parseSlo('ttft_ms.p99<=30,itl_ms.p50<=9').objectives,
  });
  // The event loop's delay is the one figure the script does not decide (nor, through it,
  // whether the client looks bound): the scripted backend blocks the loop as long as it likes.
  const { eventLoopDelayMs, clientBound, clientBoundReason, ...client } = benchmark.client;
  expect(eventLoopDelayMs.max).toBeGreaterThanOrEqual(0);
  if (clientBound) expect(clientBoundReason).toMatch(/^event-loop delay p99 [\d.]+ ms > 20 ms$/);
  return JSON.parse(JSON.stringify({ ...benchmark, client: { ...client, clientBound: false } }));
}

describe('the record path keeps every number', () => {
  it('gives the same benchmark, requests and text retained, as before', async () => {
    expect(await scriptedBenchmark(300, true)).toEqual(before['retained']);
  });

  it('gives the same benchmark over 1,500 requests, discrepancy sampled every other request', async () => {
    expect(await scriptedBenchmark(1500, false)).toEqual(before['long']);
  });

  // Rows spend the run in a temporary file in chunks of 37 (or fewer, when a chunk reaches 500
  // ITL gaps) and come back when it is over: the tokenizer's counts and the discrepancy checks
  // undone as the sample grid thins reach rows already in the file.
  it('gives the same benchmarks, bit for bit, when rows are spilled to a file during the run', async () => {
    const spill = { chunkRows: 37, chunkGaps: 500 };
    const warnings: string[] = [];
    expect(await scriptedBenchmark(300, true, spill, warnings)).toEqual(before['retained']);
    expect(await scriptedBenchmark(1500, false, spill, warnings)).toEqual(before['long']);
    expect(warnings).toEqual([]);
  });

  it('keeps the rows in memory, with one warning, when no spill file can be made', async () => {
    const warnings: string[] = [];
    const spill = { chunkRows: 37, dir: '/dev/null/not-a-folder' };
    expect(await scriptedBenchmark(300, true, spill, warnings)).toEqual(before['retained']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^SPILL_FAILED: records stay in memory: .*ENOTDIR.*TMPDIR/);
  });
});
