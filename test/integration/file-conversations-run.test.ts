import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InferbenchError } from '../../src/errors.js';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { createDataDir, type DataDir } from '../helpers/data-files.js';
import {
  startRecordingProxy,
  streamedText,
  type RecordingProxy,
} from '../helpers/recording-proxy.js';

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

interface Message {
  role: string;
  content: string;
}

/** Recorded answers all say this: none of them may reach the server. */
const RECORDED = 'RECORDED ANSWER';

/** Three recorded chats (two, three and one user messages) and a plain prompt row. */
const ROWS = [
  {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'a0: name a colour' },
      { role: 'assistant', content: `${RECORDED} a0` },
      { role: 'user', content: 'a1: and another' },
      { role: 'assistant', content: `${RECORDED} a1` },
    ],
    output_tokens_count: 5,
  },
  {
    messages: [
      { role: 'user', content: 'b0: count' },
      { role: 'assistant', content: `${RECORDED} b0` },
      { role: 'user', content: 'b1: go on' },
      { role: 'assistant', content: `${RECORDED} b1` },
      { role: 'user', content: 'b2: stop' },
    ],
    output_tokens_count: 3,
  },
  {
    messages: [
      { role: 'user', content: 'c0: one question only' },
      { role: 'assistant', content: `${RECORDED} c0` },
    ],
    output_tokens_count: 4,
  },
];

async function start(): Promise<string> {
  mock = await createMockServer({ ttftMs: 1, itlMs: 1 });
  proxy = await startRecordingProxy(mock.url);
  return proxy.url;
}

/** The chat completions the server received, each with its messages, budget and answer. */
function received(): Array<{ messages: Message[]; maxTokens: unknown; answer: string }> {
  return proxy!.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => {
      const body = request.body as { messages: Message[]; max_tokens?: unknown };
      return {
        messages: body.messages,
        maxTokens: body.max_tokens,
        answer: streamedText(request.response ?? ''),
      };
    });
}

describe('conversations from a data file', () => {
  it('replays each chat row turn by turn with the real answers, never the recorded ones', async () => {
    const path = await dir.write('chats.jsonl', ROWS.map((row) => JSON.stringify(row)).join('\n'));
    const target = await start();
    const run = () =>
      runBenchmark({
        target,
        data: path,
        profile: 'synchronous',
        maxRequests: 100,
        retainRequests: true,
        probe: false,
      });
    const report = await run();
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('data-exhausted');
    // 2 + 3 turns, and one single request for the row with one user message.
    expect(benchmark.requestCounts.successful).toBe(6);
    const turns = received();
    expect(turns).toHaveLength(6);
    const [a0, a1, b0, b1, b2, c0] = turns;
    for (const turn of turns) {
      expect(turn.answer.length).toBeGreaterThan(0);
      expect(JSON.stringify(turn.messages)).not.toContain(RECORDED);
    }
    expect(a0!.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'a0: name a colour' },
    ]);
    expect(a1!.messages).toEqual([
      ...a0!.messages,
      { role: 'assistant', content: a0!.answer },
      { role: 'user', content: 'a1: and another' },
    ]);
    expect(b0!.messages).toEqual([{ role: 'user', content: 'b0: count' }]);
    expect(b1!.messages).toEqual([
      ...b0!.messages,
      { role: 'assistant', content: b0!.answer },
      { role: 'user', content: 'b1: go on' },
    ]);
    expect(b2!.messages).toEqual([
      ...b1!.messages,
      { role: 'assistant', content: b1!.answer },
      { role: 'user', content: 'b2: stop' },
    ]);
    expect(c0!.messages).toEqual([{ role: 'user', content: 'c0: one question only' }]);
    // The row's output count is every turn's budget.
    expect(turns.map((turn) => turn.maxTokens)).toEqual([5, 5, 3, 3, 3, 4]);
    const requests = [...benchmark.requests!].sort((a, b) => a.index - b.index);
    expect(requests.map((request) => request.turnIndex)).toEqual([0, 1, 0, 1, 2, 0]);
    expect(benchmark.turns?.map((turn) => [turn.turnIndex, turn.requests])).toEqual([
      [0, 3],
      [1, 2],
      [2, 1],
    ]);
    // The hash covers what the data decided: the same file gives the same hash again.
    const hash = report.data?.contentHash;
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.data?.requests).toBe(6);
    const again = await run();
    expect(again.data?.contentHash).toBe(hash);
  });

  it('fails a run with workers at the first conversation, before sending it', async () => {
    const path = await dir.write(
      'mixed.jsonl',
      [{ prompt: 'single first', output_tokens_count: 2 }, ROWS[0]]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const target = await start();
    let error: unknown;
    try {
      await runBenchmark({
        target,
        data: path,
        profile: 'synchronous',
        maxRequests: 10,
        workers: 2,
        probe: false,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InferbenchError);
    expect((error as InferbenchError).code).toBe('ERR_INVALID_ARGS');
    expect((error as Error).message).toMatch(/^workers: conversations .* expected workers: 1/);
    const sent = received().map((turn) => turn.messages.at(-1)!.content);
    expect(sent).toEqual(['single first']);
  });
});
