// Memory retained per request through the real scheduler, in a process of its own (run with
// node --expose-gc --import tsx). Prints one JSON line per measurement.
import { EventBus } from '../../src/core/event-bus.js';
import { SampleFeeder } from '../../src/core/sample-feeder.js';
import { runSchedule } from '../../src/core/scheduler.js';
import { createMaxRequestsConstraint } from '../../src/constraints/max-requests.js';
import type { Backend } from '../../src/spec/backend.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import { createConcurrentStrategy } from '../../src/strategies/closed-loop.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** A backend that answers at once (next turn) with `parts` content parts and server usage. */
function instantBackend(parts: number): Backend {
  return {
    name: 'instant',
    prepare: async () => ({ model: 'm', url: 'memory://' }),
    close: async () => undefined,
    send: (_request, { onPart }) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          onPart({ type: 'headers', httpStatus: 200 });
          for (let i = 0; i < parts; i++) onPart({ type: 'text', text: ' word' });
          onPart({ type: 'usage', promptTokens: 32, outputTokens: parts });
          resolve();
        }),
      ),
  };
}

const data: DataSource = {
  name: 'memory',
  prepare: async () => undefined,
  *samples(): Iterator<RequestSample> {
    for (let i = 0; ; i++) yield { prompt: `prompt ${i} `.repeat(8), promptTokens: 32 };
  },
};

function held(): { bytes: number; rss: number } {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  // external includes the typed arrays' backing stores (the record store's columns).
  return { bytes: usage.heapUsed + usage.external, rss: usage.rss };
}

async function measure(label: string, requests: number, parts: number, counting: boolean) {
  const feeder = new SampleFeeder(data);
  await feeder.fill();
  const before = held();
  const started = performance.now();
  const result = await runSchedule({
    index: 0,
    strategy: createConcurrentStrategy(64),
    backend: instantBackend(parts),
    feeder,
    constraints: [createMaxRequestsConstraint(requests)],
    clock: { now: () => performance.now() },
    originMs: 0,
    signal: undefined,
    bus: new EventBus([]),
    snapshotIntervalMs: 1000,
    maxSeconds: undefined,
    maxRequests: requests,
    countingTokenizer: counting ? createWordTokenizer() : undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const after = held();
  const gaps = result.records.allItlGaps().length;
  console.log(
    JSON.stringify({
      label,
      requests: result.records.size,
      parts,
      gaps,
      bytesPerRequest: (after.bytes - before.bytes) / result.records.size,
      rssPerRequest: (after.rss - before.rss) / result.records.size,
      storeBytesPerRequest: result.records.byteLength() / result.records.size,
      seconds,
    }),
  );
}

const requests = Number(process.argv[2] ?? 1_000_000);
// No gaps: one content part each; the row is all that is kept.
await measure('one part, server usage', requests, 1, false);
await measure('one part, word tokenizer checks server usage', requests / 5, 1, true);
// 32 parts: 31 ITL gaps each, kept exactly (8 bytes each) for the pooled ITL distribution.
await measure('32 parts, server usage', requests / 5, 32, false);
