// Hugging Face datasets read through a fake Hub on loopback: Parquet written by arrow-rs
// (parquet-wasm) with SNAPPY pages, served through the Hub's tree API, resolve URLs and CDN
// redirects, read by hyparquet; runs against the built-in mock; the cache answers offline.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveDataSource } from '../../src/args/resolve-data.js';
import { createHubDataSource } from '../../src/data/hub-source.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { fakeCommit, startFakeHub, type FakeHub, type FakeRepo } from '../helpers/fake-hub.js';
import { rejection } from '../helpers/rejection.js';
import { writeParquet } from '../helpers/write-parquet.js';

const TOKEN = 'hf_fake_token_for_gated_data';
const MAIN = fakeCommit('questions-main');
const CONVERTED = fakeCommit('jsonl-only-parquet');

const TRAIN = ['Train one?', 'Train two?', 'Train three?'];
const TEST = ['What is 2 + 2?', 'Name a prime above 10.', 'Spell "cat" backwards.'];

function questions(texts: readonly string[], outputs: readonly number[]): Uint8Array {
  return writeParquet(
    {
      question: { type: 'utf8', values: texts },
      answer: { type: 'utf8', values: texts.map((text) => `answer to ${text}`) },
      output_tokens_count: { type: 'int64', values: outputs },
    },
    { compression: 'snappy' },
  );
}

function repos(): FakeRepo[] {
  const testFile = Buffer.from(questions(TEST, [3, 4, 5]));
  return [
    {
      id: 'acme/questions',
      type: 'dataset',
      refs: { main: MAIN },
      commits: {
        [MAIN]: {
          'README.md': { content: '---\nconfigs:\n- config_name: main\n---\n' },
          'main/train-00000-of-00001.parquet': {
            content: Buffer.from(questions(TRAIN, [1, 1, 1])),
          },
          'main/test-00000-of-00001.parquet': { content: testFile },
          'socratic/test-00000-of-00001.parquet': {
            content: Buffer.from(questions(['Why?'], [2])),
          },
        },
      },
    },
    {
      // A dataset of JSON lines: read through the Hub's Parquet conversion.
      id: 'acme/jsonl-only',
      type: 'dataset',
      refs: { main: fakeCommit('jsonl-main'), 'refs/convert/parquet': CONVERTED },
      commits: {
        [fakeCommit('jsonl-main')]: { 'data.jsonl': { content: '{"prompt":"x"}\n' } },
        [CONVERTED]: {
          'default/train/0000.parquet': {
            content: Buffer.from(
              writeParquet(
                { prompt: { type: 'utf8', values: ['Converted A', 'Converted B'] } },
                { compression: 'snappy', pageVersion: 2 },
              ),
            ),
          },
          'default/train/0001.parquet': {
            content: Buffer.from(
              writeParquet(
                { prompt: { type: 'utf8', values: ['Converted C'] } },
                { compression: 'snappy' },
              ),
            ),
          },
        },
      },
    },
    {
      id: 'acme/secret',
      type: 'dataset',
      gated: true,
      refs: { main: fakeCommit('secret') },
      commits: {
        [fakeCommit('secret')]: { 'data/train-00000-of-00001.parquet': { content: testFile } },
      },
    },
  ];
}

let hub: FakeHub;
let cacheDir: string;

beforeAll(async () => {
  // Parquet above 200 bytes goes through the CDN redirect, as LFS files do on the Hub.
  hub = await startFakeHub({
    repos: repos(),
    tokens: [TOKEN],
    grants: { [TOKEN]: ['acme/secret'] },
    lfsThreshold: 200,
    treePageSize: 2,
  });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'inferbench-hub-data-'));
  vi.stubEnv('HF_ENDPOINT', hub.url);
  vi.stubEnv('HF_HUB_CACHE', cacheDir);
  vi.stubEnv('HF_HOME', join(cacheDir, 'home'));
  vi.stubEnv('HF_TOKEN', undefined);
  vi.stubEnv('HUGGING_FACE_HUB_TOKEN', undefined);
  vi.stubEnv('HF_HUB_OFFLINE', undefined);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(cacheDir, { recursive: true, force: true });
});

function prompts(report: Awaited<ReturnType<typeof runBenchmark>>): string[] {
  return report.benchmarks.flatMap((benchmark) =>
    (benchmark.requests ?? []).map((record) => record.prompt ?? ''),
  );
}

const RUN = {
  target: 'mock',
  tokenizer: 'word',
  profile: 'synchronous',
  maxRequests: 50,
  retainRequests: true,
  retainText: true,
  randomSeed: 7,
} as const;

describe('a run over a Hugging Face dataset', () => {
  it('sends the rows of the split asked for, then runs again offline from the cache', async () => {
    const first = await runBenchmark({ ...RUN, data: 'acme/questions,config=main,split=test' });
    expect(first.benchmarks[0]!.stopReason).toBe('data-exhausted');
    expect(prompts(first)).toEqual(TEST);
    expect(first.data).toMatchObject({
      kind: 'hub',
      dataset: 'acme/questions',
      config: 'main',
      split: 'test',
      revision: 'main',
      commit: MAIN,
      from: 'hub',
      mapping: { text: 'question', outputTokensCount: 'output_tokens_count' },
      skippedRows: 0,
      requests: 3,
      distinctPrefixes: 0,
    });
    // Only the split asked for was downloaded (through the CDN), never the train split.
    const cdnPaths = hub.requests.filter((r) => r.server === 'cdn').map((r) => r.path);
    expect(cdnPaths).toHaveLength(1);
    expect(
      hub.requests.some((r) => r.path.includes('train-00000')),
      'the train split was requested',
    ).toBe(false);

    const before = hub.requests.length;
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    const second = await runBenchmark({
      ...RUN,
      data: { type: 'hub', dataset: 'acme/questions', config: 'main', split: 'test' },
    });
    expect(hub.requests.length).toBe(before);
    expect(prompts(second)).toEqual(TEST);
    expect(second.data).toMatchObject({ from: 'cache', commit: MAIN, split: 'test' });
    // Same data and seed: same content hash; different data: a different one.
    expect(second.data!.contentHash).toBe(first.data!.contentHash);
    vi.stubEnv('HF_HUB_OFFLINE', undefined);
    const other = await runBenchmark({ ...RUN, data: 'acme/questions,config=socratic' });
    expect(prompts(other)).toEqual(['Why?']);
    expect(other.data!.contentHash).not.toBe(first.data!.contentHash);
  });

  it("reads a dataset without Parquet files from the Hub's conversion, over paginated listings", async () => {
    const source = createHubDataSource({ type: 'hub', dataset: 'acme/jsonl-only' });
    await source.prepare({ seed: '1' });
    const texts: string[] = [];
    for await (const sample of source.samples()) texts.push(sample.prompt);
    expect(texts).toEqual(['Converted A', 'Converted B', 'Converted C']);
    expect(source.provenance()).toMatchObject({
      revision: 'refs/convert/parquet',
      commit: CONVERTED,
      config: 'default',
      split: 'train',
    });
    // Two revisions listed, each over more than one page of two entries.
    const listings = hub.requests.filter((r) => r.path.includes('/tree/'));
    expect(listings.some((r) => r.path.includes('cursor='))).toBe(true);
    expect(listings.some((r) => r.path.includes('/tree/refs%2Fconvert%2Fparquet'))).toBe(true);
  });

  it('says a gated dataset needs HF_TOKEN, and reads it with one', async () => {
    const error = await rejection(runBenchmark({ ...RUN, data: 'acme/secret' }));
    expect(error.code).toBe('ERR_DATA');
    expect(error.field).toBe('data');
    expect(error.message).toMatch(
      /^data: dataset acme\/secret: gated: set HF_TOKEN with access to acme\/secret/,
    );
    vi.stubEnv('HF_TOKEN', TOKEN);
    const report = await runBenchmark({ ...RUN, data: 'acme/secret' });
    expect(prompts(report)).toEqual(TEST);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('names what exists for a missing dataset, config, split or column', async () => {
    // The source alone, as a run prepares it (the run test above shows the error reaching runBenchmark).
    const prepare = (data: string, mapper?: string) =>
      resolveDataSource(data, mapper).prepare({ seed: '1' });
    const split = await rejection(prepare('acme/questions,config=main,split=validation'));
    expect(split.message).toBe(
      'data: dataset acme/questions (config "main") has no split "validation" at revision "main"; splits: "test", "train"',
    );
    expect(split.field).toBe('data');
    const config = await rejection(prepare('acme/questions,name=mian'));
    expect(config.message).toBe(
      'data: dataset acme/questions has no config "mian" at revision "main"; configs: "main", "socratic"',
    );
    const several = await rejection(prepare('acme/questions'));
    expect(several.message).toMatch(
      /has several configs at revision "main": "main", "socratic"; choose one/,
    );
    const missing = await rejection(prepare('acme/nothing'));
    expect(missing.message).toMatch(
      /^data: dataset acme\/nothing: no repository acme\/nothing on /,
    );
    const column = await rejection(
      prepare('acme/questions,config=main,split=test', '{"text_column":"prompt_text"}'),
    );
    expect(column.message).toContain('dataset acme/questions (config "main", split "test")');
    expect(column.message).toContain('found columns: question, answer, output_tokens_count');
    // Offline, the cache holds only what was fetched: the test split, not the train split.
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    const before = hub.requests.length;
    const offline = await rejection(prepare('acme/questions,config=main,split=train'));
    expect(offline.message).toMatch(
      /^data: dataset acme\/questions \(config "main"\) has no split "train" in the Hugging Face cache at .*datasets--acme--questions; splits: "test"$/,
    );
    const never = await rejection(prepare('acme/jsonl-only'));
    expect(never.message).toMatch(
      /^data: HF_HUB_OFFLINE is set and dataset acme\/jsonl-only has no Parquet files in the Hugging Face cache at /,
    );
    expect(hub.requests.length).toBe(before);
  });

  it('maps columns with --data-column-mapper keys', async () => {
    const report = await runBenchmark({
      ...RUN,
      data: 'acme/questions,config=main,split=test',
      dataColumnMapper: { text_column: 'answer' },
    });
    expect(prompts(report)).toEqual(TEST.map((text) => `answer to ${text}`));
    expect(report.data!.mapping).toMatchObject({ text: 'answer' });
  });
});
