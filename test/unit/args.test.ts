import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args/parse-args.js';
import { redactArgs } from '../../src/args/redact.js';
import { REDACTED } from '../../src/internal/secret-names.js';
import { resolveProfile } from '../../src/args/resolve-profile.js';
import { InferbenchError } from '../../src/errors.js';

function rejection(input: unknown): InferbenchError {
  try {
    parseArgs(input);
  } catch (error) {
    if (error instanceof InferbenchError) return error;
    throw error;
  }
  throw new Error('expected parseArgs to reject');
}

describe('parseArgs', () => {
  it('fills every default', () => {
    const args = parseArgs({ target: 'http://localhost:8000' });
    expect(args).toMatchObject({
      // GuideLLM's default: a sweep from synchronous to throughput.
      profile: 'sweep',
      probe: true,
      maxInitialFailures: 20,
      data: 'prompt_tokens=256,output_tokens=128',
      requestFormat: 'chat',
      stream: true,
      randomSeed: 42,
      errorRateWindow: 30,
    });
  });

  it.each([
    [
      { target: 'http://h', profile: 'constant', rate: -3 },
      'rate',
      'rate: expected a number > 0, received -3',
    ],
    [
      { target: 'http://h', maxSeconds: 'ten' },
      'maxSeconds',
      'maxSeconds: expected a number, received "ten"',
    ],
    [{ target: 'http://h', profile: 'fastest' }, 'profile', 'profile: expected'],
    [
      { target: 'http://h', maxRequests: 2.5 },
      'maxRequests',
      'maxRequests: expected an integer, received 2.5',
    ],
    [
      { target: 'http://h', maxErrorRate: 2 },
      'maxErrorRate',
      'maxErrorRate: expected a number <= 1, received 2',
    ],
    [{ target: '' }, 'target', 'target: expected a non-empty string, received ""'],
    [{}, 'target', 'target: expected a string, received nothing'],
    [
      { target: 'http://h', requestFormat: 'xml' },
      'requestFormat',
      'requestFormat: expected one of "chat", "completions", received "xml"',
    ],
    [
      { target: 'http://h', profile: 'constant' },
      'rate',
      'rate: expected a number > 0 (or a list) for profile "constant", received nothing',
    ],
    [{ target: 'http://h', profile: 'concurrent', rate: 2.5 }, 'rate', 'whole number of streams'],
    [
      { target: 'http://h', profile: 'synchronous', rate: 5 },
      'rate',
      'profile "synchronous" takes no rate',
    ],
    [{ target: 'http://h', speed: 5 }, undefined, 'unknown option(s) "speed"'],
    [
      { target: 'http://h', profile: 'constant', rate: [1, -2] },
      'rate[1]',
      'rate[1]: expected a number > 0, received -2',
    ],
    [
      { target: 'http://h', profile: 'constant', rate: 'fast' },
      'rate',
      'rate: expected a number or an array, received "fast"',
    ],
    [
      { target: 'http://h', data: 5 },
      'data',
      'data: expected a string or an object or a DataSource',
    ],
  ])('rejects %j naming the field', (input, field, message) => {
    const error = rejection(input);
    expect(error.code).toBe('ERR_INVALID_ARGS');
    if (field !== undefined) expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('rejects a non-object', () => {
    expect(rejection('http://h').message).toBe('args: expected an object, received string');
  });
});

describe('resolveProfile', () => {
  it('runs one benchmark per rate for constant, poisson and concurrent', () => {
    const profile = resolveProfile(
      parseArgs({ target: 'x', profile: 'constant', rate: [1, 2, 4], maxSeconds: 1 }),
    );
    expect(profile.plannedBenchmarks).toBe(3);
    const specs = [];
    const finished: never[] = [];
    for (let i = 0; i < 3; i++) {
      const strategy = profile.next(finished.slice(0, i));
      specs.push(strategy?.spec);
      (finished as unknown[]).push({ stopReason: 'max-seconds' });
    }
    expect(specs.map((spec) => (spec as { ratePerSecond: number }).ratePerSecond)).toEqual([
      1, 2, 4,
    ]);
    expect(profile.next(finished)).toBeUndefined();
  });

  it('stops escalating after a benchmark that stopped on errors', () => {
    const profile = resolveProfile(
      parseArgs({ target: 'x', profile: 'concurrent', rate: [1, 2], maxSeconds: 1 }),
    );
    expect(profile.next([] as never[])?.spec).toEqual({ type: 'concurrent', streams: 1 });
    expect(profile.next([{ stopReason: 'max-errors' }] as never[])).toBeUndefined();
  });

  it('caps throughput at the rate, then maxConcurrency, then the default', () => {
    expect(
      resolveProfile(parseArgs({ target: 'x', profile: 'throughput', rate: 8 })).next([])
        ?.maxConcurrency,
    ).toBe(8);
    expect(
      resolveProfile(parseArgs({ target: 'x', profile: 'throughput', maxConcurrency: 9 })).next([])
        ?.maxConcurrency,
    ).toBe(9);
    expect(
      resolveProfile(parseArgs({ target: 'x', profile: 'throughput' })).next([])?.maxConcurrency,
    ).toBe(512);
  });

  it('seeds poisson with the run seed', () => {
    const strategy = resolveProfile(
      parseArgs({ target: 'x', profile: 'poisson', rate: 3, randomSeed: 7 }),
    ).next([]);
    expect(strategy?.spec).toMatchObject({ type: 'poisson', ratePerSecond: 3, seed: '7' });
  });
});

describe('redactArgs', () => {
  it('removes the API key, every header value but harmless ones, secret body fields and URL credentials', () => {
    const secret = 'sk-test-0123456789abcdefghij';
    const redacted = redactArgs(
      parseArgs({
        target: `http://user:pass@example.test:8000/v1?api-version=2024-06-01&api_key=${secret}&sig=s1g`,
        apiKey: secret,
        headers: {
          'X-Api-Key': secret,
          'X-Auth': 'xauth-value',
          Session: 'session-value',
          'User-Agent': 'keep-me',
        },
        extraBody: { temperature: 0, nested: { auth_token: secret } },
      }),
    );
    const json = JSON.stringify(redacted);
    for (const hidden of [secret, 'pass@', 'xauth-value', 'session-value', 's1g']) {
      expect(json).not.toContain(hidden);
    }
    expect(redacted['apiKey']).toBe(REDACTED);
    expect(redacted['headers']).toEqual({
      'X-Api-Key': REDACTED,
      'X-Auth': REDACTED,
      Session: REDACTED,
      'User-Agent': 'keep-me',
    });
    // A query parameter that is not a credential stays as written.
    expect(redacted['target']).toBe(
      'http://example.test:8000/v1?api-version=2024-06-01&api_key=[redacted]&sig=[redacted]',
    );
  });

  it('names plugin instances instead of serialising them', () => {
    const source = {
      name: 'my-source',
      prepare: async () => undefined,
      samples: () => [][Symbol.iterator](),
    };
    const redacted = redactArgs(parseArgs({ target: 'http://h', data: source, maxRequests: 1 }));
    expect(redacted['data']).toEqual({ custom: 'my-source' });
  });
});
