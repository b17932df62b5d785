import { afterEach, describe, expect, it } from 'vitest';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import {
  startRecordingProxy,
  streamedText,
  type RecordedRequest,
  type RecordingProxy,
} from '../helpers/recording-proxy.js';

let mock: MockServer | undefined;
let proxy: RecordingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await mock?.close();
  proxy = undefined;
  mock = undefined;
});

async function start(options: MockServerOptions = {}): Promise<string> {
  mock = await createMockServer({ ttftMs: 1, itlMs: 1, ...options });
  proxy = await startRecordingProxy(mock.url);
  return proxy.url;
}

interface Message {
  role: string;
  content: string;
}

/** The chat completions the server received, each with its messages and streamed answer. */
function chatTurns(): Array<{ messages: Message[]; answer: string }> {
  return proxy!.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request: RecordedRequest) => ({
      messages: (request.body as { messages: Message[] }).messages,
      answer: streamedText(request.response ?? ''),
    }));
}

/** A conversation of `turns` turns whose user messages say `<name> turn <k>`. */
function conversation(name: string, turns: number): RequestSample {
  return {
    prompt: `${name} turn 0`,
    outputTokens: 4,
    turns: Array.from({ length: turns }, (_, k) => ({
      content: `${name} turn ${k}`,
      outputTokens: 4,
    })),
  };
}

/** A data source of the given samples, in order, ending after them. */
function listSource(samples: RequestSample[]): DataSource {
  return {
    name: 'conversations',
    prepare: async () => undefined,
    samples: () => samples[Symbol.iterator](),
  };
}

describe('multi-turn conversations', () => {
  it('sends each turn with the growing history of the real answers, one session per slot', async () => {
    const target = await start();
    const report = await runBenchmark({
      target,
      data: 'prompt_tokens=12,output_tokens=6,turns=3',
      profile: 'concurrent',
      rate: 1,
      maxRequests: 9,
      retainRequests: true,
      // The untimed probe is a chat completion too; the test reads only the benchmark's.
      probe: false,
      tokenizer: 'word',
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts.successful).toBe(9);
    const turns = chatTurns();
    expect(turns).toHaveLength(9);
    // One slot: the three turns of a conversation go out back to back, in order.
    for (let conversation = 0; conversation < 3; conversation++) {
      const [first, second, third] = turns.slice(conversation * 3, conversation * 3 + 3);
      expect(first!.messages).toHaveLength(1);
      expect(second!.messages).toHaveLength(3);
      expect(third!.messages).toHaveLength(5);
      // Every answer is non-empty, and is carried verbatim by the next turn's history.
      expect(first!.answer.length).toBeGreaterThan(0);
      expect(second!.messages.slice(0, 2)).toEqual([
        first!.messages[0],
        { role: 'assistant', content: first!.answer },
      ]);
      expect(third!.messages.slice(0, 4)).toEqual([
        ...second!.messages,
        { role: 'assistant', content: second!.answer },
      ]);
      const users = third!.messages.filter((message) => message.role === 'user');
      expect(new Set(users.map((message) => message.content)).size).toBe(3);
    }
    // Conversations differ from one another.
    expect(turns[0]!.messages[0]).not.toEqual(turns[3]!.messages[0]);
    const requests = [...benchmark.requests!].sort((a, b) => a.index - b.index);
    expect(requests.map((request) => request.turnIndex)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(benchmark.turns?.map((turn) => [turn.turnIndex, turn.requests])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(benchmark.turns?.[2]?.ttftMs.count).toBe(3);
  });

  it('finishes the conversations already started when the data ends', async () => {
    const target = await start();
    const data = listSource([conversation('a', 4), conversation('b', 2), conversation('c', 3)]);
    const report = await runBenchmark({
      target,
      data,
      profile: 'concurrent',
      rate: 2,
      maxRequests: 100,
      retainRequests: true,
      // The untimed probe is a chat completion too; the test reads only the benchmark's.
      probe: false,
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.stopReason).toBe('data-exhausted');
    expect(benchmark.requestCounts.successful).toBe(9);
    const lastUser = chatTurns().map((turn) => turn.messages.at(-1)!.content);
    expect(lastUser.filter((text) => text.startsWith('a '))).toEqual([
      'a turn 0',
      'a turn 1',
      'a turn 2',
      'a turn 3',
    ]);
    expect(lastUser.filter((text) => text.startsWith('c '))).toEqual([
      'c turn 0',
      'c turn 1',
      'c turn 2',
    ]);
  });

  it('ends a conversation at its failed turn: the turns after it are never sent', async () => {
    // The server fails the second generation request it receives: conversation a's turn 1.
    const target = await start({
      faults: [{ type: 'http_error', status: 500, requestIndices: [1] }],
    });
    const report = await runBenchmark({
      target,
      data: listSource([conversation('a', 4), conversation('b', 2)]),
      profile: 'synchronous',
      maxRequests: 100,
      retainRequests: true,
      probe: false,
      maxInitialFailures: 0,
    });
    const benchmark = report.benchmarks[0]!;
    const lastUser = chatTurns().map((turn) => turn.messages.at(-1)!.content);
    expect(lastUser).toEqual(['a turn 0', 'a turn 1', 'b turn 0', 'b turn 1']);
    expect(benchmark.requestCounts).toMatchObject({ successful: 3, errored: 1 });
    const requests = [...benchmark.requests!].sort((a, b) => a.index - b.index);
    expect(requests.map((request) => [request.turnIndex, request.status])).toEqual([
      [0, 'successful'],
      [1, 'errored'],
      [0, 'successful'],
      [1, 'successful'],
    ]);
  });

  it('open loop: conversations start at the rate, and each follow-up turn carries its own history', async () => {
    const target = await start();
    const report = await runBenchmark({
      target,
      data: 'prompt_tokens=10,output_tokens=5,turns=3',
      profile: 'constant',
      rate: 40,
      maxConcurrency: 4,
      maxRequests: 12,
      retainRequests: true,
      probe: false,
      tokenizer: 'word',
    });
    const benchmark = report.benchmarks[0]!;
    expect(benchmark.requestCounts.successful).toBe(12);
    const turns = chatTurns();
    // Each follow-up extends, with the real answer, the earlier turn of its own conversation.
    const byHistory = new Map(turns.map((turn) => [JSON.stringify(turn.messages), turn]));
    let followUps = 0;
    for (const turn of turns) {
      if (turn.messages.length === 1) continue;
      followUps++;
      const previous = byHistory.get(JSON.stringify(turn.messages.slice(0, -2)));
      expect(previous).toBeDefined();
      expect(turn.messages.at(-2)).toEqual({ role: 'assistant', content: previous!.answer });
    }
    // A live conversation holds its slot: with at most 4 at a time, s starts leave 12 - s
    // follow-ups, at least two per conversation finished (s - 4), so s <= 6.
    expect(followUps).toBeGreaterThanOrEqual(6);
    const counts = benchmark.turns!.map((entry) => entry.requests);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12);
  });
});
