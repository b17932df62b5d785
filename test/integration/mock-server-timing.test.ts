import { describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import { contentFrames, median, postStream, type StreamResult } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
const mocks = useMockServers();

function chatBody(tokens: number): unknown {
  return {
    model: 'mock-model',
    messages: [{ role: 'user', content: 'hello there' }],
    stream: true,
    max_tokens: tokens,
    ignore_eos: true,
  };
}

function measure(results: readonly StreamResult[]): { ttfts: number[]; itls: number[] } {
  const ttfts: number[] = [];
  const itls: number[] = [];
  for (const result of results) {
    const content = contentFrames(result.frames);
    ttfts.push(content[0]!.atMs - result.startMs);
    for (let i = 1; i < content.length; i++) itls.push(content[i]!.atMs - content[i - 1]!.atMs);
  }
  return { ttfts, itls };
}

// Client and server share this process and the machine; a burst of other work can shift one
// run's medians, so a timing test gets two more tries before it counts as failed.
describe('mock server pacing', { retry: 2 }, () => {
  it('paces one stream at the configured TTFT and ITL', async () => {
    server = await mocks.start({ ttftMs: 50, itlMs: 10 });
    const url = `${server.url}/v1/chat/completions`;
    await postStream(url, chatBody(2)); // warm the connection and the JIT
    const results: StreamResult[] = [];
    for (let i = 0; i < 5; i++) results.push(await postStream(url, chatBody(30)));
    const { ttfts, itls } = measure(results);
    console.log(
      `single: ttft median ${median(ttfts).toFixed(2)} ms, itl median ${median(itls).toFixed(3)} ms`,
    );
    expect(Math.abs(median(ttfts) - 50)).toBeLessThanOrEqual(3);
    expect(Math.abs(median(itls) - 10)).toBeLessThanOrEqual(1);
    // Never early: the client clock starts before the server's, so no TTFT can be below 50.
    expect(Math.min(...ttfts)).toBeGreaterThanOrEqual(50);
    // No drift: the whole stream lasts TTFT + 29 gaps, within a few ms.
    for (const result of results) {
      const content = contentFrames(result.frames);
      expect(content[29]!.atMs - result.startMs).toBeGreaterThanOrEqual(50 + 29 * 10 - 1);
      expect(content[29]!.atMs - result.startMs).toBeLessThan(50 + 29 * 10 + 10);
    }
  });

  it('keeps TTFT and ITL medians within tolerance at 16 concurrent streams', async () => {
    server = await mocks.start({ ttftMs: 50, itlMs: 10 });
    const url = `${server.url}/v1/chat/completions`;
    for (let warm = 0; warm < 2; warm++) {
      await Promise.all(Array.from({ length: 16 }, () => postStream(url, chatBody(5))));
    }
    const results: StreamResult[] = [];
    // Starts 3 ms apart, so all 16 streams run at once but the client's own cost of sending 16
    // requests in one instant is not mistaken for the server's pacing.
    for (let round = 0; round < 2; round++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 16 }, async (_, i) => {
            await new Promise((resolve) => setTimeout(resolve, i * 3));
            return postStream(url, chatBody(40));
          }),
        )),
      );
    }
    expect(server.stats.maxInFlight).toBeGreaterThanOrEqual(16);
    const { ttfts, itls } = measure(results);
    expect(Math.abs(median(ttfts) - 50)).toBeLessThanOrEqual(3);
    expect(Math.abs(median(itls) - 10)).toBeLessThanOrEqual(1);
    expect(Math.min(...ttfts)).toBeGreaterThanOrEqual(50);
  });
});
