import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import type { FakeHub } from '../helpers/fake-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { QWEN3_DIR, QWEN_V1, startTokenizerHub } from '../helpers/tokenizer-hub.js';

let hub: FakeHub;
let mock: MockServer;
let dir: string;

beforeAll(async () => {
  hub = await startTokenizerHub();
  mock = await createMockServer({
    tokenizer: await loadHfTokenizer(QWEN3_DIR),
    model: 'Qwen/Qwen3-0.6B',
    ttftMs: 1,
    itlMs: 1,
  });
  dir = await mkdtemp(join(tmpdir(), 'tokenizer-cli-'));
});
afterAll(async () => {
  await mock.close();
  await hub.close();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: dir,
    HF_ENDPOINT: hub.url,
    HF_HUB_CACHE: join(dir, 'hub'),
    ...extra,
  };
}

describe('the tokenizer flags of inferbench benchmark', () => {
  it('takes a Hub id with --processor and a revision with --tokenizer-revision', async () => {
    const result = await runCli(
      [
        'benchmark',
        '--target',
        mock.url,
        '--processor',
        'Qwen/Qwen3-0.6B',
        '--tokenizer-revision',
        'v1',
        '--data',
        'prompt_tokens=64,output_tokens=4',
        '--request-format',
        'completions',
        '--profile',
        'synchronous',
        '--max-requests',
        '4',
        '--no-progress',
        '--output-dir',
        dir,
      ],
      { cwd: dir, env: env() },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8')) as {
      tokenizer: unknown;
      benchmarks: Array<{ promptExactness: { beyondThreshold: number; checked: number } }>;
    };
    expect(report.tokenizer).toEqual({
      id: 'Qwen/Qwen3-0.6B',
      source: 'hub',
      revision: QWEN_V1,
      maxModelLen: 32768,
    });
    expect(report.benchmarks[0]!.promptExactness).toMatchObject({ checked: 4, beyondThreshold: 0 });
  }, 60_000);

  it('exits 2 with the gated message and no stack trace, having sent the target nothing', async () => {
    mock.resetStats();
    const result = await runCli(
      [
        'benchmark',
        '--target',
        mock.url,
        '--tokenizer',
        'meta-llama/Llama-3.2-1B',
        '--max-requests',
        '1',
        '--no-progress',
      ],
      { cwd: dir, env: env() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --tokenizer: gated: set HF_TOKEN with access to meta-llama\/Llama-3.2-1B/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(mock.stats.requests).toBe(0);
  }, 60_000);
});
