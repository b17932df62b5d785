import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { REPORT_FIXTURE_PATH } from '../helpers/report-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ENV = { ...process.env, INFERBENCH_API_KEY: '', OPENAI_API_KEY: '' };

describe('inferbench report', () => {
  it('re-renders a saved run to the same CSV bytes as the run wrote', async () => {
    const run = await runCli(
      [
        'benchmark',
        '--target',
        'mock',
        '--data',
        'prompt_tokens=16,output_tokens=8',
        '--profile',
        'constant',
        '--rate',
        '10,20',
        '--max-seconds',
        '1',
        '--outputs',
        'json,csv,html,console',
        '--output-dir',
        'run',
        '--disable-progress',
      ],
      { cwd: dir, env: ENV },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const file of ['benchmarks.json', 'benchmarks.csv', 'benchmarks.html']) {
      expect(run.stdout).toContain(join('run', file));
    }
    const again = await runCli(
      [
        'report',
        join('run', 'benchmarks.json'),
        '--outputs',
        'csv,html,console',
        '--output-dir',
        'again',
      ],
      { cwd: dir, env: ENV },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('constant@20/s');
    expect(again.stdout).toContain('TTFT p50');
    const original = await readFile(join(dir, 'run', 'benchmarks.csv'));
    expect((await readFile(join(dir, 'again', 'benchmarks.csv'))).equals(original)).toBe(true);
    expect(await readFile(join(dir, 'again', 'benchmarks.html'), 'utf8')).toBe(
      await readFile(join(dir, 'run', 'benchmarks.html'), 'utf8'),
    );
  }, 60_000);

  it('exits with 2 and says why for a file that is not a report', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ schemaVersion: '1.0.0', benchmarks: 3 }),
    );
    await writeFile(join(dir, 'broken.json'), '{ not json');
    const bad = await runCli(['report', 'bad.json'], { cwd: dir, env: ENV });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: bad\.json: not a valid inferbench report: .*benchmarks/m);
    const broken = await runCli(['report', 'broken.json'], { cwd: dir, env: ENV });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('invalid JSON');
    const missing = await runCli(['report', 'missing.json'], { cwd: dir, env: ENV });
    expect(missing.code).toBe(2);
    const format = await runCli(['report', REPORT_FIXTURE_PATH, '--outputs', 'pdf'], {
      cwd: dir,
      env: ENV,
    });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--outputs: expected a list of json, csv, html, console');
  });
});

describe('inferbench env and configuration', () => {
  it('lists every setting with its source, and never prints a secret', async () => {
    await writeFile(join(dir, 'bench.yaml'), 'rate: [5, 10]\nprofile: constant\nmax-seconds: 3\n');
    const result = await runCli(['env', '--config', 'bench.yaml'], {
      cwd: dir,
      env: {
        ...ENV,
        INFERBENCH_TARGET: 'http://localhost:8000',
        INFERBENCH_MAX_SECONDS: '9',
        INFERBENCH_API_KEY: 'sk-secret-value',
      },
    });
    expect(result.code).toBe(0);
    const line = (flag: string) => result.stdout.split('\n').find((l) => l.startsWith(`${flag} `))!;
    expect(line('--target')).toMatch(/http:\/\/localhost:8000\s+env\s+INFERBENCH_TARGET/);
    expect(line('--max-seconds')).toMatch(/\s9\s+env\s+INFERBENCH_MAX_SECONDS/);
    expect(line('--rate')).toMatch(/5,10\s+config\s+INFERBENCH_RATE/);
    expect(line('--request-format')).toMatch(/chat\s+default/);
    expect(line('--model')).toMatch(/unset\s+INFERBENCH_MODEL/);
    expect(line('--api-key')).toMatch(/\[redacted\]\s+env/);
    expect(result.stdout).not.toContain('sk-secret-value');
  });

  it('runs a benchmark from environment variables and a config file, flags first', async () => {
    await writeFile(
      join(dir, 'bench.json'),
      JSON.stringify({
        target: 'http://unused',
        profile: 'concurrent',
        rate: 2,
        'max-requests': 99,
      }),
    );
    const result = await runCli(
      ['benchmark', '--max-requests', '4', '--output-dir', '.', '--no-progress'],
      {
        cwd: dir,
        env: {
          ...ENV,
          INFERBENCH_CONFIG: 'bench.json',
          INFERBENCH_TARGET: 'mock',
          INFERBENCH_DATA: 'prompt_tokens=8,output_tokens=4',
        },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'benchmarks.json'), 'utf8'));
    expect(report.args.maxRequests).toBe(4); // flag over file
    expect(report.args.profile).toBe('concurrent'); // file
    expect(report.args.data).toBe('prompt_tokens=8,output_tokens=4'); // env
    expect(report.benchmarks[0].strategy).toMatchObject({ type: 'concurrent', streams: 2 });
  }, 60_000);
});
