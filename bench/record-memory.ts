// Memory per request of the columnar record store against plain record objects, measured in
// one run. Run: node --expose-gc --import tsx bench/record-memory.ts
import { RecordStore } from '../src/core/record-store.js';
import type { RequestRecord } from '../src/spec/request-record.js';

const REQUESTS = 200_000;
const GAPS = 63;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function record(index: number): RequestRecord {
  const gaps = new Float64Array(GAPS).fill(10 + (index % 7));
  return {
    index,
    status: 'successful',
    scheduledAt: index,
    dispatchedAt: index + 0.1,
    headersAt: index + 1,
    firstTokenAt: index + 50,
    firstOutputTokenAt: index + 50,
    lastTokenAt: index + 680,
    endedAt: index + 681,
    promptTokens: 256,
    promptTokensSource: 'server',
    outputTokens: 64,
    outputTokensSource: 'server',
    tokenCountDiscrepancy: 0,
    intendedPromptTokens: 256,
    promptTokenDifference: 0,
    contentParts: 64,
    itlGapsMs: gaps,
  };
}

function heapAfter(build: () => unknown): number {
  gc!();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const kept = build();
  gc!();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  if (kept === undefined) throw new Error('nothing kept');
  return (after - before) / REQUESTS;
}

const objects = heapAfter(() => Array.from({ length: REQUESTS }, (_, i) => record(i)));
const columns = heapAfter(() => {
  const store = new RecordStore();
  for (let i = 0; i < REQUESTS; i++) store.append(record(i));
  return store;
});
console.log(`plain objects: ${objects.toFixed(0)} bytes/request`);
console.log(
  `record store:  ${columns.toFixed(0)} bytes/request (${GAPS} ITL gaps each = ${GAPS * 8} bytes of data)`,
);
console.log(`the store takes ${(objects / columns).toFixed(1)}x less memory per request`);
