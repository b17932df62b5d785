import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import { createDataDir, rejection, type DataDir } from '../helpers/data-files.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();
let dir: DataDir;
const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  dir = await createDataDir();
});
afterAll(async () => {
  await dir.cleanup();
});
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});

/** Lets a stray rejection reach the process before the test looks for one. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('a data source that fails mid-run', () => {
  it('fails the run with ERR_DATA once requests in flight have settled, with nothing unhandled', async () => {
    const server = await mocks.start({ ttftMs: 5, itlMs: 5, outputTokens: 8 });
    let closed = false;
    const flaky: DataSource = {
      name: 'flaky',
      prepare: async () => undefined,
      samples() {
        return (async function* (): AsyncGenerator<RequestSample> {
          try {
            for (let i = 0; i < 200; i++) yield { prompt: `question ${i}`, outputTokens: 8 };
            throw new Error('connection to the prompt store reset');
          } finally {
            closed = true;
          }
        })();
      },
    };
    const error = await rejection(
      runBenchmark({
        target: server.url,
        data: flaky,
        tokenizer: 'word',
        profile: 'concurrent',
        rate: 4,
        maxRequests: 300,
      }),
    );
    expect(error).toBeInstanceOf(InferbenchError);
    expect(error).toMatchObject({
      code: 'ERR_DATA',
      field: 'data',
      message:
        'data: the data source failed while the run read it: connection to the prompt store reset',
    });
    expect(closed).toBe(true);
    // The benchmark had started (the feeder reads 64 ahead), sent no more than the source gave,
    // and left nothing in flight.
    const sent = server.stats.requestsByRoute['/v1/chat/completions'] ?? 0;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(200);
    expect(server.stats.inFlight).toBe(0);
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('fails the run with the file reader’s own error when a gzip file is cut short', async () => {
    const server = await mocks.start({ ttftMs: 1, itlMs: 1, outputTokens: 4 });
    const lines = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({ prompt: `Question number ${i}: what comes after ${i}?` }),
    ).join('\n');
    const whole = gzipSync(Buffer.from(lines, 'utf8'));
    // Cut the compressed stream: the first rows decode, the end of the file is missing.
    const path = await dir.write('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const error = await rejection(
      runBenchmark({
        target: server.url,
        data: path,
        tokenizer: 'word',
        profile: 'concurrent',
        rate: 16,
        maxRequests: 600,
      }),
    );
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect((error as InferbenchError).field).toBe('data');
    expect(error.message).toContain(JSON.stringify(path));
    const sent = server.stats.requestsByRoute['/v1/chat/completions'] ?? 0;
    // Past the rows the feeder read before the benchmark started, short of the whole file.
    expect(sent).toBeGreaterThan(64);
    expect(sent).toBeLessThan(600);
    await settle();
    expect(unhandled).toEqual([]);
  });
});
