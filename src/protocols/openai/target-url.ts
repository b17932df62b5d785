import { InferbenchError } from '../../errors.js';
import { describeReceived } from '../../internal/messages.js';
import { redactUrl } from '../../internal/secret-names.js';

/** API routes of an OpenAI-compatible server, relative to the target's base path. */
export interface OpenAIRoutes {
  /** @default '/v1/chat/completions' */
  chat?: string;
  /** @default '/v1/completions' */
  completions?: string;
  /** @default '/v1/models' */
  models?: string;
}

/** A target URL split into what the HTTP client needs. */
export interface ResolvedTarget {
  /** `scheme://host:port`, what the connection pool is bound to. */
  origin: string;
  /** The base URL without credentials or query, safe for reports and messages. */
  displayUrl: string;
  /** Request path of each route: base path + route + the target's query string. */
  paths: Required<OpenAIRoutes>;
  /** `Basic ...` when the target URL carried `user:password@`. */
  basicAuthorization: string | undefined;
}

/** The default routes, as vLLM, SGLang, TGI and llama.cpp serve them. */
export const DEFAULT_ROUTES: Required<OpenAIRoutes> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  models: '/v1/models',
};

function withLeadingSlash(route: string): string {
  return route.startsWith('/') ? route : `/${route}`;
}

/**
 * Resolves a target URL. The path may carry a prefix (a proxy mount such as `/proxy`) and may
 * or may not end in `/v1` or `/`: `http://h:8000`, `http://h:8000/v1/` and `http://h:8000/` all
 * send chat requests to `/v1/chat/completions`, and `http://h:8000/proxy/v1` to
 * `/proxy/v1/chat/completions`. A query string (e.g. Azure's `api-version`) is kept on every
 * request.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` when `target` is not an http(s) URL.
 */
export function resolveTarget(target: string, routes: OpenAIRoutes = {}): ResolvedTarget {
  let url: URL;
  try {
    url = new URL(target);
  } catch (error) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `target: expected an http(s) URL such as http://localhost:8000, received ${describeReceived(redactUrl(target))}`,
      { field: 'target', cause: error },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `target: expected an http(s) URL, received the scheme ${JSON.stringify(url.protocol)}`,
      { field: 'target' },
    );
  }
  // The routes carry /v1 themselves, so a target ending in /v1 must not double it.
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const query = url.search;
  const path = (route: string | undefined, fallback: string): string =>
    basePath + withLeadingSlash(route ?? fallback) + query;
  const basicAuthorization =
    url.username === '' && url.password === ''
      ? undefined
      : `Basic ${Buffer.from(
          `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
        ).toString('base64')}`;
  return {
    origin: url.origin,
    displayUrl: url.origin + basePath,
    paths: {
      chat: path(routes.chat, DEFAULT_ROUTES.chat),
      completions: path(routes.completions, DEFAULT_ROUTES.completions),
      models: path(routes.models, DEFAULT_ROUTES.models),
    },
    basicAuthorization,
  };
}
