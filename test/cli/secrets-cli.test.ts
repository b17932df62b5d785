import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useMockServers } from '../helpers/mock-servers.js';
import { runCli } from '../helpers/run-cli.js';

const mocks = useMockServers();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each secret is distinct, so a leak names its source.
const QUERY_KEY = 'sk-query-0123456789abcdef';
const QUERY_SIG = 'sig-9876543210fedcba';
const X_AUTH = 'xauth-5555aaaabbbbcccc';
const SESSION = 'session-7777ddddeeeeffff';
const SECRETS = [QUERY_KEY, QUERY_SIG, X_AUTH, SESSION];

describe('secrets in the target and in headers', () => {
  it('appear in no output: stdout, stderr, the JSON, CSV and HTML reports, and `env`', async () => {
    const server = await mocks.spawn([]);
    // The query string is sent on every request (Azure's api-version works the same way).
    const target = `${server.url}/v1?api-version=2024-06-01&api_key=${QUERY_KEY}&sig=${QUERY_SIG}`;
    const backendKwargs = JSON.stringify({
      headers: { 'X-Auth': X_AUTH, Session: SESSION, 'User-Agent': 'inferbench-test' },
    });
    const env = { ...process.env, INFERBENCH_API_KEY: '', OPENAI_API_KEY: '' };
    const result = await runCli(
      [
        'benchmark',
        '--target',
        target,
        '--backend-kwargs',
        backendKwargs,
        '--data',
        'prompt_tokens=8,output_tokens=4',
        '--profile',
        'synchronous',
        '--max-requests',
        '3',
        '--retain-requests',
        '--outputs',
        'json,csv,html',
        '--output-dir',
        'out',
      ],
      { cwd: dir, env },
    );
    expect(result.code).toBe(0);
    const envCommand = await runCli(['env'], {
      cwd: dir,
      env: { ...env, INFERBENCH_TARGET: target, INFERBENCH_BACKEND_KWARGS: backendKwargs },
    });
    expect(envCommand.code).toBe(0);
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toEqual(['benchmarks.csv', 'benchmarks.html', 'benchmarks.json']);
    const texts = [
      result.stdout,
      result.stderr,
      envCommand.stdout,
      envCommand.stderr,
      ...(await Promise.all(files.map((file) => readFile(join(dir, 'out', file), 'utf8')))),
    ];
    for (const text of texts) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
    // What is not a secret stays visible, so the report still says what was run.
    const json = texts[4 + files.indexOf('benchmarks.json')]!;
    const args = (JSON.parse(json) as { args: Record<string, unknown> }).args;
    expect(args['target']).toBe(
      `${server.url}/v1?api-version=2024-06-01&api_key=[redacted]&sig=[redacted]`,
    );
    expect(args['headers']).toEqual({
      'X-Auth': '[redacted]',
      Session: '[redacted]',
      'User-Agent': 'inferbench-test',
    });
    expect(envCommand.stdout).toContain('api_key=[redacted]&sig=[redacted]');
  }, 30_000);
});
