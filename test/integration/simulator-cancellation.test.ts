import { describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import { type SpawnedMockServer } from '../helpers/spawn-mock-server.js';
import { contentFrames, postStream, waitFor } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
let spawned: SpawnedMockServer | undefined;
const mocks = useMockServers();

const chat = (maxTokens: number) => ({
  model: 'mock-model',
  messages: [{ role: 'user', content: 'one two three four five six seven eight' }],
  max_tokens: maxTokens,
  ignore_eos: true,
  stream: true,
});

/** Milliseconds from sending a streamed request to its first generated token. */
async function ttftMs(url: string): Promise<number> {
  const result = await postStream(`${url}/v1/chat/completions`, chat(2));
  return contentFrames(result.frames)[0]!.atMs - result.startMs;
}

describe('engine simulator: cancelled requests', () => {
  it('leave the queue and their slots at once, so the next request finds an idle engine', async () => {
    // Long steps make a lazy drop visible: a cancelled sequence that stayed until its step ended,
    // or a queued one until the next admission, would hold the engine for up to 300 ms.
    server = await mocks.start({
      simulate: {
        maxBatch: 4,
        prefillMsBase: 10,
        prefillMsPerToken: 0,
        decodeStepMs: 300,
        decodeStepMsPerSequence: 0,
      },
    });
    const url = server.url;
    const idle = await ttftMs(url);
    const controllers = Array.from({ length: 12 }, () => new AbortController());
    const pending = controllers.map((controller) =>
      postStream(`${url}/v1/chat/completions`, chat(50), { signal: controller.signal }).catch(
        () => undefined,
      ),
    );
    const simulator = (): NonNullable<MockServer['simulator']> => server!.simulator!;
    expect(await waitFor(() => simulator().running === 4 && simulator().waiting === 8)).toBe(true);
    for (const controller of controllers) controller.abort();
    await Promise.all(pending);
    // Every close has reached the server: the engine must already be empty.
    expect(await waitFor(() => server!.stats.inFlight === 0)).toBe(true);
    expect(simulator()).toMatchObject({ running: 0, waiting: 0 });
    const after = await ttftMs(url);
    expect(after).toBeLessThan(idle + 40);
    expect(after).toBeLessThan(100);
  });

  it('do not slow the first request of the next benchmark (defaults, mock in its own process)', async () => {
    spawned = await mocks.spawn(['--simulate']);
    // 300 streams on 21 slots for 1.5 s: the benchmark ends cancelling about 280 requests.
    const report = await runBenchmark({
      target: spawned.url,
      data: 'prompt_tokens=256,output_tokens=128',
      profile: 'concurrent',
      rate: [300, 1],
      maxSeconds: 1.5,
      retainRequests: true,
    });
    const [crowded, single] = report.benchmarks;
    expect(crowded!.requestCounts.incomplete).toBeGreaterThan(200);
    const requests = single!.requests!.filter((request) => request.status === 'successful');
    expect(requests.length).toBeGreaterThan(0);
    const ttfts = requests.map((request) => request.firstTokenAt! - request.dispatchedAt!);
    // Idle, the first token takes ≈ 31 ms (a 28.6 ms prefill and the round trip).
    expect(ttfts[0]).toBeLessThan(45);
    expect(Math.max(...ttfts)).toBeLessThan(45);
  }, 20_000);
});
