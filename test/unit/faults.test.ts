import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/internal/redactor.js';
import { InferbenchError } from '../../src/errors.js';
import { parseFaultFlags } from '../../src/cli/mock-server-flags.js';
import { createFaultPicker, resolveFaults } from '../../src/mock-server/faults.js';
import { resolveMockServerOptions } from '../../src/mock-server/options.js';

function pick(faults: unknown, seed: number, count: number): (string | undefined)[] {
  const picker = createFaultPicker(resolveFaults(faults), seed);
  return Array.from({ length: count }, () => {
    const fault = picker.next();
    return fault === undefined ? undefined : `${fault.type}:${fault.status}`;
  });
}

describe('fault specs', () => {
  it('parses --fault flags with defaults, snake_case keys and index lists', () => {
    expect(
      parseFaultFlags([
        'type=http_error,status=429,probability=0.25',
        'type=stall,duration_ms=2000,after_tokens=3,requests=0;4',
        'type=http_error,body=text',
      ]),
    ).toEqual([
      { type: 'http_error', status: 429, probability: 0.25 },
      { type: 'stall', durationMs: 2000, afterTokens: 3, requestIndices: [0, 4] },
      { type: 'http_error', body: 'text' },
    ]);
    expect(resolveFaults([{ type: 'http_error' }])[0]).toMatchObject({ status: 503, body: 'json' });
    expect(resolveFaults([{ type: 'stall' }])[0]).toMatchObject({
      afterTokens: 1,
      durationMs: 1000,
    });
  });

  it.each([
    ['type=boom', '--fault.type: expected one of'],
    ['status=503', '--fault.type: expected one of'],
    ['type=http_error,status=200', '--fault.status: expected an integer between 400 and 599'],
    ['type=http_error,probability=1.5', '--fault.probability: expected a number between 0 and 1'],
    ['type=stall,duration_ms=-1', '--fault.durationMs: expected an integer'],
    ['type=stall,after_tokens=x', '--fault.afterTokens: expected a number, received "x"'],
    ['type=http_error,colour=red', '--fault: unknown option(s) "colour"'],
    ['type=http_error,body=xml', '--fault.body: expected one of "json", "text", "empty"'],
    ['type=stall,requests=0;x', '--fault.requestIndices[1]: expected a number, received "x"'],
    ['http_error', '--fault: expected key=value pairs'],
  ])('rejects %j naming the key', (flag, message) => {
    let caught: unknown;
    try {
      parseFaultFlags([flag]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InferbenchError);
    expect((caught as InferbenchError).code).toBe('ERR_INVALID_ARGS');
    expect((caught as InferbenchError).message).toContain(message);
  });

  it('names every bad key of one --fault flag in one message, unknown keys too', () => {
    let caught: unknown;
    try {
      parseFaultFlags(['type=stall,status=200,p=-1,colour=red,duration_ms=1.5']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InferbenchError);
    expect((caught as InferbenchError).field).toBe('--fault.probability');
    expect((caught as InferbenchError).message).toBe(
      [
        '--fault.probability: expected a number between 0 and 1, received -1',
        '--fault.status: expected an integer between 400 and 599, received 200',
        '--fault.durationMs: expected an integer between 0 and 3600000, received 1.5',
        '--fault: unknown option(s) "colour"',
      ].join('; '),
    );
  });

  it('names every bad fault and transcript field at once, unknown keys too', () => {
    expect(() =>
      resolveFaults([{ type: 'nope' }, { type: 'stall', requestIndices: [0, -1], colour: 1 }]),
    ).toThrow(
      'faults[0].type: expected one of "http_error", "reset_before_headers", ' +
        '"reset_mid_stream", "malformed_json", "utf8_split", "stream_error", "stall", ' +
        '"slow_headers", "close_without_done", received "nope"; ' +
        'faults[1].requestIndices[1]: expected an integer >= 0, received -1; ' +
        'faults[1]: unknown option(s) "colour"',
    );
    expect(() => resolveFaults({ type: 'stall' })).toThrow(
      'faults: expected an array, received an object',
    );
    expect(() =>
      resolveMockServerOptions({
        transcript: {
          status: 99,
          headers: { 'content-type': 1 },
          frames: [
            { delayMs: 'soon', data: 'x' },
            { delayMs: 0, base64: 7 },
          ],
          speed: 'fast',
        } as never,
      }),
    ).toThrow(
      [
        'transcript.status: expected an HTTP status between 100 and 599, received 99',
        'transcript.headers.content-type: expected a string, received 1',
        'transcript.frames[0].delayMs: expected a number, received "soon"',
        'transcript.frames[1].base64: expected a string, received 7',
        'transcript: unknown option(s) "speed"',
      ].join('; '),
    );
    expect(() =>
      resolveMockServerOptions({
        transcript: { frames: [{ delayMs: 0, data: 'x', text: 'y' }] } as never,
      }),
    ).toThrow('transcript.frames[0]: unknown option(s) "text"');
  });

  it('encodes transcript frames and applies the status and header defaults', () => {
    const { transcript } = resolveMockServerOptions({
      transcript: {
        frames: [
          { delayMs: 5, data: 'é' },
          { delayMs: 0, base64: '4oKs' },
        ],
      },
    });
    expect(transcript).toEqual({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      frames: [
        { delayMs: 5, bytes: Buffer.from([0xc3, 0xa9]) },
        { delayMs: 0, bytes: Buffer.from('€', 'utf8') },
      ],
    });
  });

  it('rejects bad faults and transcripts in createMockServer options', () => {
    expect(() => resolveMockServerOptions({ faults: [{ type: 'nope' } as never] })).toThrow(
      'faults[0].type: expected one of',
    );
    expect(() =>
      resolveMockServerOptions({ faults: [{ type: 'stall', requestIndices: [-1] }] }),
    ).toThrow('faults[0].requestIndices[0]: expected an integer');
    expect(() =>
      resolveMockServerOptions({ transcript: { frames: [{ delayMs: -1, data: 'x' }] } }),
    ).toThrow('transcript.frames[0].delayMs: expected a number >= 0');
    expect(() => resolveMockServerOptions({ transcript: { frames: [{ delayMs: 0 }] } })).toThrow(
      'transcript.frames[0]: expected exactly one of data (text) or base64',
    );
  });

  it('hits listed indices, and probabilistic ones the same way for the same seed', () => {
    expect(pick([{ type: 'http_error', requestIndices: [1, 3] }], 1, 5)).toEqual([
      undefined,
      'http_error:503',
      undefined,
      'http_error:503',
      undefined,
    ]);
    expect(pick([{ type: 'reset_before_headers' }], 1, 3)).toEqual([
      'reset_before_headers:503',
      'reset_before_headers:503',
      'reset_before_headers:503',
    ]);
    const faults = [
      { type: 'http_error', status: 429, probability: 0.2 },
      { type: 'http_error', status: 500, probability: 0.2 },
    ];
    const first = pick(faults, 42, 500);
    expect(pick(faults, 42, 500)).toEqual(first);
    expect(pick(faults, 43, 500)).not.toEqual(first);
    const share = (status: string): number =>
      first.filter((fault) => fault === `http_error:${status}`).length / first.length;
    // The first fault wins ties, so the second hits about 0.8 * 0.2 of the requests.
    expect(share('429')).toBeGreaterThan(0.14);
    expect(share('429')).toBeLessThan(0.26);
    expect(share('500')).toBeGreaterThan(0.1);
    expect(share('500')).toBeLessThan(0.22);
  });
});

describe('createRedactor', () => {
  it('masks given secrets, bearer tokens and key-like values', () => {
    const redact = createRedactor(['sk-abcdef0123456789', 'ab', undefined]);
    expect(redact('Incorrect API key provided: sk-abcdef0123456789.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(redact('sent sk-abcdef0123456789 url-encoded sk-abcdef0123456789')).not.toContain('sk-');
    expect(redact('header authorization: Bearer other-token-xyz')).toBe(
      'header authorization: [redacted]',
    );
    expect(redact('got Bearer eyJhbGciOi.J9 from proxy')).toBe('got Bearer [redacted] from proxy');
    expect(redact('{"api_key":"k-123456"}')).toBe('{"api_key":"[redacted]"}');
    // Short values are not masked (they would mangle ordinary words).
    expect(redact('about tables')).toBe('about tables');
  });
});
