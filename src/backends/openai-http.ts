import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';

import { InferbenchError } from '../errors.js';
import { readCaCert } from '../internal/ca-cert.js';
import { isHarmlessHeader, urlSecrets } from '../internal/secret-names.js';
import type { Backend, BackendInfo, BackendRequest, BackendSendOptions } from '../spec/backend.js';

import { classifyTransportError, httpErrorMessage } from './openai-errors.js';
import type { OpenAIHttpBackendOptions } from './openai-http-options.js';
import { buildRequestBody } from './openai-request-body.js';
import { OpenAIExchange } from './openai-exchange.js';
import { readCapped } from './openai-response.js';
import { SignalWatches } from './signal-watch.js';
import type { RequestBodySettings } from './openai-request-body.js';
import { createRedactor, type Redactor } from '../internal/redactor.js';
import { resolveTarget, type ResolvedTarget } from '../protocols/openai/target-url.js';

export type { OpenAIHttpBackendOptions } from './openai-http-options.js';

/**
 * What `/v1/models` says of `model`: vLLM's `root` (the path or Hub id it was loaded from, which
 * may differ from a `--served-model-name`) and `max_model_len`, when the listing has them.
 */
function describeModel(model: string, url: string, status: number, text: string): BackendInfo {
  const info: BackendInfo = { model, url };
  if (status < 200 || status >= 300) return info;
  let entries: unknown;
  try {
    entries = (JSON.parse(text) as { data?: unknown }).data;
  } catch {
    return info;
  }
  if (!Array.isArray(entries)) return info;
  const entry = (entries as Array<Record<string, unknown> | null>).find(
    (candidate) => candidate?.['id'] === model,
  );
  const root = entry?.['root'];
  const maxModelLen = entry?.['max_model_len'];
  if (typeof root === 'string' && root !== '') info.root = root;
  if (typeof maxModelLen === 'number' && Number.isInteger(maxModelLen) && maxModelLen > 0) {
    info.maxModelLen = maxModelLen;
  }
  return info;
}

/** `prepare()` asks one small question; it must not hang on a server that never answers. */
const PREPARE_TIMEOUT_MS = 30_000;
/** `close()` waits this long for in-flight requests before it drops the connections. */
const CLOSE_GRACE_MS = 2_000;

class OpenAIHttpBackend implements Backend {
  readonly name = 'openai-http';
  private readonly target: ResolvedTarget;
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;
  private readonly body: RequestBodySettings;
  private readonly requestTimeoutMs: number;
  private readonly path: string;
  private readonly redact: Redactor;
  private model: string | undefined;
  private preparing: Promise<BackendInfo> | undefined;
  private closed = false;
  private opened = 0;
  private readonly maxConnections: number;
  private readonly watches = new SignalWatches();

  constructor(options: OpenAIHttpBackendOptions) {
    const format = options.requestFormat ?? 'chat';
    const stream = options.stream ?? true;
    this.target = resolveTarget(options.target, options.routes);
    this.path = format === 'chat' ? this.target.paths.chat : this.target.paths.completions;
    this.model = options.model;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 0;
    this.body = {
      format,
      stream,
      maxTokensField: options.maxTokensField ?? 'both',
      ignoreEos: options.ignoreEos ?? true,
      extraBody: options.extraBody,
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
    };
    const authorization =
      options.apiKey === undefined || options.apiKey === ''
        ? this.target.basicAuthorization
        : `Bearer ${options.apiKey}`;
    if (authorization !== undefined) headers['authorization'] = authorization;
    // Lower-cased so a user's `Authorization` replaces ours instead of being sent twice.
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    this.headers = headers;
    // Every header value but a harmless one's may be a credential, as may the target's query.
    this.redact = createRedactor([
      options.apiKey,
      authorization,
      ...urlSecrets(options.target),
      ...Object.entries(headers)
        .filter(([name]) => !isHarmlessHeader(name))
        .map(([, value]) => value),
    ]);
    const maxConnections = options.maxConnections ?? Infinity;
    this.maxConnections = maxConnections;
    this.pool = new Pool(this.target.origin, {
      connections: Number.isFinite(maxConnections) ? maxConnections : null,
      pipelining: 1,
      connect: {
        timeout: options.connectTimeoutMs ?? 10_000,
        // Verified by default; `insecure` is the user's explicit, warned-about opt-out.
        rejectUnauthorized: options.insecure !== true,
        ...(options.caCertFile === undefined ? {} : { ca: readCaCert(options.caCertFile) }),
      },
      // undici's 300 s defaults would cut long generations: only our own limits apply.
      headersTimeout: options.headersTimeoutMs ?? 0,
      bodyTimeout: options.streamIdleTimeoutMs ?? 0,
    });
    this.pool.on('connect', () => this.opened++);
  }

  get connectionsOpened(): number {
    return this.opened;
  }

  /**
   * Opens connections by sending that many `GET` requests for the model listing at once: the
   * pool opens a connection for each request that finds every open one busy.
   */
  async warmUp(options: { connections: number; signal?: AbortSignal }): Promise<void> {
    const wanted = Math.min(options.connections, this.maxConnections);
    if (this.closed || !(wanted > this.pool.stats.connected)) return;
    // One signal of our own for the many warm-up requests (each adds a listener to it), tied to
    // the caller's, so the caller's never collects hundreds of listeners at once.
    const warming = new AbortController();
    setMaxListeners(0, warming.signal);
    const onAbort = (): void => warming.abort(options.signal?.reason);
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    const one = async (): Promise<void> => {
      try {
        const response = await this.pool.request({
          path: this.target.paths.models,
          method: 'GET',
          headers: { ...this.headers, accept: 'application/json' },
          signal: warming.signal,
          headersTimeout: PREPARE_TIMEOUT_MS,
          bodyTimeout: PREPARE_TIMEOUT_MS,
        });
        await response.body.dump();
      } catch {
        // A connection that cannot be opened now fails its requests later, where it is data.
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.floor(wanted) }, one));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    // A connection is free again only once undici has read past the response: a request sent
    // at once would find them all busy and open one more.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  prepare(options: { signal?: AbortSignal } = {}): Promise<BackendInfo> {
    const run = this.discover(options.signal);
    // Only a signal-free call is shared with send(), which may need the model first.
    if (options.signal === undefined) this.preparing = run;
    return run;
  }

  private async discover(signal: AbortSignal | undefined): Promise<BackendInfo> {
    const url = `${this.target.origin}${this.target.paths.models}`.replace(/\?.*$/, '');
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        path: this.target.paths.models,
        method: 'GET',
        headers: { ...this.headers, accept: 'application/json' },
        signal: signal ?? null,
        headersTimeout: PREPARE_TIMEOUT_MS,
        bodyTimeout: PREPARE_TIMEOUT_MS,
      });
      status = response.statusCode;
      text = await readCapped(response.body);
    } catch (error) {
      if (signal?.aborted === true) throw error;
      const message = this.redact(classifyTransportError(error).message);
      throw new InferbenchError(
        'ERR_TARGET_UNREACHABLE',
        `target: expected an OpenAI-compatible server at ${this.target.displayUrl}, but GET ${url} failed: ${message}`,
        { field: 'target', cause: error },
      );
    }
    // Any answer proves the server is reachable; the listing picks a model or checks the one given.
    const served = status >= 200 && status < 300 ? listedModels(text) : undefined;
    const withListing = (model: string): BackendInfo => ({
      ...describeModel(model, this.target.displayUrl, status, text),
      ...(served === undefined ? {} : { servedModels: served }),
    });
    if (this.model !== undefined) return withListing(this.model);
    const fail = (why: string): never => {
      throw new InferbenchError(
        'ERR_MODEL_NOT_FOUND',
        `model: none given and GET ${url} ${this.redact(why)}; pass "model" explicitly`,
        { field: 'model' },
      );
    };
    if (status < 200 || status >= 300) fail(`answered ${httpErrorMessage(status, text)}`);
    if (served === undefined) fail('answered with a body that is not a model list');
    const first = served![0];
    if (first === undefined) fail('listed no models');
    this.model = first!;
    return withListing(this.model);
  }

  async send(request: BackendRequest, options: BackendSendOptions): Promise<void> {
    const { signal } = options;
    if (signal.aborted) return;
    let model = this.model;
    if (model === undefined) {
      try {
        model = (await (this.preparing ??= this.prepare())).model;
      } catch (error) {
        if (!signal.aborted) {
          const { code, message } = classifyPrepareError(error);
          options.onPart({ type: 'error', code, message: this.redact(message) });
        }
        return;
      }
      if (signal.aborted) return;
    }
    const exchange = new OpenAIExchange(options.onPart, this.redact, this.body.stream);
    const watch = this.watches.for(signal);
    watch.add(exchange);
    // No timer unless asked for: one per request costs CPU at high rates.
    const timer =
      this.requestTimeoutMs > 0
        ? setTimeout(() => exchange.timeOut(this.requestTimeoutMs), this.requestTimeoutMs)
        : undefined;
    try {
      this.pool.dispatch(
        {
          path: this.path,
          method: 'POST',
          headers: this.headers,
          body: JSON.stringify(buildRequestBody(this.body, model, request)),
        },
        exchange,
      );
      await exchange.ended;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      watch.delete(exchange);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const grace = setTimeout(() => void this.pool.destroy().catch(() => undefined), CLOSE_GRACE_MS);
    try {
      await this.pool.close();
    } catch {
      // Destroyed during the grace period: the connections are gone either way.
    } finally {
      clearTimeout(grace);
    }
  }
}

/** The ids of an OpenAI model list (`{ data: [{ id }] }`), or `undefined` for anything else. */
function listedModels(text: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  return data
    .map((entry: unknown) => (entry as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string' && id !== '');
}

function classifyPrepareError(error: unknown): { code: 'CLIENT_ERROR'; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'CLIENT_ERROR', message: `could not resolve the model: ${message}` };
}

/**
 * Creates a backend that talks to an OpenAI-compatible server (vLLM, SGLang, TGI, llama.cpp,
 * LiteLLM, OpenAI) over HTTP/1.1 keep-alive connections from an undici pool, streaming chat or
 * text completions and decoding each network chunk as it arrives.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` when `target` is not an http(s) URL.
 * @example
 * ```ts
 * const backend = createOpenAIHttpBackend({ target: 'http://localhost:8000' });
 * const info = await backend.prepare(); // reachability check and model discovery
 * await backend.send({ prompt: 'Hello', outputTokens: 16 }, { signal, onPart: console.log });
 * await backend.close();
 * ```
 */
export function createOpenAIHttpBackend(options: OpenAIHttpBackendOptions): Backend {
  return new OpenAIHttpBackend(options);
}
