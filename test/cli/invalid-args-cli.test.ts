import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const T = ['--target', 'http://127.0.0.1:9'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-cli-invalid-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** [argv, text stderr must hold]: each exits 2 before any connection is tried. */
const CASES: [string[], string][] = [
  [['benchmark', ...T, '--max-requests', '1', '--profile', 'fastest'], '--profile: expected'],
  [
    ['benchmark', ...T, '--max-requests', '1', '--profile', 'constant', '--rate', '-3'],
    '--rate: expected a number > 0, received -3',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--profile', 'constant'],
    'for profile "constant", received nothing',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--rate', 'fast'],
    '--rate: expected a number, received "fast"',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--profile', 'concurrent', '--rate', '2.5'],
    'whole number of streams',
  ],
  [['benchmark', ...T, '--max-seconds', 'ten'], '--max-seconds: expected a number, received "ten"'],
  [['benchmark', ...T, '--max-requests', '2.5'], '--max-requests: expected an integer'],
  [
    ['benchmark', ...T, '--max-requests', '1', '--max-error-rate', '2'],
    '--max-error-rate: expected a number <= 1',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--request-format', 'xml'],
    '--request-format: expected one of',
  ],
  [['benchmark', ...T, '--max-requests', '1', '--data', 'prompt_tokens=-5'], 'prompt_tokens'],
  [['benchmark', ...T, '--max-requests', '1', '--data', 'prompts.jsonl'], '--data: expected'],
  [
    ['benchmark', ...T, '--max-requests', '1', '--tokenizer', '/nonexistent/tokenizer.json'],
    '--tokenizer: expected',
  ],
  [
    ['benchmark', '--target', 'ftp://h', '--max-requests', '1'],
    '--target: expected an http(s) URL',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--max-concurrency', '0'],
    '--max-concurrency: expected a number >= 1',
  ],
  [['benchmark', ...T], 'maxSeconds or maxRequests'],
  [
    [
      'benchmark',
      ...T,
      '--max-requests',
      '1',
      '--profile',
      'constant',
      '--rate',
      '1',
      '--time-scale',
      '2',
    ],
    '--time-scale: timeScale applies to profile "replay" only',
  ],
  [
    ['benchmark', ...T, '--profile', 'replay', '--time-scale', '0'],
    '--time-scale: expected a number > 0',
  ],
  [
    ['benchmark', ...T, '--profile', 'replay', '--data', 'prompt_tokens=5'],
    '--data: profile "replay" expected a trace file',
  ],
  [
    ['benchmark', ...T, '--profile', 'replay', '--data', 'missing-trace.jsonl'],
    'missing-trace.jsonl" (no such file)',
  ],
  [
    ['benchmark', ...T, '--max-requests', '1', '--ca-cert', '/nonexistent/ca.pem'],
    '--ca-cert: expected a readable PEM file',
  ],
  [['mock-server', '--fault', 'type=explode'], '--fault.type: expected one of "http_error"'],
  [
    ['mock-server', '--fault', 'type=http_error,probability=2'],
    '--fault.probability: expected a number between 0 and 1',
  ],
  [
    ['mock-server', '--transcript', '/nonexistent/transcript.json'],
    'transcript: expected a readable JSON transcript file',
  ],
];

describe('invalid CLI input', () => {
  it.each(CASES)('%j exits 2 without a stack trace', async (argv, text) => {
    const result = await runCli(argv, { cwd: dir });
    expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.code).toBe(2);
  });
});
