import { describe, expect, it } from 'vitest';
import {
  describePromptExactness,
  summarizePromptExactness,
  type PromptCountPair,
} from '../../src/tokenizers/prompt-exactness.js';
import { checkContextFit } from '../../src/tokenizers/server-counting.js';
import { InferbenchError } from '../../src/errors.js';

function pairs(intended: number, server: readonly number[]): PromptCountPair[] {
  return server.map((promptTokens) => ({
    intendedPromptTokens: intended,
    promptTokens,
    promptTokensSource: 'server',
  }));
}

describe('prompt exactness: intended vs server prompt tokens', () => {
  it('is exact when every server count equals the intended one', () => {
    const summary = summarizePromptExactness(pairs(256, [256, 256, 256]), {
      requestFormat: 'completions',
    })!;
    expect(summary).toMatchObject({
      checked: 3,
      expectedOverheadTokens: 0,
      overheadSource: 'bos',
      beyondThreshold: 0,
      maxDeviationTokens: 0,
    });
    expect(summary.differenceTokens.max).toBe(0);
    expect(describePromptExactness(summary)).toBeUndefined();
  });

  it('ignores a BOS token a completions server adds to every prompt', () => {
    const summary = summarizePromptExactness(pairs(64, [65, 65, 65, 65]), {
      requestFormat: 'completions',
    })!;
    expect(summary.expectedOverheadTokens).toBe(1);
    expect(summary.beyondThreshold).toBe(0);
    expect(summary.differenceTokens.mean).toBe(1);
  });

  it('flags requests more than the threshold off, with a warning that says by how much', () => {
    // The case: a word tokenizer against a Llama 3 server, 200 intended, 224–231 counted.
    const summary = summarizePromptExactness(pairs(200, [224, 231, 228, 200]), {
      requestFormat: 'completions',
    })!;
    expect(summary.beyondThreshold).toBe(3);
    expect(summary.maxDeviationTokens).toBe(31);
    expect(summary.differenceTokens.percentiles.p50).toBe(26);
    const warning = describePromptExactness(summary)!;
    expect(warning).toContain('3 of 4 requests');
    expect(warning).toContain('by up to 31');
  });

  it('takes a measured chat template overhead as expected, and flags strays from it', () => {
    const summary = summarizePromptExactness(pairs(100, [111, 111, 112, 114]), {
      requestFormat: 'chat',
      templateOverheadTokens: 11,
    })!;
    expect(summary).toMatchObject({
      expectedOverheadTokens: 11,
      overheadSource: 'measured',
      beyondThreshold: 1,
      maxDeviationTokens: 3,
    });
  });

  it('estimates the chat overhead as the most frequent difference when not measured', () => {
    const summary = summarizePromptExactness(pairs(100, [109, 109, 109, 110]), {
      requestFormat: 'chat',
    })!;
    expect(summary).toMatchObject({
      expectedOverheadTokens: 9,
      overheadSource: 'estimated',
      beyondThreshold: 0,
    });
  });

  it('compares only requests with a server count and a known intended count', () => {
    const records: PromptCountPair[] = [
      { intendedPromptTokens: 10, promptTokens: 10, promptTokensSource: 'data' },
      { promptTokens: 12, promptTokensSource: 'server' },
      { intendedPromptTokens: Number.NaN, promptTokens: 12, promptTokensSource: 'server' },
    ];
    expect(summarizePromptExactness(records, { requestFormat: 'completions' })).toBeUndefined();
    const one = summarizePromptExactness(
      [...records, { intendedPromptTokens: 10, promptTokens: 13, promptTokensSource: 'server' }],
      { requestFormat: 'completions', thresholdTokens: 5 },
    )!;
    expect(one).toMatchObject({ checked: 1, beyondThreshold: 0, thresholdTokens: 5 });
  });
});

describe("the model's context bounds prompt + output", () => {
  it('passes a request that fits exactly', () => {
    expect(() =>
      checkContextFit({
        maxModelLen: 300,
        statedBy: 'test',
        maxPromptTokens: 256,
        maxOutputTokens: 32,
        templateOverheadTokens: 12,
      }),
    ).not.toThrow();
  });

  it('names every part of a sum that does not fit, before any request', () => {
    let caught: unknown;
    try {
      checkContextFit({
        maxModelLen: 2048,
        statedBy: "the server's /tokenize",
        maxPromptTokens: 2000,
        maxOutputTokens: 128,
        templateOverheadTokens: 9,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InferbenchError);
    expect(caught).toMatchObject({ code: 'ERR_INVALID_ARGS', field: 'data' });
    expect((caught as Error).message).toBe(
      "data: the longest request needs 2000 prompt + 9 chat template + 128 output = 2137 tokens, more than the model's context of 2048 (max_model_len, stated by the server's /tokenize); lower prompt_tokens or output_tokens (or their max)",
    );
  });
});
