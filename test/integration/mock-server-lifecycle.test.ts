import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createMockServer, type MockServer } from '../../src/mock-server/index.js';
import { InferbenchError } from '../../src/errors.js';
import { postStream, waitFor } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
const mocks = useMockServers();

const longStream = {
  messages: [{ role: 'user', content: 'go' }],
  stream: true,
  max_tokens: 10_000,
  ignore_eos: true,
};

describe('mock server lifecycle', () => {
  it('stops a stream’s paced writes when the client aborts mid-stream', async () => {
    server = await mocks.start({ ttftMs: 5, itlMs: 5 });
    const controller = new AbortController();
    let frames = 0;
    const pending = postStream(`${server.url}/v1/chat/completions`, longStream, {
      signal: controller.signal,
      onFrame: () => {
        frames++;
        if (frames === 5) controller.abort();
      },
    });
    await expect(pending).rejects.toThrow();
    expect(await waitFor(() => server!.stats.inFlight === 0)).toBe(true);
    expect(server.stats.pendingWrites).toBe(0);
    expect(server.stats.aborted).toBe(1);
    const streamed = server.stats.streamedTokens;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing more was written after the abort was noticed.
    expect(server.stats.streamedTokens).toBe(streamed);
    expect(streamed).toBeLessThan(20);
  });

  it('stops a non-streaming request’s timer when the client aborts', async () => {
    server = await mocks.start({ ttftMs: 5_000 });
    const controller = new AbortController();
    const pending = request(`${server.url}/v1/completions`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'x' }),
      signal: controller.signal,
    });
    expect(await waitFor(() => server!.stats.pendingWrites === 1)).toBe(true);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(
      await waitFor(() => server!.stats.inFlight === 0 && server!.stats.pendingWrites === 0),
    ).toBe(true);
  });

  it('closes promptly with active streams and idle keep-alive sockets', async () => {
    server = await mocks.start({ ttftMs: 1, itlMs: 20 });
    await fetch(`${server.url}/health`).then((response) => response.text()); // an idle keep-alive socket
    const streams = Array.from({ length: 4 }, () =>
      postStream(`${server!.url}/v1/chat/completions`, longStream).catch((error: unknown) => error),
    );
    expect(await waitFor(() => server!.stats.streamedTokens >= 8)).toBe(true);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.stats.pendingWrites).toBe(0);
    await Promise.all(streams);
    await server.close(); // a second close is harmless
  });

  it('rejects invalid options and a port in use with ERR_INVALID_ARGS', async () => {
    await expect(createMockServer({ itlMs: -1 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGS',
      field: 'itlMs',
      message: 'itlMs: expected a number >= 0, received -1',
    });
    await expect(createMockServer({ outputTokens: 2.5 })).rejects.toBeInstanceOf(InferbenchError);
    server = await mocks.start();
    await expect(createMockServer({ port: server.port })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGS',
      field: 'port',
    });
  });

  it('counts in-flight requests and keeps the maximum', async () => {
    server = await mocks.start({ ttftMs: 30 });
    const body = { prompt: 'x', max_tokens: 1 };
    await Promise.all(
      Array.from({ length: 5 }, () =>
        request(`${server!.url}/v1/completions`, {
          method: 'POST',
          body: JSON.stringify(body),
        }).then((response) => response.body.text()),
      ),
    );
    expect(await waitFor(() => server!.stats.inFlight === 0)).toBe(true);
    expect(server.stats.maxInFlight).toBe(5);
    expect(server.stats.requests).toBe(5);
    server.resetStats();
    expect(server.stats.requests).toBe(0);
    expect(server.stats.maxInFlight).toBe(0);
  });
});
