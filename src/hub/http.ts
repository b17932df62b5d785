import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import type { HubSettings } from './settings.js';

/** Redirects followed at most, as browsers and huggingface_hub's clients bound them. */
const MAX_REDIRECTS = 10;

/** Response headers, lower-cased, a repeated header joined with `, `. */
export type HeaderMap = Record<string, string>;

/** A response whose body has been discarded (HEAD, errors). */
export interface HeadResult {
  status: number;
  headers: HeaderMap;
  /** The URL that answered (after relative redirects). */
  url: string;
  /** Up to 2 KiB of the body, for error messages. */
  bodyText: string;
}

/** A streaming response and the URL that answered. */
export interface StreamResult {
  status: number;
  headers: HeaderMap;
  url: string;
  body: Dispatcher.ResponseData['body'];
}

/**
 * The connection pool of Hub requests: undici's `EnvHttpProxyAgent` when the environment names a
 * proxy (it honours `NO_PROXY`), a plain agent otherwise, so the settings alone decide.
 */
export function createHubDispatcher(settings: HubSettings): Dispatcher {
  const connect = { timeout: settings.metadataTimeoutMs };
  const { httpProxy, httpsProxy, noProxy } = settings.proxy;
  if (httpProxy === undefined && httpsProxy === undefined) return new Agent({ connect });
  return new EnvHttpProxyAgent({
    connect,
    // Given explicitly so that the settings, not whatever process.env holds, decide.
    ...(httpProxy === undefined ? {} : { httpProxy }),
    ...(httpsProxy === undefined ? {} : { httpsProxy }),
    noProxy: noProxy ?? '',
  });
}

function headerMap(headers: Dispatcher.ResponseData['headers']): HeaderMap {
  const map: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return map;
}

async function readSome(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      if (text.length < 2048) text += (chunk as Buffer).toString('utf8');
    }
  } catch {
    // The status already tells the story; a broken error body adds nothing.
  }
  return text.slice(0, 2048);
}

/** Options shared by every Hub request. */
export interface HubRequestOptions {
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  /** Limit on waiting for the response headers and for each piece of the body. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * `HEAD url`, following only redirects to the same host (a renamed repository), never one to
 * another host (a CDN): the metadata of a large file is read from the redirect itself, as
 * huggingface_hub's `_httpx_follow_relative_redirects` does.
 */
export async function headFollowingRelative(
  url: string,
  options: HubRequestOptions,
): Promise<HeadResult> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await request(current, {
      method: 'HEAD',
      headers: options.headers,
      dispatcher: options.dispatcher,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: options.signal ?? null,
    });
    const headers = headerMap(response.headers);
    const bodyText = await readSome(response.body);
    const location = headers['location'];
    if (isRedirect(response.statusCode) && location !== undefined && hop < MAX_REDIRECTS) {
      const next = new URL(location, current);
      if (next.host === new URL(current).host) {
        current = next.href;
        continue;
      }
    }
    return { status: response.statusCode, headers, url: current, bodyText };
  }
}

/**
 * `GET url`, following redirects; the `authorization` header is dropped as soon as a redirect
 * leads to another host (a CDN with a signed URL must never see the Hub token).
 */
export async function getFollowingRedirects(
  url: string,
  options: HubRequestOptions,
): Promise<StreamResult> {
  let current = url;
  let headers = options.headers;
  for (let hop = 0; ; hop++) {
    const response = await request(current, {
      method: 'GET',
      headers,
      dispatcher: options.dispatcher,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: options.signal ?? null,
    });
    const map = headerMap(response.headers);
    const location = map['location'];
    if (isRedirect(response.statusCode) && location !== undefined && hop < MAX_REDIRECTS) {
      await response.body.dump();
      const next = new URL(location, current);
      if (next.host !== new URL(current).host) headers = withoutAuthorization(headers);
      current = next.href;
      continue;
    }
    return { status: response.statusCode, headers: map, url: current, body: response.body };
  }
}

/** A copy of `headers` without credentials. */
export function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') copy[name] = value;
  }
  return copy;
}

/** Reads the rest of an error response's body, for its message. */
export function readErrorBody(body: Dispatcher.ResponseData['body']): Promise<string> {
  return readSome(body);
}

/** Network failures worth a resumed retry (the connection broke or went quiet mid-body). */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_CLOSED' ||
    (error instanceof Error && error.message === 'terminated')
  );
}

/** A short reason for a network error, e.g. `ECONNREFUSED` or `timed out after 10 s`. */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof code === 'string') return code;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
