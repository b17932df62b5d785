import { describe, expect, it } from 'vitest';
import { RECORD_STORE_BYTES_PER_ROW, RecordStore } from '../../src/core/record-store.js';
import { InferbenchError } from '../../src/errors.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    index: 0,
    status: 'successful',
    scheduledAt: 10,
    dispatchedAt: 11,
    headersAt: 20,
    firstTokenAt: 30,
    firstOutputTokenAt: 30,
    lastTokenAt: 50,
    endedAt: 55,
    promptTokens: 12,
    promptTokensSource: 'data',
    outputTokens: 3,
    outputTokensSource: 'server',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: NaN,
    promptTokenDifference: NaN,
    contentParts: 3,
    itlGapsMs: new Float64Array([8, 12]),
    ...overrides,
  };
}

describe('RecordStore', () => {
  it('stores records by column and grows past its initial capacity', () => {
    const store = new RecordStore({ initialCapacity: 1 });
    for (let i = 0; i < 5; i++) {
      store.append(
        record({ index: i, dispatchedAt: 100 + i, itlGapsMs: new Float64Array([i, i + 1]) }),
      );
    }
    expect(store.size).toBe(5);
    expect(Array.from(store.column('dispatchedAt'))).toEqual([100, 101, 102, 103, 104]);
    expect(Array.from(store.indices())).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(store.itlGaps(3))).toEqual([3, 4]);
    expect(store.allItlGaps().length).toBe(10);
    expect(Array.from(store.itlOffsets())).toEqual([0, 2, 4, 6, 8]);
  });

  it('keeps statuses, token sources and sparse errors', () => {
    const store = new RecordStore();
    store.append(record());
    store.append(
      record({
        index: 1,
        status: 'errored',
        firstTokenAt: NaN,
        outputTokensSource: 'none',
        error: { code: 'HTTP_ERROR', message: 'HTTP 503', httpStatus: 503 },
      }),
    );
    store.append(record({ index: 2, status: 'incomplete', outputTokensSource: 'parts' }));
    expect(Array.from(store.statusCodes())).toEqual([0, 1, 2]);
    expect(store.status(1)).toBe('errored');
    expect(Array.from(store.outputTokensSourceCodes())).toEqual([0, 4, 3]);
    expect(store.errors().size).toBe(1);
    expect(store.error(0)).toBeUndefined();
    expect(store.error(1)).toEqual({ code: 'HTTP_ERROR', message: 'HTTP 503', httpStatus: 503 });
    expect(Number.isNaN(store.column('firstTokenAt')[1])).toBe(true);
  });

  it('round-trips records, NaN included', () => {
    const store = new RecordStore();
    const original = record({
      tokenCountDiscrepancy: -2,
      intendedPromptTokens: 16,
      promptTokenDifference: 3,
      headersAt: NaN,
    });
    store.append(original);
    const [back] = store.toRecords();
    expect(back).toEqual(original);
    expect([...store]).toHaveLength(1);
  });

  it('copies ITL gaps, so the caller may reuse its buffer', () => {
    const store = new RecordStore();
    const gaps = new Float64Array([1, 2]);
    store.append(record({ itlGapsMs: gaps }));
    gaps[0] = 99;
    expect(Array.from(store.itlGaps(0))).toEqual([1, 2]);
  });

  it('keeps text only when asked', () => {
    const withText = { prompt: 'Hello', outputText: 'world' };
    const dropping = new RecordStore();
    dropping.append(record(withText));
    expect(dropping.get(0).prompt).toBeUndefined();
    expect(dropping.get(0).outputText).toBeUndefined();

    const keeping = new RecordStore({ retainText: true });
    keeping.append(record(withText));
    expect(keeping.get(0)).toMatchObject(withText);
  });

  it('costs a small constant number of bytes per request', () => {
    const store = new RecordStore({ initialCapacity: 1024 });
    const empty = store.byteLength();
    for (let i = 0; i < 4096; i++)
      store.append(record({ index: i, itlGapsMs: new Float64Array(0) }));
    const perRow = (store.byteLength() - empty) / (4096 - 1024);
    // Doubling leaves at most 2× slack; rows stay near RECORD_STORE_BYTES_PER_ROW (121 bytes).
    expect(RECORD_STORE_BYTES_PER_ROW).toBeLessThan(128);
    expect(perRow).toBeLessThanOrEqual(RECORD_STORE_BYTES_PER_ROW * 2);
  });

  it('rejects an unknown status and out-of-range rows', () => {
    const store = new RecordStore();
    expect(() => store.append(record({ status: 'lost' as never }))).toThrow(InferbenchError);
    expect(store.size).toBe(0);
    expect(() => store.get(0)).toThrow(RangeError);
  });
});
