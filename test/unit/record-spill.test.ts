import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_NUMBER_COLUMNS, RecordStore } from '../../src/core/record-store.js';
import type { RequestRecord, RequestStatus } from '../../src/spec/request-record.js';

/** Request `i` of a varied run: statuses, sources, errors, turns, text and gap counts vary. */
function recordOf(i: number): RequestRecord {
  const status: RequestStatus =
    i % 11 === 3 ? 'errored' : i % 13 === 5 ? 'incomplete' : 'successful';
  const gaps = Float64Array.from({ length: (i * 7) % 23 }, (_, g) => 0.5 + i * 0.001 + g * 1.25);
  const record: RequestRecord = {
    index: (i * 31) % 997,
    status,
    scheduledAt: i * 2.5,
    dispatchedAt: i * 2.5 + 0.125,
    headersAt: status === 'errored' ? NaN : i * 2.5 + 9.5,
    firstTokenAt: status === 'errored' ? NaN : i * 2.5 + 12.25,
    firstOutputTokenAt: status === 'errored' ? NaN : i * 2.5 + 12.5,
    lastTokenAt: status === 'errored' ? NaN : i * 2.5 + 40 + (i % 5),
    endedAt: i * 2.5 + 41 + (i % 5),
    promptTokens: 100 + (i % 9),
    promptTokensSource: i % 2 === 0 ? 'server' : 'data',
    intendedPromptTokens: 100,
    outputTokens: gaps.length + 1,
    outputTokensSource: i % 3 === 0 ? 'parts' : 'server',
    tokenCountDiscrepancy: NaN,
    promptTokenDifference: i % 9,
    contentParts: gaps.length + 1,
    itlGapsMs: gaps,
    turnIndex: i % 4,
    prompt: `prompt ${i}`,
    outputText: `answer ${i}`,
  };
  if (status === 'errored') {
    record.error = { code: 'HTTP_ERROR', message: `HTTP 503 (${i})`, httpStatus: 503 };
  }
  return record;
}

/** Every column and per-row view of `store`, as plain arrays, to compare two stores. */
function contents(store: RecordStore) {
  return {
    size: store.size,
    numbers: Object.fromEntries(
      RECORD_NUMBER_COLUMNS.map((name) => [name, Array.from(store.column(name))]),
    ),
    indices: Array.from(store.indices()),
    contentParts: Array.from(store.contentParts()),
    turns: Array.from(store.turnIndices() ?? []),
    statuses: Array.from(store.statusCodes()),
    promptSources: Array.from(store.promptTokensSourceCodes()),
    outputSources: Array.from(store.outputTokensSourceCodes()),
    gaps: Array.from(store.allItlGaps()),
    offsets: Array.from(store.itlOffsets()),
    lengths: Array.from(store.itlLengths()),
    errors: [...store.errors()],
    records: store.toRecords(),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inferbench-spill-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a RecordStore that spills rows to a file', () => {
  it('gives back every row as a store that kept them in memory has them, later changes included', async () => {
    const kept = new RecordStore({ retainText: true, initialCapacity: 4 });
    const spilled = new RecordStore({
      retainText: true,
      initialCapacity: 4,
      spill: { chunkRows: 16, chunkGaps: 120, dir },
    });
    for (let i = 0; i < 500; i++) {
      kept.append(recordOf(i));
      spilled.append(recordOf(i));
      // Counts and checks arrive late, for rows long gone to the file, and for recent ones.
      for (const row of [i - 300, i - 40, i]) {
        if (row < 0 || row % 7 !== 0) continue;
        for (const store of [kept, spilled]) {
          store.setOutputTokens(row, 1000 + row, 'tokenizer');
          store.setTokenCountDiscrepancy(row, row % 2 === 0 ? -row : NaN);
        }
      }
    }
    expect(spilled.spilledChunks).toBeGreaterThanOrEqual(Math.floor(500 / 16));
    expect(spilled.spilledRows).toBeGreaterThan(400);
    // The row just appended can be read; whole columns and spilled rows cannot until sealed.
    expect(spilled.statusCode(499)).toBe(kept.statusCode(499));
    expect(spilled.valueOf('endedAt', 499)).toBe(kept.column('endedAt')[499]);
    expect(() => spilled.column('endedAt')).toThrow(/spill file: seal\(\) it before reading/);
    expect(() => spilled.get(3)).toThrow(/row 3 is in the spill file/);

    await spilled.seal();
    expect(spilled.spilledRows).toBe(0);
    expect(contents(spilled)).toEqual(contents(kept));
    // Rows appended after the seal stay in memory.
    spilled.append(recordOf(500));
    kept.append(recordOf(500));
    expect(contents(spilled)).toEqual(contents(kept));
  });

  it('leaves no file behind, and holds the rows in memory only until they are written', async () => {
    const store = new RecordStore({ spill: { chunkRows: 64, dir } });
    const kept = new RecordStore();
    for (let i = 0; i < 2000; i++) {
      store.append(recordOf(i));
      kept.append(recordOf(i));
    }
    // The file is unlinked as soon as it is opened: nothing to clean up, even after a crash.
    expect(await readdir(dir)).toEqual([]);
    // Once the writes are done, memory holds the chunk in progress and the errors, not the run.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.byteLength()).toBeLessThan(kept.byteLength() / 4);
    await store.seal();
    expect(store.size).toBe(2000);
    expect(store.get(42)).toEqual({ ...recordOf(42), prompt: undefined, outputText: undefined });
  });

  it('spills a chunk early when its ITL gaps reach the limit, a long stream included', async () => {
    const store = new RecordStore({ spill: { chunkRows: 1000, chunkGaps: 50, dir } });
    const long = recordOf(1);
    long.itlGapsMs = Float64Array.from({ length: 400 }, (_, g) => g / 8);
    for (let i = 0; i < 30; i++) store.append(i === 10 ? long : recordOf(i));
    expect(store.spilledChunks).toBeGreaterThan(3);
    await store.seal();
    expect(Array.from(store.itlGaps(10))).toEqual(Array.from(long.itlGapsMs));
    expect(Array.from(store.itlGaps(29))).toEqual(Array.from(recordOf(29).itlGapsMs));
  });

  it('keeps the rows in memory and warns once when the file cannot be made', async () => {
    const notAFolder = join(dir, 'file');
    await writeFile(notAFolder, '');
    const errors: Error[] = [];
    const store = new RecordStore({
      spill: { chunkRows: 8, dir: notAFolder, onError: (error) => errors.push(error) },
    });
    const kept = new RecordStore();
    for (let i = 0; i < 50; i++) {
      store.append(recordOf(i));
      kept.append(recordOf(i));
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/ENOTDIR|ENOENT/);
    expect(store.spilledRows).toBe(0);
    await store.seal();
    expect(contents(store)).toEqual(contents(kept));
  });

  it('is dropped without reading back when the benchmark failed', async () => {
    const store = new RecordStore({ spill: { chunkRows: 4, dir } });
    for (let i = 0; i < 20; i++) store.append(recordOf(i));
    store.dispose();
    expect(await readdir(dir)).toEqual([]);
  });
});
