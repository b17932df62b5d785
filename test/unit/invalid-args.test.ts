import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { InferbenchErrorCode } from '../../src/spec/errors.js';

/** Nothing listens here: a case that got past validation would fail with ERR_TARGET_UNREACHABLE. */
const TARGET = 'http://127.0.0.1:9';
const BASE = { target: TARGET, maxRequests: 1 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-invalid-'));
  await writeFile(join(dir, 'broken-tokenizer.json'), '{ this is not json');
  await writeFile(join(dir, 'not-a-cert.pem'), 'just some text, no certificate here\n');
  await writeFile(
    join(dir, 'broken-cert.pem'),
    '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** [what, args, code, field (error.field), text the message must hold]. */
type Case = [string, () => unknown, InferbenchErrorCode, string | undefined, string];

const args = (extra: Record<string, unknown>) => () => ({ ...BASE, ...extra });
const fn = (): void => undefined;

const CASES: Case[] = [
  ['args is a string', () => TARGET, 'ERR_INVALID_ARGS', undefined, 'args: expected an object'],
  ['args is null', () => null, 'ERR_INVALID_ARGS', undefined, 'args: expected an object'],
  ['args is an array', () => [TARGET], 'ERR_INVALID_ARGS', undefined, 'args: expected an object'],
  [
    'target missing',
    () => ({ maxRequests: 1 }),
    'ERR_INVALID_ARGS',
    'target',
    'target: expected a string',
  ],
  [
    'target a number',
    args({ target: 8000 }),
    'ERR_INVALID_ARGS',
    'target',
    'target: expected a string',
  ],
  [
    'target empty',
    args({ target: '' }),
    'ERR_INVALID_ARGS',
    'target',
    'target: expected a non-empty string',
  ],
  [
    'target not a URL',
    args({ target: 'localhost 8000' }),
    'ERR_INVALID_ARGS',
    'target',
    'target: expected an http(s) URL',
  ],
  [
    'target ftp scheme',
    args({ target: 'ftp://h:21' }),
    'ERR_INVALID_ARGS',
    'target',
    'target: expected an http(s) URL',
  ],
  [
    'model empty',
    args({ model: '' }),
    'ERR_INVALID_ARGS',
    'model',
    'model: expected a non-empty string',
  ],
  ['model a number', args({ model: 42 }), 'ERR_INVALID_ARGS', 'model', 'model: expected a string'],
  [
    'requestFormat unknown',
    args({ requestFormat: 'xml' }),
    'ERR_INVALID_ARGS',
    'requestFormat',
    'requestFormat: expected one of "chat", "completions"',
  ],
  [
    'stream a string',
    args({ stream: 'yes' }),
    'ERR_INVALID_ARGS',
    'stream',
    'stream: expected a boolean',
  ],
  [
    'apiKey empty',
    args({ apiKey: '' }),
    'ERR_INVALID_ARGS',
    'apiKey',
    'apiKey: expected a non-empty string',
  ],
  [
    'apiKey a number',
    args({ apiKey: 123 }),
    'ERR_INVALID_ARGS',
    'apiKey',
    'apiKey: expected a string',
  ],
  [
    'headers a string',
    args({ headers: 'x-a: 1' }),
    'ERR_INVALID_ARGS',
    'headers',
    'headers: expected a record',
  ],
  [
    'header value a number',
    args({ headers: { 'x-a': 1 } }),
    'ERR_INVALID_ARGS',
    'headers.x-a',
    'headers.x-a: expected a string',
  ],
  [
    'extraBody an array',
    args({ extraBody: [1] }),
    'ERR_INVALID_ARGS',
    'extraBody',
    'extraBody: expected a record',
  ],
  [
    'connectTimeoutMs negative',
    args({ connectTimeoutMs: -1 }),
    'ERR_INVALID_ARGS',
    'connectTimeoutMs',
    'connectTimeoutMs: expected a number >= 0',
  ],
  [
    'requestTimeoutMs a string',
    args({ requestTimeoutMs: 'soon' }),
    'ERR_INVALID_ARGS',
    'requestTimeoutMs',
    'requestTimeoutMs: expected a number',
  ],
  [
    'requestTimeoutMs infinite',
    args({ requestTimeoutMs: Infinity }),
    'ERR_INVALID_ARGS',
    'requestTimeoutMs',
    'requestTimeoutMs: expected a number',
  ],
  [
    'data a number',
    args({ data: 5 }),
    'ERR_INVALID_ARGS',
    'data',
    'data: expected a string or an object',
  ],
  ['data empty', args({ data: '' }), 'ERR_INVALID_ARGS', 'data', 'data: expected'],
  [
    'data shorthand not a number',
    args({ data: 'prompt_tokens=abc' }),
    'ERR_INVALID_ARGS',
    'data.prompt_tokens',
    'prompt_tokens',
  ],
  [
    'data shorthand negative',
    args({ data: 'prompt_tokens=-5,output_tokens=4' }),
    'ERR_INVALID_ARGS',
    'data.prompt_tokens',
    'prompt_tokens',
  ],
  [
    'data shorthand zero output',
    args({ data: 'prompt_tokens=8,output_tokens=0' }),
    'ERR_INVALID_ARGS',
    'data.output_tokens',
    'output_tokens',
  ],
  [
    'data shorthand unknown key',
    args({ data: 'prompt_tokens=8,colour=blue' }),
    'ERR_INVALID_ARGS',
    'data',
    'colour',
  ],
  [
    'data shorthand min above max',
    args({ data: 'prompt_tokens=8,prompt_tokens_min=10,prompt_tokens_max=5' }),
    'ERR_INVALID_ARGS',
    'data.prompt_tokens_min',
    'prompt_tokens',
  ],
  [
    'data object without promptTokens',
    args({ data: { type: 'synthetic' } }),
    'ERR_INVALID_ARGS',
    'data',
    'data',
  ],
  [
    'data object fractional tokens',
    args({ data: { type: 'synthetic', promptTokens: 2.5 } }),
    'ERR_INVALID_ARGS',
    'data',
    'data',
  ],
  [
    'data a file that is not supported',
    args({ data: 'prompts.jsonl' }),
    'ERR_DATA',
    'data',
    'data: expected',
  ],
  [
    'tokenizer empty',
    args({ tokenizer: '' }),
    'ERR_INVALID_ARGS',
    'tokenizer',
    'tokenizer: expected',
  ],
  [
    'tokenizer missing file',
    args({ tokenizer: '/nonexistent/tokenizer.json' }),
    'ERR_TOKENIZER',
    'tokenizer',
    'tokenizer: expected',
  ],
  [
    'tokenizer unreadable JSON',
    () => ({ ...BASE, tokenizer: join(dir, 'broken-tokenizer.json') }),
    'ERR_TOKENIZER',
    'tokenizer',
    'tokenizer',
  ],
  [
    'tokenizer object without methods',
    args({ tokenizer: { encode: fn } }),
    'ERR_INVALID_ARGS',
    'tokenizer',
    'tokenizer: expected',
  ],
  [
    'profile unknown',
    args({ profile: 'fastest' }),
    'ERR_INVALID_ARGS',
    'profile',
    'profile: expected',
  ],
  ['profile a number', args({ profile: 5 }), 'ERR_INVALID_ARGS', 'profile', 'profile: expected'],
  [
    'profile object without next',
    args({ profile: {} }),
    'ERR_INVALID_ARGS',
    'profile',
    'profile: expected',
  ],
  [
    'rate negative',
    args({ profile: 'constant', rate: -3 }),
    'ERR_INVALID_ARGS',
    'rate',
    'rate: expected a number > 0, received -3',
  ],
  [
    'rate zero',
    args({ profile: 'poisson', rate: 0 }),
    'ERR_INVALID_ARGS',
    'rate',
    'rate: expected a number > 0',
  ],
  [
    'rate NaN',
    args({ profile: 'constant', rate: NaN }),
    'ERR_INVALID_ARGS',
    'rate',
    'rate: expected',
  ],
  [
    'rate empty list',
    args({ profile: 'constant', rate: [] }),
    'ERR_INVALID_ARGS',
    'rate',
    'rate: expected',
  ],
  [
    'rate list with a negative',
    args({ profile: 'constant', rate: [1, -2] }),
    'ERR_INVALID_ARGS',
    'rate[1]',
    'rate[1]: expected a number > 0',
  ],
  [
    'rate a word',
    args({ profile: 'constant', rate: 'fast' }),
    'ERR_INVALID_ARGS',
    'rate',
    'rate: expected a number or an array',
  ],
  [
    'constant without rate',
    args({ profile: 'constant' }),
    'ERR_INVALID_ARGS',
    'rate',
    'for profile "constant", received nothing',
  ],
  [
    'poisson without rate',
    args({ profile: 'poisson' }),
    'ERR_INVALID_ARGS',
    'rate',
    'for profile "poisson", received nothing',
  ],
  [
    'concurrent without rate',
    args({ profile: 'concurrent' }),
    'ERR_INVALID_ARGS',
    'rate',
    'for profile "concurrent", received nothing',
  ],
  [
    'concurrent fractional streams',
    args({ profile: 'concurrent', rate: 2.5 }),
    'ERR_INVALID_ARGS',
    'rate',
    'whole number of streams',
  ],
  [
    'synchronous with a rate',
    args({ profile: 'synchronous', rate: 5 }),
    'ERR_INVALID_ARGS',
    'rate',
    'profile "synchronous" takes no rate',
  ],
  [
    'throughput with two rates',
    args({ profile: 'throughput', rate: [1, 2] }),
    'ERR_INVALID_ARGS',
    'rate',
    'takes at most one rate',
  ],
  [
    'maxSeconds zero',
    args({ maxSeconds: 0 }),
    'ERR_INVALID_ARGS',
    'maxSeconds',
    'maxSeconds: expected a number > 0',
  ],
  [
    'maxSeconds negative',
    args({ maxSeconds: -1 }),
    'ERR_INVALID_ARGS',
    'maxSeconds',
    'maxSeconds: expected a number > 0',
  ],
  [
    'maxSeconds a word',
    args({ maxSeconds: 'ten' }),
    'ERR_INVALID_ARGS',
    'maxSeconds',
    'maxSeconds: expected a number, received "ten"',
  ],
  [
    'maxRequests fractional',
    args({ maxRequests: 2.5 }),
    'ERR_INVALID_ARGS',
    'maxRequests',
    'maxRequests: expected an integer',
  ],
  [
    'maxRequests zero',
    args({ maxRequests: 0 }),
    'ERR_INVALID_ARGS',
    'maxRequests',
    'maxRequests: expected a number >= 1',
  ],
  [
    'maxErrors zero',
    args({ maxErrors: 0 }),
    'ERR_INVALID_ARGS',
    'maxErrors',
    'maxErrors: expected a number >= 1',
  ],
  [
    'maxErrors fractional',
    args({ maxErrors: 1.5 }),
    'ERR_INVALID_ARGS',
    'maxErrors',
    'maxErrors: expected an integer',
  ],
  [
    'maxErrorRate above 1',
    args({ maxErrorRate: 2 }),
    'ERR_INVALID_ARGS',
    'maxErrorRate',
    'maxErrorRate: expected a number <= 1',
  ],
  [
    'maxErrorRate zero',
    args({ maxErrorRate: 0 }),
    'ERR_INVALID_ARGS',
    'maxErrorRate',
    'maxErrorRate: expected a number > 0',
  ],
  [
    'errorRateWindow zero',
    args({ errorRateWindow: 0 }),
    'ERR_INVALID_ARGS',
    'errorRateWindow',
    'errorRateWindow: expected a number >= 1',
  ],
  [
    'maxConcurrency zero',
    args({ maxConcurrency: 0 }),
    'ERR_INVALID_ARGS',
    'maxConcurrency',
    'maxConcurrency: expected a number >= 1',
  ],
  [
    'randomSeed fractional',
    args({ randomSeed: 1.5 }),
    'ERR_INVALID_ARGS',
    'randomSeed',
    'randomSeed: expected',
  ],
  [
    'randomSeed empty',
    args({ randomSeed: '' }),
    'ERR_INVALID_ARGS',
    'randomSeed',
    'randomSeed: expected',
  ],
  [
    'constraint without start',
    args({ constraints: [{}] }),
    'ERR_INVALID_ARGS',
    'constraints[0]',
    'constraints[0]: expected a Constraint',
  ],
  [
    'progress a number',
    args({ progress: 5 }),
    'ERR_INVALID_ARGS',
    'progress',
    'progress: expected',
  ],
  [
    'signal not an AbortSignal',
    args({ signal: {} }),
    'ERR_INVALID_ARGS',
    'signal',
    'signal: expected an AbortSignal',
  ],
  [
    'retainRequests a string',
    args({ retainRequests: 'yes' }),
    'ERR_INVALID_ARGS',
    'retainRequests',
    'retainRequests: expected a boolean',
  ],
  [
    'retainText a number',
    args({ retainText: 1 }),
    'ERR_INVALID_ARGS',
    'retainText',
    'retainText: expected a boolean',
  ],
  [
    'clock without now',
    args({ clock: {} }),
    'ERR_INVALID_ARGS',
    'clock',
    'clock: expected a Clock',
  ],
  [
    'backend without send',
    args({ backend: { prepare: fn } }),
    'ERR_INVALID_ARGS',
    'backend',
    'backend: expected a Backend',
  ],
  ['unknown option', args({ speed: 5 }), 'ERR_INVALID_ARGS', 'args', 'unknown option(s) "speed"'],
  [
    'misspelled option',
    args({ maxRequest: 5 }),
    'ERR_INVALID_ARGS',
    'args',
    'unknown option(s) "maxRequest"',
  ],
  [
    'no bound on synthetic data',
    () => ({ target: TARGET }),
    'ERR_INVALID_ARGS',
    'maxSeconds',
    'maxSeconds or maxRequests',
  ],
  [
    'insecure a string',
    args({ insecure: 'yes' }),
    'ERR_INVALID_ARGS',
    'insecure',
    'insecure: expected a boolean',
  ],
  [
    'caCertFile empty',
    args({ caCertFile: '' }),
    'ERR_INVALID_ARGS',
    'caCertFile',
    'caCertFile: expected a non-empty string',
  ],
  [
    'caCert (the former name) empty',
    args({ caCert: '' }),
    'ERR_INVALID_ARGS',
    'caCert',
    'caCert: expected a non-empty string',
  ],
  [
    'caCert and caCertFile naming different files',
    args({ caCert: '/a.pem', caCertFile: '/b.pem' }),
    'ERR_INVALID_ARGS',
    'caCert',
    'caCert: expected only caCertFile (caCert is its former name), received both, naming different files',
  ],
  [
    'caCertFile missing file',
    args({ target: 'https://127.0.0.1:9', caCertFile: '/nonexistent/ca.pem' }),
    'ERR_INVALID_ARGS',
    'caCertFile',
    'caCertFile: expected a readable PEM file',
  ],
  [
    'caCertFile a file without a certificate',
    () => ({ ...BASE, target: 'https://127.0.0.1:9', caCertFile: join(dir, 'not-a-cert.pem') }),
    'ERR_INVALID_ARGS',
    'caCertFile',
    'no "-----BEGIN CERTIFICATE-----" block in it',
  ],
  [
    'caCertFile a PEM block that is not a certificate',
    () => ({ ...BASE, target: 'https://127.0.0.1:9', caCertFile: join(dir, 'broken-cert.pem') }),
    'ERR_INVALID_ARGS',
    'caCertFile',
    'certificate 1 cannot be parsed',
  ],
  [
    'warmup and cooldown fractions that cut off the whole benchmark',
    args({ maxRequests: undefined, maxSeconds: 5, warmup: 0.6, cooldown: 0.6 }),
    'ERR_INVALID_ARGS',
    'cooldown',
    'warmup 60% and cooldown 60%, which cut off the whole benchmark',
  ],
  [
    'warmup and cooldown seconds that add up to maxSeconds',
    args({ maxRequests: undefined, maxSeconds: 10, warmup: '4s', cooldown: 0.6 }),
    'ERR_INVALID_ARGS',
    'cooldown',
    'shorter than maxSeconds (10 s) together, received warmup 4 s and cooldown 60%',
  ],
  [
    'a warmup as long as maxSeconds',
    args({ maxRequests: undefined, maxSeconds: 5, warmup: 5 }),
    'ERR_INVALID_ARGS',
    'cooldown',
    'received warmup 5 s and cooldown none, which leave no measured window',
  ],
  [
    'warmup and cooldown requests that add up to maxRequests',
    args({ maxRequests: 30, warmup: '20req', cooldown: { requests: 10 } }),
    'ERR_INVALID_ARGS',
    'cooldown',
    'fewer than maxRequests (30) requests together, received warmup 20 requests and cooldown 10 requests',
  ],
  [
    'maxInitialFailures negative',
    args({ maxInitialFailures: -1 }),
    'ERR_INVALID_ARGS',
    'maxInitialFailures',
    'maxInitialFailures: expected a number >= 0',
  ],
  [
    'probe a string',
    args({ probe: 'no' }),
    'ERR_INVALID_ARGS',
    'probe',
    'probe: expected a boolean, received "no"',
  ],
];

describe('invalid args', () => {
  it('has a large table', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)('%s', async (_what, input, code, field, text) => {
    const error = await runBenchmark(input() as never).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InferbenchError);
    const typed = error as InferbenchError;
    expect({ code: typed.code, message: typed.message }).toMatchObject({ code });
    expect(typed.message).toContain(text);
    expect(typed.field).toBe(field);
    // The message names the field it is about.
    if (field !== undefined)
      expect(typed.message).toContain(field.split('.')[0]!.replace(/\[.*$/, ''));
  });
});
