import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../src/core/record-store.js';
import { computeDistribution } from '../../src/metrics/distribution.js';
import {
  assessPromptExactness,
  computePromptExactness,
  describePromptExactness,
  type PromptExactnessOptions,
} from '../../src/metrics/prompt-exactness.js';
import type { RequestRecord } from '../../src/spec/request-record.js';
import { checkContextFit, measureTemplateOverhead } from '../../src/tokenizers/server-counting.js';
import type { ServerTokenizer } from '../../src/spec/tokenizer.js';
import { InferbenchError } from '../../src/errors.js';

/** Each request's difference from the intended length, as the server counted its prompt. */
function differences(intended: number, server: readonly number[]): number[] {
  return server.map((promptTokens) => promptTokens - intended);
}

function summarizePromptExactness(values: readonly number[], options: PromptExactnessOptions) {
  const finite = values.filter((value) => !Number.isNaN(value));
  return assessPromptExactness(values, computeDistribution(finite), options);
}

describe('prompt exactness: intended vs server prompt tokens', () => {
  it('is exact when every server count equals the intended one', () => {
    const summary = summarizePromptExactness(differences(256, [256, 256, 256]), {
      requestFormat: 'completions',
    })!;
    expect(summary).toMatchObject({
      checked: 3,
      expectedOverheadTokens: 0,
      overheadSource: 'bos',
      beyondThreshold: 0,
      maxDeviationTokens: 0,
    });
    expect(describePromptExactness(summary)).toBeUndefined();
  });

  it('ignores a BOS token a completions server adds to every prompt', () => {
    const summary = summarizePromptExactness(differences(64, [65, 65, 65, 65]), {
      requestFormat: 'completions',
    })!;
    expect(summary.expectedOverheadTokens).toBe(1);
    expect(summary.beyondThreshold).toBe(0);
  });

  it('flags requests more than the threshold off, with a warning that says by how much', () => {
    // The case: a word tokenizer against a Llama 3 server, 200 intended, 224–231 counted.
    const summary = summarizePromptExactness(differences(200, [224, 231, 228, 200]), {
      requestFormat: 'completions',
    })!;
    expect(summary.beyondThreshold).toBe(3);
    expect(summary.maxDeviationTokens).toBe(31);
    const warning = describePromptExactness(summary)!;
    expect(warning).toContain('3 of 4 requests');
    expect(warning).toContain('by up to 31');
  });

  it('takes a measured chat template overhead as expected, and flags strays from it', () => {
    const summary = summarizePromptExactness(differences(100, [111, 111, 112, 114]), {
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
    const summary = summarizePromptExactness(differences(100, [109, 109, 109, 110]), {
      requestFormat: 'chat',
    })!;
    expect(summary).toMatchObject({
      expectedOverheadTokens: 9,
      overheadSource: 'estimated',
      beyondThreshold: 0,
    });
  });

  it('skips requests without both counts, and honours the threshold', () => {
    expect(summarizePromptExactness([NaN, NaN], { requestFormat: 'completions' })).toBeUndefined();
    const one = summarizePromptExactness([NaN, 3, NaN], {
      requestFormat: 'completions',
      thresholdTokens: 5,
    })!;
    expect(one).toMatchObject({ checked: 1, beyondThreshold: 0, thresholdTokens: 5 });
  });

  it('compares only server counts of requests dispatched in the measured window', () => {
    const store = new RecordStore();
    const row = (index: number, dispatchedAt: number, difference: number): RequestRecord => ({
      index,
      status: 'successful',
      scheduledAt: dispatchedAt,
      dispatchedAt,
      headersAt: dispatchedAt + 1,
      firstTokenAt: dispatchedAt + 2,
      firstOutputTokenAt: dispatchedAt + 2,
      lastTokenAt: dispatchedAt + 3,
      endedAt: dispatchedAt + 4,
      promptTokens: 100 + (Number.isNaN(difference) ? 0 : difference),
      promptTokensSource: Number.isNaN(difference) ? 'data' : 'server',
      outputTokens: 2,
      outputTokensSource: 'server',
      tokenCountDiscrepancy: NaN,
      intendedPromptTokens: 100,
      promptTokenDifference: difference,
      contentParts: 2,
      itlGapsMs: new Float64Array([1]),
    });
    store.append(row(0, 0, 40)); // before the window: not compared
    store.append(row(1, 100, 0));
    store.append(row(2, 200, NaN)); // no server count
    store.append(row(3, 300, 7));
    const window = { startMs: 50, endMs: 1000 };
    const inWindow = computeDistribution([0, 7]);
    const exactness = computePromptExactness(store, window, inWindow, {
      requestFormat: 'completions',
    })!;
    expect(exactness).toMatchObject({ checked: 2, beyondThreshold: 1, maxDeviationTokens: 7 });
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

describe("a chat template's tokens, measured in the shape the run sends", () => {
  // A template of 3 tokens around the conversation and 4 around each message; words are tokens.
  const words = (text: string): number[] => text.split(' ').map((_, i) => i);
  const server: ServerTokenizer = {
    name: 'server:test',
    dialect: 'vllm',
    url: 'http://127.0.0.1:1',
    maxModelLen: undefined,
    tokenize: async (texts) => texts.map((text) => ({ ids: words(text) })),
    countChat: async (conversations) =>
      conversations.map(
        (messages) =>
          3 + messages.reduce((sum, message) => sum + 4 + words(message.content).length, 0),
      ),
    close: async () => undefined,
  };

  it('counts one user message, or a system prompt and a user message', async () => {
    const user = { role: 'user', content: 'one two three' };
    expect(await measureTemplateOverhead(server, [user])).toBe(7);
    expect(await measureTemplateOverhead(server, [{ role: 'system', content: 'a b' }, user])).toBe(
      11,
    );
  });

  it('is unknown for a server that cannot count chats', async () => {
    const { countChat: _, ...plain } = server;
    expect(await measureTemplateOverhead(plain, [{ role: 'user', content: 'x' }])).toBeUndefined();
  });
});
