import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { measureClockGap, shiftToMain } from '../../src/core/workers/clock-shift.js';
import { decodeRecords, encodeRecords } from '../../src/core/workers/record-batch.js';
import type { RequestRecord } from '../../src/spec/request-record.js';

function record(index: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    index,
    status: 'successful',
    scheduledAt: 10 * index,
    dispatchedAt: 10 * index + 0.25,
    headersAt: 10 * index + 3,
    firstTokenAt: 10 * index + 4,
    firstOutputTokenAt: 10 * index + 4.5,
    lastTokenAt: 10 * index + 9,
    endedAt: 10 * index + 9.125,
    promptTokens: 32,
    promptTokensSource: 'server',
    outputTokens: 3,
    outputTokensSource: 'parts',
    tokenCountDiscrepancy: NaN,
    intendedPromptTokens: 33,
    promptTokenDifference: -1,
    contentParts: 3,
    itlGapsMs: new Float64Array([0.5 + index, 4]),
    ...overrides,
  };
}

describe('record batches between threads', () => {
  it('carries every field, gap, error and text of each record, in order', () => {
    const records = [
      record(7),
      record(3, {
        status: 'errored',
        headersAt: NaN,
        firstTokenAt: NaN,
        firstOutputTokenAt: NaN,
        lastTokenAt: NaN,
        promptTokens: NaN,
        promptTokensSource: 'none',
        outputTokens: 0,
        contentParts: 0,
        itlGapsMs: new Float64Array(0),
        error: { code: 'HTTP_ERROR', message: 'HTTP 503: busy', httpStatus: 503 },
      }),
      record(12, { status: 'incomplete', outputTokensSource: 'server', outputTokens: 40 }),
    ];
    const batch = encodeRecords(records, ['seven', '', 'twelve']);
    // Plain buffers that postMessage can transfer instead of copying.
    expect(batch.numbers.buffer).toBeInstanceOf(ArrayBuffer);
    expect(batch.gaps).toHaveLength(4);
    const decoded: Array<{ record: RequestRecord; text: string }> = [];
    decodeRecords(structuredClone(batch), (got, text) => decoded.push({ record: got, text }));
    expect(decoded.map(({ text }) => text)).toEqual(['seven', '', 'twelve']);
    decoded.forEach(({ record: got }, at) => {
      const { itlGapsMs, ...fields } = records[at]!;
      expect(got).toEqual({ ...fields, itlGapsMs: expect.any(Float64Array) });
      expect(Array.from(got.itlGapsMs)).toEqual(Array.from(itlGapsMs));
    });
    expect(decoded[1]!.record.error).toEqual({
      code: 'HTTP_ERROR',
      message: 'HTTP 503: busy',
      httpStatus: 503,
    });
  });

  it('has no texts when the benchmark keeps none', () => {
    const texts: string[] = [];
    decodeRecords(encodeRecords([record(1)], undefined), (_, text) => texts.push(text));
    expect(texts).toEqual(['']);
  });
});

describe('the clock shift of a worker thread', () => {
  it("turns a worker's performance.now() into the main thread's within microseconds", async () => {
    const main = measureClockGap();
    expect(main.errorMs).toBeLessThan(0.05);
    // The worker reads its clock, shifted onto ours, between two reads of our own.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', ({ shift, flag }) => {
         const view = new Int32Array(flag);
         Atomics.wait(view, 0, 0);
         const at = performance.now() + shift;
         parentPort.postMessage({ at, timeOrigin: performance.timeOrigin });
       });
       function gap() {
         let best = Infinity, gap = 0;
         for (let i = 0; i < 16; i++) {
           const a = performance.now(); const h = Number(process.hrtime.bigint()) / 1e6; const b = performance.now();
           if ((b - a) / 2 < best) { best = (b - a) / 2; gap = (a + b) / 2 - h; }
         }
         return { gapMs: gap, errorMs: best };
       }
       parentPort.postMessage(gap());`,
      { eval: true },
    );
    const [workerGap] = (await new Promise((resolve) =>
      worker.once('message', (m) => resolve([m])),
    )) as [{ gapMs: number; errorMs: number }];
    const shift = shiftToMain(main, workerGap);
    expect(shift.errorMs).toBeLessThan(0.1);
    const flag = new SharedArrayBuffer(4);
    const answer = new Promise<{ at: number; timeOrigin: number }>((resolve) =>
      worker.once('message', resolve),
    );
    worker.postMessage({ shift: shift.gapMs, flag });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = performance.now();
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    const { at, timeOrigin } = await answer;
    const after = performance.now();
    expect(at).toBeGreaterThanOrEqual(before - shift.errorMs);
    expect(at).toBeLessThanOrEqual(after + shift.errorMs);
    // It agrees with the two threads' time origins (wall-clock readings) to well under a ms.
    expect(Math.abs(shift.gapMs - (timeOrigin - performance.timeOrigin))).toBeLessThan(1);
    await worker.terminate();
  });
});
