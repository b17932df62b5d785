import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Tokenizer } from '../../src/spec/tokenizer.js';

/**
 * Servers that answer tokenize requests in the shapes of SGLang, llama.cpp and TGI (as their
 * sources define them), backed by a real tokenizer, for the dialects the mock server (vLLM's
 * shape) does not cover:
 * - SGLang: `POST /tokenize` `{ prompt: string | string[], add_special_tokens }` →
 *   `{ tokens, count, max_model_len }` (lists for a list), `POST /detokenize` `{ tokens }` → `{ text }`;
 * - llama.cpp: `POST /tokenize` `{ content, add_special }` → `{ tokens }` (`[]` without
 *   `content`), `POST /detokenize` `{ tokens }` → `{ content }`, `GET /props` with `n_ctx`;
 * - TGI: `POST /tokenize` `{ inputs }` → `[{ id, text, start, stop }]` with a zero-width BOS
 *   first, `422` for any other body, `GET /info` with `max_total_tokens`; no detokenize.
 */
export type FakeTokenizeDialect = 'sglang' | 'llama.cpp' | 'tgi';

/** A running fake. */
export interface FakeTokenizeServer {
  url: string;
  /** Paths requested so far. */
  readonly paths: string[];
  close(): Promise<void>;
}

const BOS = 1;

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
  });
}

/** Character offsets of each token, from the lengths of their texts (exact for byte-level BPE on ASCII). */
function offsetsOf(tokenizer: Tokenizer, ids: number[]): Array<[number, number]> {
  const offsets: Array<[number, number]> = [];
  let previous = 0;
  for (const id of ids) {
    const end = previous + tokenizer.decode([id]).length;
    offsets.push([previous, end]);
    previous = end;
  }
  return offsets;
}

async function handle(
  dialect: FakeTokenizeDialect,
  tokenizer: Tokenizer,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = request.url ?? '/';
  if (request.method === 'GET') {
    if (dialect === 'llama.cpp' && path === '/props') {
      json(response, 200, { default_generation_settings: { n_ctx: 8192 }, total_slots: 1 });
    } else if (dialect === 'tgi' && path === '/info') {
      json(response, 200, { model_id: 'fake', max_input_tokens: 4095, max_total_tokens: 4096 });
    } else {
      json(response, 404, { error: 'Not Found' });
    }
    return;
  }
  const body = await readJson(request);
  if (dialect === 'sglang' && (path === '/tokenize' || path === '/v1/tokenize')) {
    const prompt = body.prompt;
    if (typeof prompt === 'string') {
      const tokens = tokenizer.encode(prompt);
      json(response, 200, { tokens, count: tokens.length, max_model_len: 32768 });
    } else if (Array.isArray(prompt)) {
      const tokens = (prompt as string[]).map((text) => tokenizer.encode(text));
      json(response, 200, { tokens, count: tokens.map((t) => t.length), max_model_len: 32768 });
    } else {
      json(response, 400, {
        object: 'error',
        message: 'Invalid prompt type',
        type: 'BadRequest',
        code: 400,
      });
    }
    return;
  }
  if (dialect === 'sglang' && (path === '/detokenize' || path === '/v1/detokenize')) {
    const tokens = body.tokens as number[] | number[][];
    const text = Array.isArray(tokens[0])
      ? (tokens as number[][]).map((ids) => tokenizer.decode(ids))
      : tokenizer.decode(tokens as number[]);
    json(response, 200, { text });
    return;
  }
  if (dialect === 'llama.cpp' && path === '/tokenize') {
    json(response, 200, {
      tokens: typeof body.content === 'string' ? tokenizer.encode(body.content) : [],
    });
    return;
  }
  if (dialect === 'llama.cpp' && path === '/detokenize') {
    json(response, 200, { content: tokenizer.decode((body.tokens as number[] | undefined) ?? []) });
    return;
  }
  if (dialect === 'tgi' && path === '/tokenize') {
    if (typeof body.inputs !== 'string') {
      json(response, 422, {
        error: 'Failed to deserialize the JSON body into the target type: missing field `inputs`',
      });
      return;
    }
    const ids = tokenizer.encode(body.inputs);
    const tokens = [
      { id: BOS, text: '', start: 0, stop: 0 },
      ...offsetsOf(tokenizer, ids).map(([start, stop], i) => ({
        id: ids[i]!,
        text: body.inputs!.toString().slice(start, stop),
        start,
        stop,
      })),
    ];
    json(response, 200, tokens);
    return;
  }
  json(response, 404, { error: 'Not Found' });
}

/** Starts a fake tokenize server of one dialect on loopback. */
export async function startFakeTokenizeServer(
  dialect: FakeTokenizeDialect,
  tokenizer: Tokenizer,
): Promise<FakeTokenizeServer> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '/');
    void handle(dialect, tokenizer, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
