import { describe, expect, it } from 'vitest';
import { type MockServer, type MockServerOptions } from '../../src/mock-server/index.js';
import { contentFrames, postStream, sendJson } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();

function start(options: MockServerOptions): Promise<MockServer> {
  return mocks.start(options);
}

async function drawnLengths(server: MockServer, count: number): Promise<number[]> {
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) {
    const { json } = await sendJson(`${server.url}/v1/completions`, 'POST', { prompt: 'x' });
    lengths.push((json as { usage: { completion_tokens: number } }).usage.completion_tokens);
  }
  return lengths;
}

function stdDev(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

describe('mock server jitter', () => {
  const lengthJitter = { ttftMs: 0, itlMs: 0, outputTokens: 40, outputTokensStd: 10 };

  it('draws the same output lengths for the same seed, and others for another seed', async () => {
    const first = await drawnLengths(await start({ ...lengthJitter, seed: 7 }), 20);
    const second = await drawnLengths(await start({ ...lengthJitter, seed: 7 }), 20);
    const other = await drawnLengths(await start({ ...lengthJitter, seed: 8 }), 20);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.every((length) => Number.isInteger(length) && length >= 1)).toBe(true);
  });

  it('spreads output lengths around the mean when std > 0, never below 1 token', async () => {
    const lengths = await drawnLengths(await start({ ...lengthJitter, seed: 1 }), 60);
    expect(new Set(lengths).size).toBeGreaterThan(10);
    expect(stdDev(lengths)).toBeGreaterThan(5);
    expect(stdDev(lengths)).toBeLessThan(15);
    const mean = lengths.reduce((sum, value) => sum + value, 0) / lengths.length;
    expect(Math.abs(mean - 40)).toBeLessThan(6);
    const tiny = await drawnLengths(
      await start({ ttftMs: 0, itlMs: 0, outputTokens: 1, outputTokensStd: 5 }),
      20,
    );
    expect(Math.min(...tiny)).toBe(1);
  });

  it('jitters TTFT and ITL when their std is > 0', async () => {
    const server = await start({ ttftMs: 20, ttftMsStd: 8, itlMs: 4, itlMsStd: 2, seed: 3 });
    const ttfts: number[] = [];
    const gaps: number[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await postStream(`${server.url}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
        max_tokens: 10,
        ignore_eos: true,
      });
      const content = contentFrames(result.frames);
      ttfts.push(content[0]!.atMs - result.startMs);
      for (let j = 1; j < content.length; j++) gaps.push(content[j]!.atMs - content[j - 1]!.atMs);
    }
    expect(stdDev(ttfts)).toBeGreaterThan(3);
    expect(stdDev(gaps)).toBeGreaterThan(1);
  });
});
