import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchmarkReportSchema, type BenchmarkReport } from '../../src/report/report-schema.js';
import { useMockServers } from '../helpers/mock-servers.js';
import { runCli } from '../helpers/run-cli.js';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const mocks = useMockServers();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-guidellm-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An environment without any inferbench or GuideLLM variable of the caller's. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('INFERBENCH_') && !name.startsWith('GUIDELLM')) env[name] = value;
  }
  return { ...env, OPENAI_API_KEY: '', ...extra };
}

async function readReport(path: string): Promise<BenchmarkReport> {
  return BenchmarkReportSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

const SHORT = ['--data', 'prompt_tokens=8,output_tokens=4', '--no-progress'];

describe("GuideLLM's environment variables", () => {
  it('reads GUIDELLM_* and GUIDELLM__* as INFERBENCH_*, says so in one line, and lets INFERBENCH_* win', async () => {
    const server = await mocks.spawn([]);
    const result = await runCli(['benchmark', ...SHORT], {
      cwd: dir,
      env: cleanEnv({
        GUIDELLM_TARGET: server.url,
        GUIDELLM_RATE_TYPE: 'constant',
        GUIDELLM_RATE: '20',
        GUIDELLM__MAX_REQUESTS: '7',
        // Both set: inferbench's own wins over the alias.
        GUIDELLM_MAX_SECONDS: '1',
        INFERBENCH_MAX_SECONDS: '30',
        GUIDELLM__LOGGING__DISABLED: 'true',
      }),
    });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.code).toBe(0);
    const notes = result.stderr.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toEqual([
      "note: GuideLLM variables read as inferbench's: GUIDELLM_TARGET as INFERBENCH_TARGET (--target), GUIDELLM_RATE_TYPE as INFERBENCH_RATE_TYPE (--rate-type), GUIDELLM_RATE as INFERBENCH_RATE (--rate), GUIDELLM__MAX_REQUESTS as INFERBENCH_MAX_REQUESTS (--max-requests)",
      'note: ignored, no inferbench equivalent: GUIDELLM__LOGGING__DISABLED',
    ]);
    const report = await readReport(join(dir, 'benchmarks.json'));
    expect(report.args).toMatchObject({
      profile: 'constant',
      rate: 20,
      maxRequests: 7,
      maxSeconds: 30,
    });
    expect(report.benchmarks[0]!.requestCounts.total).toBe(7);
  }, 30_000);

  it('`config` is `env`, and names the alias that set a value', async () => {
    const env = cleanEnv({ GUIDELLM__TARGET: 'http://gpu-node:8000' });
    const config = await runCli(['config', '--json'], { cwd: dir, env });
    const envCommand = await runCli(['env', '--json'], { cwd: dir, env });
    expect(config.code).toBe(0);
    expect(config.stdout).toBe(envCommand.stdout);
    const rows = JSON.parse(config.stdout) as {
      setting: string;
      value: string;
      source: string;
      env: string;
    }[];
    expect(rows.find((row) => row.setting === '--target')).toEqual({
      setting: '--target',
      value: 'http://gpu-node:8000',
      source: 'env',
      env: 'GUIDELLM__TARGET (alias of INFERBENCH_TARGET)',
    });
  });
});

describe("GuideLLM's flags", () => {
  it('--output-path FILE writes that file, its format from the extension', async () => {
    const server = await mocks.spawn([]);
    const result = await runCli(
      [
        'benchmark',
        '--target',
        server.url,
        ...SHORT,
        '--rate-type',
        'synchronous',
        '--max-requests',
        '3',
        '--output-path',
        'results/run-1.json',
        '--request-type',
        'text_completions',
        '--no-stream',
        '--over-saturation',
        '{"min_seconds": 30, "confidence": 0.95}',
        '--backend-type',
        'openai_http',
      ],
      { cwd: dir, env: cleanEnv() },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`report written to ${join('results', 'run-1.json')}`);
    expect(existsSync(join(dir, 'benchmarks.json'))).toBe(false);
    const report = await readReport(join(dir, 'results', 'run-1.json'));
    expect(report.args).toMatchObject({
      profile: 'synchronous',
      requestFormat: 'completions',
      stream: false,
      overSaturation: { minSeconds: 30, confidence: 0.95 },
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(3);
  }, 30_000);

  it.each<[string, string[], string]>([
    [
      'an unsupported GuideLLM flag names the nearest equivalent',
      ['--max-global-error-rate', '0.1'],
      'error: --max-global-error-rate: a GuideLLM flag inferbench does not support; --max-error-rate stops a benchmark when that share of its last 30 requests failed',
    ],
    [
      '--profile and --rate-type that disagree',
      ['--profile', 'poisson', '--rate-type', 'constant', '--rate', '5'],
      'error: --rate-type: "constant" disagrees with --profile "poisson"; --rate-type is another name for --profile: give one of them',
    ],
    [
      'a --request-type inferbench does not send',
      ['--request-type', 'audio_transcriptions'],
      'error: --request-type: expected chat_completions or text_completions, received "audio_transcriptions" (inferbench benchmarks text generation only)',
    ],
    [
      'an --over-saturation key of a different statistic',
      ['--over-saturation', '{"moe_threshold": 2}'],
      'error: --over-saturation: unknown key "moe_threshold"; expected enabled, min_seconds, confidence, max_window_seconds, interval_seconds, minimum_window_size or min_growth (see docs/concepts/over-saturation.md)',
    ],
    [
      'an --output-path of a format inferbench does not write',
      ['--output-path', 'out.yaml'],
      'error: --output-path: expected a file ending in .json, .csv or .html (or a folder), received "out.yaml"',
    ],
    [
      'another backend',
      ['--backend', 'vllm_python'],
      'error: --backend-type: expected openai_http (the OpenAI-compatible HTTP backend, the only one), received "vllm_python"',
    ],
    [
      'a warmup and cooldown that leave no window',
      ['--warmup', '0.6', '--cooldown', '0.6'],
      'error: --cooldown: expected a warmup and cooldown that leave a measured window, received warmup 60% and cooldown 60%, which cut off the whole benchmark',
    ],
  ])('%s exits 2 with one line', async (_what, flags, line) => {
    const result = await runCli(
      ['benchmark', '--target', 'http://127.0.0.1:9', '--max-seconds', '5', ...flags],
      { cwd: dir, env: cleanEnv() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
  });

  it('a --ca-cert that is not PEM exits 2 before anything is sent', async () => {
    await writeFile(join(dir, 'ca.pem'), 'this is a note, not a certificate\n');
    const result = await runCli(
      ['benchmark', '--target', 'https://127.0.0.1:9', '--max-seconds', '5', '--ca-cert', 'ca.pem'],
      { cwd: dir, env: cleanEnv() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --ca-cert: expected a readable PEM file of CA certificates, received "ca.pem" (no "-----BEGIN CERTIFICATE-----" block in it)\n',
    );
  });

  it('an unknown option prints the error and one hint with the closest flag, not the whole help', async () => {
    const result = await runCli(['benchmark', '--target', 'mock', '--max-secnds', '5'], {
      cwd: dir,
      env: cleanEnv(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown option \'--max-secnds\'\n(Did you mean --max-seconds?)\n(run "inferbench benchmark --help" for every flag)\n',
    );
  });

  it('the help says the default profile is sweep', async () => {
    const result = await runCli(['benchmark', '--help'], { cwd: dir, env: cleanEnv() });
    expect(result.stdout).toMatch(
      /--profile <name> +synchronous \| concurrent .*\(default: sweep\)/s,
    );
    // GuideLLM's unsupported flags stay out of the help.
    expect(result.stdout).not.toContain('--max-global-error-rate');
  });
});
