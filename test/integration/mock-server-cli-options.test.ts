import { describe, expect, it } from 'vitest';
import { parseMockServerFlags } from '../../src/cli/mock-server-flags.js';
import { InferbenchError } from '../../src/errors.js';

describe('parseMockServerFlags', () => {
  it('converts every flag to its option', () => {
    expect(
      parseMockServerFlags({
        'ttft-ms': '80',
        'ttft-ms-std': '5.5',
        'itl-ms': '12',
        'itl-ms-std': '0',
        'output-tokens': '256',
        'output-tokens-std': '32',
        seed: '-3',
        host: '0.0.0.0',
        port: '8000',
        model: 'Qwen/Qwen3-0.6B',
      }),
    ).toEqual({
      ttftMs: 80,
      ttftMsStd: 5.5,
      itlMs: 12,
      itlMsStd: 0,
      outputTokens: 256,
      outputTokensStd: 32,
      seed: -3,
      host: '0.0.0.0',
      port: 8000,
      model: 'Qwen/Qwen3-0.6B',
    });
  });

  it("takes vLLM's --served-model-name and --max-model-len", () => {
    expect(
      parseMockServerFlags({ 'served-model-name': 'my-llama', 'max-model-len': '4096' }),
    ).toEqual({ model: 'my-llama', maxModelLen: 4096 });
    expect(() => parseMockServerFlags({ 'max-model-len': '0' })).toThrow(
      'max-model-len: expected a number >= 1, received 0',
    );
  });

  it('leaves absent flags to the defaults and accepts camelCase keys', () => {
    expect(parseMockServerFlags({})).toEqual({});
    expect(parseMockServerFlags({ itlMs: '3', outputTokens: undefined, other: 'x' })).toEqual({
      itlMs: 3,
    });
  });

  it.each([
    ['itl-ms', 'abc', 'itl-ms: expected a number, received "abc"'],
    ['ttft-ms', '-1', 'ttft-ms: expected a number >= 0, received -1'],
    ['ttft-ms-std', '', 'ttft-ms-std: expected a number, received ""'],
    ['output-tokens', '2.5', 'output-tokens: expected an integer, received 2.5'],
    ['output-tokens', '0', 'output-tokens: expected a number >= 1, received 0'],
    ['port', '70000', 'port: expected a number <= 65535, received 70000'],
    ['port', '0x50', 'port: expected a number, received "0x50"'],
    ['seed', '1.5', 'seed: expected an integer, received 1.5'],
    ['model', ' ', 'model: expected a non-empty string, received " "'],
  ])('rejects --%s %j', (flag, value, message) => {
    let caught: unknown;
    try {
      parseMockServerFlags({ [flag]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InferbenchError);
    expect(caught).toMatchObject({ code: 'ERR_INVALID_ARGS', field: flag, message });
  });

  it('names every bad flag as typed when several are wrong at once', () => {
    expect(() => parseMockServerFlags({ 'itl-ms': '-1', port: '1.5', maxModelLen: '0' })).toThrow(
      'itl-ms: expected a number >= 0, received -1; port: expected an integer, received 1.5; max-model-len: expected a number >= 1, received 0',
    );
  });
});
