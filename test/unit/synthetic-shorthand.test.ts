import { describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import {
  SyntheticDataSpecSchema,
  looksLikeSyntheticShorthand,
  parseSyntheticShorthand,
  parseSyntheticSpec,
} from '../../src/data/synthetic-spec.js';

function errorOf(run: () => unknown): InferbenchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InferbenchError);
    return error as InferbenchError;
  }
  throw new Error('expected an InferbenchError, but nothing was thrown');
}

describe('parseSyntheticShorthand: valid forms', () => {
  it('parses the basic GuideLLM form', () => {
    expect(parseSyntheticShorthand('prompt_tokens=256,output_tokens=128')).toEqual({
      type: 'synthetic',
      promptTokens: 256,
      outputTokens: 128,
    });
  });

  it('accepts a leading kind=synthetic_text, spaces and a trailing comma', () => {
    expect(
      parseSyntheticShorthand(' kind=synthetic_text, prompt_tokens = 64 ,output_tokens=8,'),
    ).toEqual({ type: 'synthetic', promptTokens: 64, outputTokens: 8 });
  });

  it('parses every key', () => {
    const text =
      'prompt_tokens=256,prompt_tokens_stdev=12.5,prompt_tokens_min=200,prompt_tokens_max=300,' +
      'output_tokens=128,output_tokens_stdev=4,output_tokens_min=100,output_tokens_max=150,samples=50';
    expect(parseSyntheticShorthand(text)).toEqual({
      type: 'synthetic',
      promptTokens: 256,
      promptTokensStdev: 12.5,
      promptTokensMin: 200,
      promptTokensMax: 300,
      outputTokens: 128,
      outputTokensStdev: 4,
      outputTokensMin: 100,
      outputTokensMax: 150,
      samples: 50,
    });
  });

  it('leaves the output budget unset when output_tokens is absent', () => {
    expect(parseSyntheticShorthand('prompt_tokens=10')).toEqual({
      type: 'synthetic',
      promptTokens: 10,
    });
  });

  it('parses a JSON object string with snake_case or camelCase keys', () => {
    const expected = {
      type: 'synthetic',
      promptTokens: 32,
      promptTokensStdev: 2,
      outputTokens: 16,
    };
    expect(
      parseSyntheticShorthand(
        '{"kind":"synthetic_text","prompt_tokens":32,"prompt_tokens_stdev":2,"output_tokens":16}',
      ),
    ).toEqual(expected);
    expect(
      parseSyntheticShorthand('{"promptTokens":32,"promptTokensStdev":2,"outputTokens":"16"}'),
    ).toEqual(expected);
  });

  it('parses objects, including a spec it produced itself', () => {
    const spec = parseSyntheticSpec({ prompt_tokens: 5, outputTokens: 3, type: 'synthetic' });
    expect(spec).toEqual({ type: 'synthetic', promptTokens: 5, outputTokens: 3 });
    expect(parseSyntheticSpec(spec)).toEqual(spec);
    expect(parseSyntheticSpec({ promptTokens: 5, outputTokens: undefined })).toEqual({
      type: 'synthetic',
      promptTokens: 5,
    });
  });

  it('accepts one-sided bounds on the right side of the mean', () => {
    expect(parseSyntheticShorthand('prompt_tokens=100,prompt_tokens_min=50').promptTokensMin).toBe(
      50,
    );
    expect(
      parseSyntheticShorthand('prompt_tokens=100,prompt_tokens_stdev=10,prompt_tokens_max=120')
        .promptTokensMax,
    ).toBe(120);
  });
});

describe('parseSyntheticShorthand: invalid forms name the field and key', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'prompt_tokens=abc',
      'data.prompt_tokens',
      /^data\.prompt_tokens: expected a number, received "abc"$/,
    ],
    ['prompt_tokens=0', 'data.prompt_tokens', /expected a number >= 1, received 0$/],
    ['prompt_tokens=1.5', 'data.prompt_tokens', /expected an integer, received 1\.5$/],
    ['prompt_tokens=-3', 'data.prompt_tokens', /expected a number >= 1, received -3$/],
    ['prompt_tokens=8,output_tokens=', 'data.output_tokens', /expected a number, received ""$/],
    [
      'prompt_tokens=8,prompt_tokens_stdev=-1',
      'data.prompt_tokens_stdev',
      /expected a number >= 0/,
    ],
    ['prompt_tokens=8,samples=0', 'data.samples', /expected a number >= 1, received 0$/],
    [
      'prompt_tokens=8,foo=1',
      'data',
      /^data: unknown key "foo" \(expected one of kind, prompt_tokens, prompt_tokens_stdev, .*samples, prefix_tokens, prefix_count, turns\)$/,
    ],
    [
      'output_tokens=8',
      'data.prompt_tokens',
      /^data\.prompt_tokens: expected the mean prompt length/,
    ],
    [
      'prompt_tokens=8,prompt_tokens_min=10,prompt_tokens_max=9',
      'data.prompt_tokens_min',
      /expected at most prompt_tokens_max \(9\), received 10/,
    ],
    [
      'prompt_tokens=8,prompt_tokens_min=10',
      'data.prompt_tokens_min',
      /expected at most 8 \(prompt_tokens_max is not set/,
    ],
    [
      'prompt_tokens=8,prompt_tokens_max=7',
      'data.prompt_tokens_max',
      /expected at least 8 \(prompt_tokens_min is not set/,
    ],
    [
      'prompt_tokens=100,prompt_tokens_stdev=1,prompt_tokens_max=50',
      'data.prompt_tokens_max',
      /expected at least 95/,
    ],
    [
      'prompt_tokens=8,output_tokens_stdev=2',
      'data.output_tokens_stdev',
      /expected only together with output_tokens/,
    ],
    [
      'prompt_tokens=8,output_tokens=4,output_tokens_min=5,output_tokens_max=4',
      'data.output_tokens_min',
      /expected at most output_tokens_max/,
    ],
    [
      'kind=json_file,prompt_tokens=8',
      'data.kind',
      /^data\.kind: expected one of "synthetic_text", "synthetic", received "json_file"$/,
    ],
    ['prompt_tokens=8,prompt_tokens=9', 'data.prompt_tokens', /each key once/],
    ['prompt_tokens', 'data', /expected comma-separated key=value pairs/],
    ['', 'data', /expected synthetic data such as/],
    ['{"prompt_tokens": 8', 'data', /expected a JSON object of synthetic data keys/],
    ['{"prompt_tokens": 8, "bar": 1}', 'data', /unknown key "bar"/],
    ['prompt_tokens=8,constructor=1', 'data', /unknown key "constructor"/],
    ['prompt_tokens=8,__proto__=1', 'data', /unknown key "__proto__"/],
    [
      '{"prompt_tokens": 8, "promptTokens": 8}',
      'data.promptTokens',
      /^data\.promptTokens: expected each key once, received it as prompt_tokens and as promptTokens$/,
    ],
    [
      'prompt_tokens=0,output_tokens=abc',
      'data.prompt_tokens',
      /^data\.prompt_tokens: expected a number >= 1, received 0; data\.output_tokens: expected a number, received "abc"$/,
    ],
    ['{"promptTokens": "many"}', 'data.promptTokens', /received "many"/],
    [
      '{"promptTokens": 8, "promptTokensMin": 9, "promptTokensMax": 8}',
      'data.promptTokensMin',
      /expected at most promptTokensMax \(8\)/,
    ],
  ];

  it.each(cases)('%j -> %s', (text, field, message) => {
    const error = errorOf(() => parseSyntheticShorthand(text));
    expect(error.code).toBe('ERR_INVALID_ARGS');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('uses the caller field name', () => {
    const error = errorOf(() => parseSyntheticShorthand('prompt_tokens=x', 'benchmarks[1].data'));
    expect(error.field).toBe('benchmarks[1].data.prompt_tokens');
  });

  it('rejects non-objects in the object form', () => {
    for (const value of [null, 5, [1, 2]]) {
      const error = errorOf(() => parseSyntheticSpec(value));
      expect(error.field).toBe('data');
      expect(error.message).toMatch(/^data: expected synthetic data as an object/);
    }
  });
});

describe('SyntheticDataSpecSchema', () => {
  it('accepts a camelCase spec', () => {
    const spec = { type: 'synthetic', promptTokens: 5, outputTokens: 2, samples: 3 } as const;
    expect(SyntheticDataSpecSchema.parse(spec)).toEqual(spec);
  });

  it('rejects bad values, unknown keys and crossed bounds with a path', () => {
    const crossed = SyntheticDataSpecSchema.safeParse({
      type: 'synthetic',
      promptTokens: 5,
      promptTokensMin: 6,
      promptTokensMax: 5,
    });
    expect(crossed.success).toBe(false);
    expect(crossed.error?.issues[0]?.path).toEqual(['promptTokensMin']);
    expect(crossed.error?.issues[0]?.message).toMatch(/at most promptTokensMax/);
    expect(SyntheticDataSpecSchema.safeParse({ type: 'synthetic', promptTokens: 0 }).success).toBe(
      false,
    );
    expect(SyntheticDataSpecSchema.safeParse({ promptTokens: 5 }).success).toBe(false);
    expect(
      SyntheticDataSpecSchema.safeParse({ type: 'synthetic', promptTokens: 5, extra: 1 }).success,
    ).toBe(false);
  });
});

describe('looksLikeSyntheticShorthand', () => {
  it('tells shorthand from paths and dataset ids', () => {
    for (const text of [
      'prompt_tokens=1',
      'kind=synthetic_text,prompt_tokens=1',
      ' output_tokens=4,prompt_tokens=1',
      '{"prompt_tokens": 3}',
    ]) {
      expect(looksLikeSyntheticShorthand(text)).toBe(true);
    }
    for (const text of ['./data.jsonl', 'org/dataset', 'prompts.csv', '{}']) {
      expect(looksLikeSyntheticShorthand(text)).toBe(false);
    }
  });
});
