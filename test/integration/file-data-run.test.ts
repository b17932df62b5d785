import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { createDataDir, rejection, type DataDir } from '../helpers/data-files.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { writeParquet } from '../helpers/write-parquet.js';

let dir: DataDir;
let mock: MockServer | undefined;
let proxy: RecordingProxy | undefined;

beforeAll(async () => {
  dir = await createDataDir();
});
afterAll(async () => {
  await dir.cleanup();
});
afterEach(async () => {
  await proxy?.close();
  await mock?.close();
  proxy = undefined;
  mock = undefined;
});

const ROWS = [
  { question: 'What is the boiling point of water?', output_tokens_count: 5 },
  { question: 'Name three primes.', output_tokens_count: 7, system: 'Answer in one line.' },
  {
    messages: [
      { role: 'system', content: 'You are a poet.' },
      { role: 'user', content: 'A line about rain.' },
      { role: 'assistant', content: 'Recorded answer, not sent.' },
    ],
    output_tokens_count: 9,
  },
  { question: 'Count to four.', output_tokens_count: 4 },
];

async function start(): Promise<string> {
  mock = await createMockServer({ ttftMs: 1, itlMs: 1 });
  proxy = await startRecordingProxy(mock.url);
  return proxy.url;
}

/** The generation requests the server received, after the untimed probe that checks it first. */
function generations() {
  const all = proxy!.requests.filter((request) => request.path.endsWith('/chat/completions'));
  if (all.length === 0) return all;
  expect((all[0]!.body as { messages: unknown }).messages).toEqual([
    { role: 'user', content: 'Hello' },
  ]);
  return all.slice(1);
}

describe('a run over a data file', () => {
  it('sends every JSONL row in order, as the server receives it, and ends with the data', async () => {
    const path = await dir.write(
      'rows.jsonl',
      ROWS.map((row) => JSON.stringify({ ...row, question: row.question ?? null })).join('\n'),
    );
    const target = await start();
    const report = await runBenchmark({
      target,
      data: path,
      profile: 'synchronous',
      maxRequests: 100,
      retainRequests: true,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('data-exhausted');
    expect(benchmark.requestCounts.successful).toBe(4);
    const bodies = generations().map((request) => request.body as Record<string, unknown>);
    expect(bodies.map((body) => body['messages'])).toEqual([
      [{ role: 'user', content: 'What is the boiling point of water?' }],
      [
        { role: 'system', content: 'Answer in one line.' },
        { role: 'user', content: 'Name three primes.' },
      ],
      [
        { role: 'system', content: 'You are a poet.' },
        { role: 'user', content: 'A line about rain.' },
      ],
      [{ role: 'user', content: 'Count to four.' }],
    ]);
    expect(bodies.map((body) => body['max_tokens'])).toEqual([5, 7, 9, 4]);
    // The output budget in the data is what the mock server generated.
    expect(benchmark.metrics.outputTokens.successful.sum).toBe(5 + 7 + 9 + 4);
    expect(report.args['data']).toBe(path);
  });

  it('maps columns given after the path, as the CLI passes --data-args', async () => {
    const path = await dir.write(
      'articles.csv',
      'id,article,budget\n1,First article,3\n2,Second,6\n',
    );
    const target = await start();
    const report = await runBenchmark({
      target,
      data: `${path},text_column=article,output_tokens_count_column=budget`,
      profile: 'synchronous',
      maxRequests: 10,
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(2);
    expect(
      generations().map((request) => (request.body as { messages: unknown }).messages),
    ).toEqual([
      [{ role: 'user', content: 'First article' }],
      [{ role: 'user', content: 'Second' }],
    ]);
  });

  it('fails before any generation request when a column is wrong, listing the columns found', async () => {
    const path = await dir.write('wrong.jsonl', '{"uid": 1, "body": "text"}\n');
    const target = await start();
    const error = await rejection(
      runBenchmark({ target, data: { type: 'file', path }, maxRequests: 5 }),
    );
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_DATA');
    expect(error.message).toMatch(/^data: expected a prompt column in .*found columns: uid, body$/);
    expect(generations()).toHaveLength(0);
  });

  it('runs from the CommonJS build over a Parquet file', async () => {
    const path = await dir.write(
      'rows.parquet',
      writeParquet(
        { prompt: { type: 'utf8', values: ['one', 'two', 'three'] } },
        { compression: 'snappy' },
      ),
    );
    const target = await start();
    const require = createRequire(join(import.meta.dirname, '..', '..', 'package.json'));
    const built = require('inferbench') as { runBenchmark: typeof runBenchmark };
    const report = await built.runBenchmark({
      target,
      data: path,
      profile: 'synchronous',
      maxRequests: 9,
    });
    expect(report.benchmarks[0]!.requestCounts.successful).toBe(3);
    expect(
      generations().map((request) => (request.body as { messages: unknown }).messages),
    ).toEqual([
      [{ role: 'user', content: 'one' }],
      [{ role: 'user', content: 'two' }],
      [{ role: 'user', content: 'three' }],
    ]);
  });
});
