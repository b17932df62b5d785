import { describe, expect, it } from 'vitest';
import { OutputTokenCounter } from '../../src/core/output-token-counter.js';
import { RecordStore } from '../../src/core/record-store.js';
import type { RequestRecord, RequestStatus } from '../../src/spec/request-record.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';

function record(index: number, serverCount: number | undefined, status: RequestStatus) {
  const r: RequestRecord = {
    index,
    status,
    scheduledAt: index,
    dispatchedAt: index,
    headersAt: index + 1,
    firstTokenAt: index + 2,
    firstOutputTokenAt: index + 2,
    lastTokenAt: index + 3,
    endedAt: index + 4,
    promptTokens: 8,
    promptTokensSource: 'data',
    outputTokens: serverCount ?? 3,
    outputTokensSource: serverCount === undefined ? 'parts' : 'server',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: NaN,
    promptTokenDifference: NaN,
    contentParts: 3,
    itlGapsMs: new Float64Array([1, 1]),
  };
  return r;
}

/** Row i says i % 4 + 1 words; the server (when it counts) says one more on every third row. */
function text(i: number): string {
  return Array.from({ length: (i % 4) + 1 }, (_, k) => `w${k}`).join(' ');
}

function fill(
  rows: number,
  options: ConstructorParameters<typeof OutputTokenCounter>[2],
  serverCounts: (i: number) => boolean,
) {
  const store = new RecordStore();
  const counter = new OutputTokenCounter(store, createWordTokenizer(), options);
  for (let i = 0; i < rows; i++) {
    const words = (i % 4) + 1;
    const server = serverCounts(i) ? words + (i % 3 === 0 ? 1 : 0) : undefined;
    store.append(record(i, server, i % 5 === 4 ? 'errored' : 'successful'));
    counter.add(i, text(i));
  }
  return { store, counter };
}

describe('OutputTokenCounter', () => {
  it('counts rows the server did not count and checks every successful server-counted row', () => {
    const { store, counter } = fill(40, {}, (i) => i % 2 === 0);
    // Nothing is counted while the benchmark runs below the text limit.
    expect(Array.from(store.outputTokensSourceCodes()).filter((c) => c === 1)).toHaveLength(0);
    counter.finish();
    expect(counter.pendingChars).toBe(0);
    for (let i = 0; i < 40; i++) {
      const words = (i % 4) + 1;
      const row = store.get(i);
      if (i % 2 === 1) {
        expect(row.outputTokensSource).toBe('tokenizer');
        expect(row.outputTokens).toBe(words);
        expect(row.tokenCountDiscrepancy).toBeNaN();
      } else {
        expect(row.outputTokensSource).toBe('server');
        const checked = row.status === 'successful';
        expect(Number.isNaN(row.tokenCountDiscrepancy)).toBe(!checked);
        if (checked) expect(row.tokenCountDiscrepancy).toBe(i % 3 === 0 ? 1 : 0);
      }
    }
  });

  it('keeps the checks within maxChecks on a grid whose stride doubles, undoing checks off it', () => {
    const { store, counter } = fill(50, { maxChecks: 6 }, () => true);
    counter.finish();
    // 50 rows within 6 checks: stride 16 (6 * 8 = 48 < 50), rows 0, 16, 32, 48, minus errored.
    const checked = Array.from(store.column('tokenCountDiscrepancy'))
      .map((value, row) => (Number.isNaN(value) ? -1 : row))
      .filter((row) => row >= 0);
    expect(checked).toEqual([0, 16, 32, 48]);
  });

  it('undoes checks already counted when the stride doubles during the run', async () => {
    // A limit of 0 characters counts each text on the next turn of the event loop.
    const store = new RecordStore();
    const counter = new OutputTokenCounter(store, createWordTokenizer(), {
      maxChecks: 2,
      maxPendingChars: 0,
      sliceMs: 1000,
    });
    for (let i = 0; i < 2; i++) {
      store.append(record(i, 2, 'successful'));
      counter.add(i, 'a b c');
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(Array.from(store.column('tokenCountDiscrepancy'))).toEqual([-1, -1]);
    // Row 2 doubles the stride to 2: row 1's check, already made, is off the grid now.
    store.append(record(2, 2, 'successful'));
    counter.add(2, 'a b c');
    counter.finish();
    expect(Array.from(store.column('tokenCountDiscrepancy'))).toEqual([-1, NaN, -1]);
  });

  it('counts in slices while the run goes once the held text passes the limit', async () => {
    const { store, counter } = fill(200, { maxPendingChars: 50, sliceMs: 1000 }, () => false);
    expect(counter.pendingChars).toBeGreaterThan(50);
    await new Promise<void>((resolve) => setImmediate(resolve));
    // One slice brings it down to half the limit: the oldest texts are counted already.
    expect(counter.pendingChars).toBeLessThanOrEqual(25);
    expect(store.get(0).outputTokensSource).toBe('tokenizer');
    counter.finish();
    const counted = Array.from({ length: 200 }, (_, i) => store.get(i).outputTokens);
    expect(counted).toEqual(Array.from({ length: 200 }, (_, i) => (i % 4) + 1));
  });
});
