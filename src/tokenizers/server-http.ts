import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { createRedactor, type Redactor } from '../internal/redactor.js';
import { readCaCert } from '../internal/ca-cert.js';
import { resolveTarget } from '../protocols/openai/target-url.js';
import { InferbenchError } from '../errors.js';

/** Tokenize calls in flight at once against one server. */
export const SERVER_TOKENIZE_CONCURRENCY = 16;
/** Repeats of a call whose connection broke before an answer. */
const RETRIES = 2;
const RETRIED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** What a JSON POST to the server came back with. */
export type JsonAnswer =
  { ok: true; status: number; body: unknown } | { ok: false; status: number; detail: string };

/** A small JSON client for the server's root routes (`/tokenize`, `/detokenize`, `/props`). */
export interface ServerHttp {
  /** The server's base URL without credentials, for messages. */
  readonly displayUrl: string;
  /** Base path before the routes (`''`, or a proxy mount such as `/proxy`). */
  readonly basePath: string;
  post(route: string, body: unknown, signal?: AbortSignal, timeoutMs?: number): Promise<JsonAnswer>;
  get(route: string, signal?: AbortSignal, timeoutMs?: number): Promise<JsonAnswer>;
  close(): Promise<void>;
}

/** How to reach a server for its tokenizer (see `createServerHttp`). */
export interface ServerHttpOptions {
  /** The target, e.g. `http://localhost:8000` or `http://localhost:8000/v1`. */
  target: string;
  /** Bearer token of the server, when it wants one. */
  apiKey?: string | undefined;
  /** Extra headers (gateways). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** @default 30000 */
  timeoutMs?: number | undefined;
  /** Skip TLS certificate verification, as the run's `insecure`. */
  insecure?: boolean | undefined;
  /** A PEM file of CA certificates to trust, as the run's `caCertFile`. */
  caCertFile?: string | undefined;
}

/** Opens a pooled JSON client on the server's origin; routes are relative to its base path. */
export function createServerHttp(options: ServerHttpOptions): ServerHttp {
  const target = resolveTarget(options.target);
  const basePath = new URL(target.displayUrl).pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const authorization =
    options.apiKey === undefined || options.apiKey === ''
      ? target.basicAuthorization
      : `Bearer ${options.apiKey}`;
  if (authorization !== undefined) headers['authorization'] = authorization;
  for (const [name, value] of Object.entries(options.headers ?? {}))
    headers[name.toLowerCase()] = value;
  const redact: Redactor = createRedactor([
    options.apiKey,
    authorization,
    ...Object.values(options.headers ?? {}),
  ]);
  const pool = new Pool(target.origin, {
    connections: SERVER_TOKENIZE_CONCURRENCY,
    connect: {
      rejectUnauthorized: options.insecure !== true,
      ...(options.caCertFile === undefined ? {} : { ca: readCaCert(options.caCertFile) }),
    },
  });
  // One listener on the caller's signal, however many calls are in flight: each call listens on
  // a signal of ours instead, whose listener limit is ours to lift.
  const linked = new WeakMap<AbortSignal, AbortSignal>();
  const link = (signal: AbortSignal | undefined): AbortSignal | undefined => {
    if (signal === undefined) return undefined;
    let own = linked.get(signal);
    if (own === undefined) {
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      own = controller.signal;
      linked.set(signal, own);
    }
    return own;
  };
  const defaultTimeout = options.timeoutMs ?? 30_000;

  async function send(
    method: 'GET' | 'POST',
    route: string,
    body: unknown,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<JsonAnswer> {
    let status = 0;
    let text = '';
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await pool.request({
          path: basePath + route,
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: link(signal) ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = response.statusCode;
        const type = String(response.headers['content-type'] ?? '');
        if (type !== '' && !type.includes('json')) {
          // Not a tokenize API (an SSE stream, an HTML page): don't wait for a body that may never end.
          response.body.on('error', () => undefined);
          response.body.destroy();
          return { ok: false, status, detail: `HTTP ${status} with ${type}, not JSON` };
        }
        text = await response.body.text();
        break;
      } catch (error) {
        signal?.throwIfAborted();
        const code = (error as { code?: unknown } | null)?.code;
        // A kept-alive connection the server closed meanwhile: these calls are safe to repeat.
        if (attempt < RETRIES && typeof code === 'string' && RETRIED_CODES.has(code)) continue;
        const reason =
          typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
        return { ok: false, status: 0, detail: redact(reason) };
      }
    }
    if (status < 200 || status >= 300) {
      return { ok: false, status, detail: `HTTP ${status}: ${redact(text.slice(0, 200))}` };
    }
    try {
      return { ok: true, status, body: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, status, detail: `HTTP ${status} with a body that is not JSON` };
    }
  }

  return {
    displayUrl: target.displayUrl,
    basePath,
    post: (route, body, signal, timeoutMs = defaultTimeout) =>
      send('POST', route, body, signal, timeoutMs),
    get: (route, signal, timeoutMs = defaultTimeout) =>
      send('GET', route, undefined, signal, timeoutMs),
    close: () => pool.close(),
  };
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The error a failed tokenize call becomes during preparation. */
export function serverTokenizerError(
  displayUrl: string,
  route: string,
  detail: string,
): InferbenchError {
  return new InferbenchError(
    'ERR_TOKENIZER',
    `tokenizer: the server's tokenizer at ${displayUrl}${route} failed (${detail})`,
    { field: 'tokenizer' },
  );
}
