import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBenchmarkOptions } from '../../src/cli/commands/benchmark.js';
import { applySettings, displayValue, envVarFor, loadConfigFile } from '../../src/cli/config.js';
import { applyDataArgs, parseBackendKwargs } from '../../src/cli/guidellm-flags.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parsed(argv: string[]): Command {
  const command = addBenchmarkOptions(new Command('benchmark')).exitOverride();
  command.parse(argv, { from: 'user' });
  return command;
}

describe('settings precedence', () => {
  it('names each flag’s environment variable INFERBENCH_<FLAG>', () => {
    expect(envVarFor('--max-seconds')).toBe('INFERBENCH_MAX_SECONDS');
    expect(envVarFor('--target')).toBe('INFERBENCH_TARGET');
  });

  it('flags beat the environment, which beats the config file, which beats defaults', () => {
    const command = parsed(['--target', 'http://flag']);
    const settings = applySettings(
      command,
      { INFERBENCH_TARGET: 'http://env', INFERBENCH_MAX_SECONDS: '7', INFERBENCH_RATE: '' },
      {
        target: 'http://file',
        'max-seconds': 9,
        max_requests: 11,
        rate: [1, 2],
        'no-progress': true,
      },
    );
    const source = (key: string) => settings.find((s) => s.key === key)!;
    expect(command.opts()['target']).toBe('http://flag');
    expect(source('target').source).toBe('flag');
    expect(command.opts()['maxSeconds']).toBe('7');
    expect(source('maxSeconds').source).toBe('env');
    expect(command.opts()['maxRequests']).toBe('11');
    expect(source('maxRequests').source).toBe('config');
    // An empty variable is unset; the file's list becomes the flag's comma form.
    expect(command.opts()['rate']).toBe('1,2');
    expect(source('rate').source).toBe('config');
    expect(command.opts()['progress']).toBe(false);
    expect(source('requestFormat')).toMatchObject({ source: 'default', value: 'chat' });
    expect(source('model').source).toBe('unset');
  });

  it('reads booleans from the environment, negated flags included', () => {
    const command = parsed([]);
    applySettings(command, { INFERBENCH_NO_PROGRESS: 'true', INFERBENCH_RETAIN_REQUESTS: '1' });
    expect(command.opts()['progress']).toBe(false);
    expect(command.opts()['retainRequests']).toBe(true);
    expect(() => applySettings(parsed([]), { INFERBENCH_RETAIN_REQUESTS: 'maybe' })).toThrow(
      /INFERBENCH_RETAIN_REQUESTS: expected true or false/,
    );
  });

  it('rejects an unknown key in a config file, naming it', () => {
    expect(() => applySettings(parsed([]), {}, { 'max-secs': 3 })).toThrow(
      /unknown setting "max-secs"/,
    );
  });

  it('loads JSON and YAML config files and explains a bad one', async () => {
    await writeFile(join(dir, 'a.yaml'), 'target: mock\nrate: [5, 10]\nmax-seconds: 2\n');
    await writeFile(join(dir, 'b.json'), '{"target": "mock", "maxSeconds": 2}');
    await writeFile(join(dir, 'c.json'), '[1, 2]');
    expect(await loadConfigFile(join(dir, 'a.yaml'))).toEqual({
      target: 'mock',
      rate: [5, 10],
      'max-seconds': 2,
    });
    expect(await loadConfigFile(join(dir, 'b.json'))).toEqual({ target: 'mock', maxSeconds: 2 });
    await expect(loadConfigFile(join(dir, 'c.json'))).rejects.toThrow(/mapping of flag names/);
    await expect(loadConfigFile(join(dir, 'none.yaml'))).rejects.toThrow(/readable JSON or YAML/);
  });

  it('never shows a secret', () => {
    expect(displayValue({ flag: '--api-key', value: 'sk-123' })).toBe('[redacted]');
    expect(
      displayValue({
        flag: '--backend-kwargs',
        value:
          '{"api_key":"sk-1","headers":{"Authorization":"Bearer x","X-Team":"a","Accept":"text/event-stream"},"target":"http://h/?token=t0k"}',
      }),
    ).toBe(
      '{"api_key":"[redacted]","headers":{"Authorization":"[redacted]","X-Team":"[redacted]","Accept":"text/event-stream"},"target":"http://h/?token=[redacted]"}',
    );
    expect(displayValue({ flag: '--target', value: 'https://user:pw@host/v1' })).toBe(
      'https://host/v1',
    );
    expect(displayValue({ flag: '--target', value: 'https://host/v1?key=abc&x=1' })).toBe(
      'https://host/v1?key=[redacted]&x=1',
    );
  });
});

describe("GuideLLM's flags", () => {
  it('reads --backend-kwargs into args', () => {
    expect(
      parseBackendKwargs(
        '{"api_key":"k","headers":{"X-A":"1"},"extra_body":{"top_k":5},"timeout":30}',
      ),
    ).toEqual({
      apiKey: 'k',
      headers: { 'X-A': '1' },
      extraBody: { top_k: 5 },
      requestTimeoutMs: 30_000,
    });
    expect(() => parseBackendKwargs('{"verify":false}')).toThrow(/unknown key "verify"/);
    expect(() => parseBackendKwargs('not json')).toThrow(/expected a JSON object/);
  });

  it('merges --data-args into the data shorthand', () => {
    expect(applyDataArgs('prompt_tokens=64', '{"output_tokens":16}')).toBe(
      'prompt_tokens=64,output_tokens=16',
    );
    expect(() => applyDataArgs('prompt_tokens=64', '{"x":[1]}')).toThrow(/--data-args: x/);
  });
});
