import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { createOpenAIHttpBackend } from '../../src/backends/openai-http.js';
import type { OpenAIHttpBackendOptions } from '../../src/backends/openai-http.js';
import { InferbenchError } from '../../src/errors.js';
import type { Backend, BackendRequest, BackendStreamPart } from '../../src/spec/backend.js';
import { chatChunk, sse } from '../helpers/sse-chunks.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void | Promise<void>;

const servers: Server[] = [];
const backends: Backend[] = [];

afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** Starts a loopback server; every request it sees is recorded with its parsed JSON body. */
async function serve(handler: Handler): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>),
      };
      seen.push(entry);
      void handler(req, res, entry);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const usageChunk = {
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
}

/** A server that answers models with `m` and streams two words, usage and [DONE]. */
const happy: Handler = (req, res) => {
  if (req.url?.includes('/models') === true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'model-a' }, { id: 'model-b' }] }));
    return;
  }
  startStream(res);
  res.end(sse(chatChunk('Hi')) + sse(chatChunk(' there')) + sse(usageChunk) + sse('[DONE]'));
};

function backend(options: OpenAIHttpBackendOptions): Backend {
  const created = createOpenAIHttpBackend(options);
  backends.push(created);
  return created;
}

async function send(
  target: Backend,
  request: BackendRequest = { prompt: 'Hello', outputTokens: 2 },
  signal = new AbortController().signal,
  onEach?: (part: BackendStreamPart) => void,
): Promise<BackendStreamPart[]> {
  const parts: BackendStreamPart[] = [];
  await target.send(request, { signal, onPart: (part) => (parts.push(part), onEach?.(part)) });
  return parts;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('createOpenAIHttpBackend', () => {
  it('resolves prefixed, trailing-/v1 and trailing-slash targets to the right paths', async () => {
    const { base, seen } = await serve(happy);
    const cases: [string, string][] = [
      [base, '/v1/chat/completions'],
      [`${base}/`, '/v1/chat/completions'],
      [`${base}/v1`, '/v1/chat/completions'],
      [`${base}/v1/`, '/v1/chat/completions'],
      [`${base}/proxy`, '/proxy/v1/chat/completions'],
      [`${base}/proxy/v1/?api-version=2`, '/proxy/v1/chat/completions?api-version=2'],
    ];
    for (const [target, path] of cases) {
      await send(backend({ target, model: 'm' }));
      expect(seen.at(-1)?.path, target).toBe(path);
    }
    await backend({ target: `${base}/gw/v1`, routes: { models: 'models/list' } }).prepare();
    expect(seen.at(-1)?.path).toBe('/gw/models/list');
  });

  it('streams text and usage, sending auth, extra headers and the documented body', async () => {
    const { base, seen } = await serve(happy);
    const parts = await send(
      backend({
        target: base,
        model: 'm',
        apiKey: 'sk-secret',
        headers: { 'X-Team': 'bench', Accept: 'text/event-stream; charset=utf-8' },
        extraBody: { temperature: 0, min_tokens: null },
      }),
    );
    expect(parts).toEqual([
      { type: 'headers', httpStatus: 200 },
      { type: 'text', text: 'Hi' },
      { type: 'text', text: ' there' },
      { type: 'usage', promptTokens: 3, outputTokens: 2 },
    ]);
    const request = seen[0] as Seen;
    expect(request.method).toBe('POST');
    expect(request.headers['authorization']).toBe('Bearer sk-secret');
    expect(request.headers['x-team']).toBe('bench');
    expect(request.headers['accept']).toBe('text/event-stream; charset=utf-8');
    expect(request.body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 2,
      max_completion_tokens: 2,
      ignore_eos: true,
      temperature: 0,
    });
  });

  it('discovers the model from /v1/models and keeps secrets out of BackendInfo', async () => {
    const { base, seen } = await serve(happy);
    const target = base.replace('http://', 'http://user:pw@');
    const created = backend({ target, apiKey: 'sk-secret' });
    expect(await created.prepare()).toEqual({
      model: 'model-a',
      url: base,
      servedModels: ['model-a', 'model-b'],
    });
    await send(created);
    expect(seen.map((entry) => entry.path)).toEqual(['/v1/models', '/v1/chat/completions']);
    expect(seen[1]?.body?.['model']).toBe('model-a');
  });

  it('rejects with ERR_MODEL_NOT_FOUND when the server lists no models', async () => {
    const { base } = await serve((_req, res) => {
      res.end('{"object":"list","data":[]}');
    });
    await expect(backend({ target: base }).prepare()).rejects.toMatchObject({
      code: 'ERR_MODEL_NOT_FOUND',
    });
  });

  it('rejects with ERR_TARGET_UNREACHABLE naming the URL when the connection is refused', async () => {
    const { base } = await serve(happy);
    for (const server of servers.splice(0)) server.close();
    const target = base.replace('http://', 'http://user:pw@');
    const error: unknown = await backend({ target, apiKey: 'sk-secret' })
      .prepare()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InferbenchError);
    expect(error).toMatchObject({ code: 'ERR_TARGET_UNREACHABLE', field: 'target' });
    const { message } = error as Error;
    expect(message).toContain(base);
    expect(message).not.toMatch(/sk-secret|pw@/);
    const parts = await send(backend({ target: base, model: 'm' }));
    expect(parts).toMatchObject([{ type: 'error', code: 'CONNECTION_REFUSED' }]);
  });

  it('maps HTTP 429 and 500 to HTTP_ERROR with the status and the server message', async () => {
    const { base } = await serve((req, res) => {
      if (req.url?.startsWith('/a/') === true) {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"Rate limit reached","type":"rate_limit"}}');
      } else {
        res.writeHead(500);
        res.end('Internal Server Error');
      }
    });
    expect(await send(backend({ target: `${base}/a`, model: 'm' }))).toEqual([
      { type: 'headers', httpStatus: 429 },
      {
        type: 'error',
        code: 'HTTP_ERROR',
        httpStatus: 429,
        message: 'HTTP 429: Rate limit reached',
      },
    ]);
    const parts = await send(backend({ target: `${base}/b`, model: 'm' }));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      code: 'HTTP_ERROR',
      httpStatus: 500,
      message: 'HTTP 500: Internal Server Error',
    });
  });

  it('delivers each part as its chunk arrives, never after the whole body', async () => {
    let firstSeen!: () => void;
    const seenByClient = new Promise<void>((resolve) => (firstSeen = resolve));
    const { base } = await serve(async (_req, res) => {
      startStream(res);
      res.write(sse(chatChunk('one')));
      await seenByClient; // deadlocks if the client waits for more before emitting
      res.end(sse(chatChunk('two')));
    });
    const parts = await send(
      backend({ target: base, model: 'm' }),
      undefined,
      undefined,
      (part) => {
        if (part.type === 'text') firstSeen();
      },
    );
    expect(parts.filter((part) => part.type === 'text')).toHaveLength(2);
  });

  it('reports CONNECTION_RESET after the text parts that arrived before a mid-stream reset', async () => {
    const { base } = await serve(async (req, res) => {
      startStream(res);
      res.write(sse(chatChunk('a')) + sse(chatChunk('b')));
      await sleep(50);
      // A FIN (peer closed) and a TCP RST (ECONNRESET) must both count as a reset.
      if (req.url?.startsWith('/rst/') === true) res.socket?.resetAndDestroy();
      else res.socket?.destroy();
    });
    for (const target of [base, `${base}/rst`]) {
      const parts = await send(backend({ target, model: 'm' }));
      expect(parts.map((part) => part.type)).toEqual(['headers', 'text', 'text', 'error']);
      expect(parts.at(-1), target).toMatchObject({ code: 'CONNECTION_RESET' });
    }
  });

  it('resolves promptly without an error part when aborted mid-stream', async () => {
    const { base } = await serve((_req, res) => {
      startStream(res);
      res.write(sse(chatChunk('a'))); // then holds the stream open
    });
    const controller = new AbortController();
    let abortedAt = 0;
    const parts = await send(
      backend({ target: base, model: 'm' }),
      undefined,
      controller.signal,
      () => {
        setTimeout(() => {
          abortedAt = performance.now();
          controller.abort();
        }, 20);
      },
    );
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(parts).toEqual([
      { type: 'headers', httpStatus: 200 },
      { type: 'text', text: 'a' },
    ]);
  });

  it('keeps a stream with long gaps open by default; only our own timeouts cut it', async () => {
    const { base } = await serve(async (_req, res) => {
      startStream(res);
      res.write(sse(chatChunk('a')));
      // undici enforces these limits with timers of about one second resolution.
      await sleep(2000);
      res.end(sse(chatChunk('b')) + sse('[DONE]'));
    });
    const patient = await send(backend({ target: base, model: 'm' }));
    expect(patient.map((part) => part.type)).toEqual(['headers', 'text', 'text']);
    const idle = await send(backend({ target: base, model: 'm', streamIdleTimeoutMs: 200 }));
    expect(idle.map((part) => part.type)).toEqual(['headers', 'text', 'error']);
    expect(idle.at(-1)).toMatchObject({ code: 'TIMEOUT' });
    const whole = await send(backend({ target: base, model: 'm', requestTimeoutMs: 300 }));
    expect(whole.at(-1)).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('300'),
    });
  });

  it('times out waiting for headers only when headersTimeoutMs is set', async () => {
    const { base } = await serve(async (_req, res) => {
      await sleep(1500);
      happy(_req, res, {} as Seen);
    });
    const slow = await send(backend({ target: base, model: 'm', headersTimeoutMs: 100 }));
    expect(slow).toMatchObject([{ type: 'error', code: 'TIMEOUT' }]);
    expect((await send(backend({ target: base, model: 'm' }))).at(-1)).toMatchObject({
      type: 'usage',
    });
  });

  it('reads non-streaming responses and sends stream: false', async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'chat.completion',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'Done.' }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
        }),
      );
    });
    const parts = await send(backend({ target: base, model: 'm', stream: false }));
    expect(parts).toEqual([
      { type: 'headers', httpStatus: 200 },
      { type: 'text', text: 'Done.' },
      { type: 'usage', promptTokens: 4, outputTokens: 2 },
    ]);
    expect(seen[0]?.body).toMatchObject({ stream: false });
    expect(seen[0]?.body).not.toHaveProperty('stream_options');
  });

  it('streams text completions from /v1/completions with max_tokens only', async () => {
    const { base, seen } = await serve((_req, res) => {
      startStream(res);
      const chunk = (text: string): unknown => ({
        object: 'text_completion',
        choices: [{ index: 0, text }],
      });
      // TGI style: no space after "data:"; and no [DONE] before the stream ends.
      res.end(`data:${JSON.stringify(chunk('Once'))}\n\ndata:${JSON.stringify(chunk(' upon'))}\n`);
    });
    const parts = await send(backend({ target: base, model: 'm', requestFormat: 'completions' }));
    expect(parts).toEqual([
      { type: 'headers', httpStatus: 200 },
      { type: 'text', text: 'Once' },
      { type: 'text', text: ' upon' },
    ]);
    expect(seen[0]?.path).toBe('/v1/completions');
    expect(seen[0]?.body).toMatchObject({
      model: 'm',
      prompt: 'Hello',
      max_tokens: 2,
      min_tokens: 2,
    });
    expect(seen[0]?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('turns an in-stream error event into one final STREAM_ERROR part', async () => {
    const { base } = await serve((_req, res) => {
      startStream(res);
      res.end(
        sse(chatChunk('a')) +
          'event: error\ndata: {"error":{"message":"engine died"}}\n\n' +
          sse(chatChunk('never')),
      );
    });
    const parts = await send(backend({ target: base, model: 'm' }));
    expect(parts.slice(1)).toEqual([
      { type: 'text', text: 'a' },
      { type: 'error', code: 'STREAM_ERROR', message: 'engine died' },
    ]);
  });
});
