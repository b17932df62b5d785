// `--data org/name --data-args … --data-column-mapper …` through the built CLI, against a fake
// Hub on loopback (HF_ENDPOINT) and the built-in mock: GuideLLM's spelling of a Hub dataset run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema } from '../../src/report/report-schema.js';
import { fakeCommit, startFakeHub, type FakeHub } from '../helpers/fake-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { writeParquet } from '../helpers/write-parquet.js';

const COMMIT = fakeCommit('gsm-main');
const TEST = ['Natalia sold clips to 48 friends.', 'Weng earns $12 an hour.'];
const STACK_LINE = /\n\s+at /;

let hub: FakeHub;
let dir: string;

beforeAll(async () => {
  const file = (texts: string[]) =>
    Buffer.from(
      writeParquet(
        {
          question: { type: 'utf8', values: texts },
          answer: { type: 'utf8', values: texts.map((text) => `#### ${text.length}`) },
        },
        { compression: 'snappy' },
      ),
    );
  hub = await startFakeHub({
    repos: [
      {
        id: 'openai/gsm8k',
        type: 'dataset',
        refs: { main: COMMIT },
        commits: {
          [COMMIT]: {
            'main/train-00000-of-00001.parquet': { content: file(['A train question.']) },
            'main/test-00000-of-00001.parquet': { content: file(TEST) },
          },
        },
      },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'inferbench-hub-cli-'));
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: dir,
    HF_ENDPOINT: hub.url,
    HF_HUB_CACHE: join(dir, 'cache'),
    HF_HOME: join(dir, 'hf'),
  };
}

describe('a Hub dataset on the command line', () => {
  it('runs --data openai/gsm8k --data-args with --data-column-mapper and reports the source', async () => {
    const result = await runCli(
      [
        'benchmark',
        '--target',
        'mock',
        '--tokenizer',
        'word',
        '--data',
        'openai/gsm8k',
        '--data-args',
        '{"config": "main", "split": "test"}',
        '--data-column-mapper',
        '{"text_column": "answer"}',
        '--profile',
        'synchronous',
        '--max-requests',
        '10',
        '--output-dir',
        'out',
      ],
      { cwd: dir, env: env() },
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.code, result.stderr).toBe(0);
    const report = BenchmarkReportSchema.parse(
      JSON.parse(await readFile(join(dir, 'out', 'benchmarks.json'), 'utf8')),
    );
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    expect(report.data).toMatchObject({
      kind: 'hub',
      dataset: 'openai/gsm8k',
      config: 'main',
      split: 'test',
      revision: 'main',
      commit: COMMIT,
      mapping: { text: 'answer' },
      requests: 2,
    });
    expect(report.data!.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 60_000);

  it('exits 2 naming the splits for a missing one, with no stack trace', async () => {
    const result = await runCli(
      [
        'benchmark',
        '--target',
        'mock',
        '--tokenizer',
        'word',
        '--data',
        'openai/gsm8k',
        '--data-args',
        '{"config": "main", "split": "validation"}',
        '--max-requests',
        '1',
      ],
      { cwd: dir, env: env() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'dataset openai/gsm8k (config "main") has no split "validation" at revision "main"; splits: "test", "train"',
    );
    expect(result.stderr).not.toContain('key=value');
    expect(result.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('preprocesses a Hub dataset split into JSONL, then serves it again offline from the cache', async () => {
    const output = join(dir, 'gsm8k-test.jsonl');
    const args = [
      'preprocess',
      'dataset',
      'openai/gsm8k',
      output,
      '--data-args',
      '{"config": "main", "split": "test"}',
      '--data-column-mapper',
      '{"text_column": "question"}',
      '--config',
      'prompt_tokens=4,output_tokens=7',
      '--processor',
      'word',
    ];
    const result = await runCli(args, { cwd: dir, env: env() });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('kept 2 of 2 rows');
    const rows = (await readFile(output, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The test split's questions, cut to 4 words: the rows of the split asked for, in order.
    expect(rows.map((row) => row['prompt'])).toEqual(
      TEST.map((text) => text.split(' ').slice(0, 4).join(' ')),
    );
    expect(rows.every((row) => row['output_tokens_count'] === 7)).toBe(true);
    // The Parquet file came through the Hub's cache: offline, the same command needs no Hub.
    const requestsBefore = hub.requests.length;
    const offline = await runCli(
      [...args.slice(0, 3), join(dir, 'again.jsonl'), ...args.slice(4)],
      {
        cwd: dir,
        env: { ...env(), HF_HUB_OFFLINE: '1' },
      },
    );
    expect(offline.code, offline.stderr).toBe(0);
    expect(hub.requests.length).toBe(requestsBefore);
    expect(await readFile(join(dir, 'again.jsonl'), 'utf8')).toBe(await readFile(output, 'utf8'));
  }, 60_000);
});
