import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';

import { createOpenAIHttpBackend } from '../../src/backends/openai-http.js';
import type { OpenAIHttpBackendOptions } from '../../src/backends/openai-http.js';
import type { Backend, BackendStreamPart } from '../../src/spec/backend.js';
import { useHttpServers } from '../helpers/http-servers.js';
import { chatChunk, sse } from '../helpers/sse-chunks.js';

/**
 * The OpenAI backend's request path as undici dispatch handlers: one listener per signal
 * however many requests share it, aborts that reach requests still queued in the pool, error
 * bodies read only as far as their message, connections kept after `[DONE]`, a throwing
 * `onPart` surfaced as the caller's bug.
 */
const http = useHttpServers();
const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((created) => created.close()));
});

function backend(options: OpenAIHttpBackendOptions): Backend {
  const created = createOpenAIHttpBackend({ model: 'm', ...options });
  backends.push(created);
  return created;
}

function stream(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(body);
}

/** Sends one request and collects its parts; `done` resolves when `send` does. */
function start(
  target: Backend,
  signal: AbortSignal,
  onEach?: (part: BackendStreamPart) => void,
): { parts: BackendStreamPart[]; done: Promise<void> } {
  const parts: BackendStreamPart[] = [];
  const done = target.send(
    { prompt: 'Hello', outputTokens: 4 },
    { signal, onPart: (part) => (parts.push(part), onEach?.(part)) },
  );
  return { parts, done };
}

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  const until = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the OpenAI backend on undici dispatch handlers', () => {
  it('adds one abort listener to a signal that 20 requests in flight share, and none once they end', async () => {
    const held: ServerResponse[] = [];
    const server = await http.listen((_req, res) => {
      stream(res, sse(chatChunk('a')));
      held.push(res);
    });
    const target = backend({ target: server.url });
    const controller = new AbortController();
    const before = getEventListeners(controller.signal, 'abort').length;
    const runs = Array.from({ length: 20 }, () => start(target, controller.signal));
    await waitFor(() => runs.every((run) => run.parts.length === 2), 'every first token');
    expect(getEventListeners(controller.signal, 'abort').length - before).toBe(1);
    for (const res of held.splice(0, 10)) res.end(sse('[DONE]'));
    await Promise.all(runs.slice(0, 10).map((run) => run.done));
    expect(getEventListeners(controller.signal, 'abort').length - before).toBe(1);
    const abortedAt = performance.now();
    controller.abort();
    await Promise.all(runs.map((run) => run.done));
    expect(performance.now() - abortedAt).toBeLessThan(500);
    expect(getEventListeners(controller.signal, 'abort').length).toBe(before);
    // Aborted requests end without an error part: their parts stop at the first token.
    for (const run of runs.slice(10))
      expect(run.parts.map((part) => part.type)).toEqual(['headers', 'text']);
  });

  it('ends a request aborted while it waits in the pool for a connection, and never sends it', async () => {
    const held: ServerResponse[] = [];
    const server = await http.listen((_req, res) => {
      stream(res, sse(chatChunk('a')));
      held.push(res);
    });
    const target = backend({ target: server.url, maxConnections: 1 });
    const first = start(target, new AbortController().signal);
    await waitFor(() => first.parts.length === 2, 'the first request to stream');
    const queued = new AbortController();
    const second = start(target, queued.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.parts).toEqual([]);
    queued.abort();
    await second.done;
    expect(second.parts).toEqual([]);
    for (const res of held) res.end(sse('[DONE]'));
    await first.done;
    // The connection comes free for the next request; the aborted one never reached the server.
    const third = start(target, new AbortController().signal);
    await waitFor(() => held.length === 2, 'the third request to arrive');
    held[1]!.end(sse('[DONE]'));
    await third.done;
    expect(server.requests().filter((line) => line.startsWith('POST'))).toHaveLength(2);
  });

  it('reads an error body only as far as its message and ends the request', async () => {
    const server = await http.listen((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      // A message, then far more than anyone should read; the body never ends on its own.
      res.write(`{"error":{"message":"the engine failed"},"padding":"${'x'.repeat(200_000)}`);
    });
    const run = start(backend({ target: server.url }), new AbortController().signal);
    await run.done;
    expect(run.parts).toEqual([
      { type: 'headers', httpStatus: 500 },
      {
        type: 'error',
        code: 'HTTP_ERROR',
        httpStatus: 500,
        message: expect.stringMatching(/^HTTP 500: \{"error":\{"message":"the engine failed"\}/),
      },
    ]);
  });

  it('keeps the connection after [DONE] while the rest of the body drains', async () => {
    const server = await http.listen((_req, res) => {
      stream(res, sse(chatChunk('a')) + sse('[DONE]'));
      // Bytes after [DONE] are read and dropped: the request has already ended.
      setTimeout(() => res.end(sse(chatChunk('late'))), 30);
    });
    const target = backend({ target: server.url, maxConnections: 1 });
    for (let i = 0; i < 3; i++) {
      const run = start(target, new AbortController().signal);
      await run.done;
      expect(run.parts.map((part) => part.type)).toEqual(['headers', 'text']);
    }
    expect(target.connectionsOpened).toBe(1);
  });

  it('emits the headers part before any of the body has arrived', async () => {
    let headersSeen!: () => void;
    const seen = new Promise<void>((resolve) => (headersSeen = resolve));
    const server = await http.listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      // Deadlocks if the client waits for a body byte before it stamps the headers.
      void seen.then(() => res.end(sse(chatChunk('a')) + sse('[DONE]')));
    });
    const run = start(backend({ target: server.url }), new AbortController().signal, (part) => {
      if (part.type === 'headers') headersSeen();
    });
    await run.done;
    expect(run.parts.map((part) => part.type)).toEqual(['headers', 'text']);
  });

  it('rejects the send when onPart throws, and the backend serves the next request', async () => {
    const server = await http.listen((_req, res) => {
      stream(res, sse(chatChunk('a')) + sse(chatChunk('b')));
      res.end(sse('[DONE]'));
    });
    const target = backend({ target: server.url });
    const bug = new Error('a bug in the caller');
    const failing = start(target, new AbortController().signal, (part) => {
      if (part.type === 'text') throw bug;
    });
    await expect(failing.done).rejects.toBe(bug);
    const next = start(target, new AbortController().signal);
    await next.done;
    expect(next.parts.map((part) => part.type)).toEqual(['headers', 'text', 'text']);
  });
});
