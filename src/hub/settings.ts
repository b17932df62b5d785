import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variables as `process.env` holds them; tests pass their own. */
export type HubEnv = Readonly<Record<string, string | undefined>>;

/** Everything the Hub client takes from its environment, resolved once. */
export interface HubSettings {
  /** Base URL of the Hub or of a mirror, without a trailing slash (`HF_ENDPOINT`). */
  endpoint: string;
  /** Bearer token, or `undefined` for anonymous access. Never printed. */
  token: string | undefined;
  /** Root of the Hugging Face cache (`HF_HUB_CACHE`, else `HF_HOME/hub`, …). */
  cacheDir: string;
  /** `HF_HUB_OFFLINE=1`: answer from the cache only, never touch the network. */
  offline: boolean;
  /** Limit on the metadata (HEAD) request: `HF_HUB_ETAG_TIMEOUT` seconds, default 10. */
  metadataTimeoutMs: number;
  /** Limit on waiting for data while downloading: `HF_HUB_DOWNLOAD_TIMEOUT` seconds, default 10. */
  downloadTimeoutMs: number;
  /** Proxies for the Hub's hosts, from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`. */
  proxy: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

/** The public Hub; `HF_ENDPOINT` replaces it (mirrors, tests). */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
/** huggingface_hub's default for both timeouts, in seconds. */
const DEFAULT_TIMEOUT_SECONDS = 10;

/** Values huggingface_hub reads as true in boolean variables (compared upper-cased). */
const TRUE_VALUES = new Set(['1', 'ON', 'YES', 'TRUE']);

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** huggingface_hub's `_is_true`. */
export function isTrueEnv(value: string | undefined): boolean {
  return value !== undefined && TRUE_VALUES.has(value.toUpperCase());
}

/** `~` and `$VAR` / `${VAR}` expansion, as Python's expanduser and expandvars do. */
function expandPath(path: string, env: HubEnv): string {
  const withVars = path.replace(
    /\$(\w+)|\$\{(\w+)\}/g,
    (whole, plain: string | undefined, braced: string | undefined) =>
      env[plain ?? braced ?? ''] ?? whole,
  );
  if (withVars === '~' || withVars.startsWith('~/')) {
    return join(env['HOME'] ?? homedir(), withVars.slice(1));
  }
  return withVars;
}

/** `HF_HOME`, else `XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`. */
function hfHome(env: HubEnv): string {
  const explicit = nonEmpty(env['HF_HOME']);
  if (explicit !== undefined) return expandPath(explicit, env);
  const xdg = nonEmpty(env['XDG_CACHE_HOME']);
  return join(
    xdg === undefined ? join(env['HOME'] ?? homedir(), '.cache') : expandPath(xdg, env),
    'huggingface',
  );
}

/** Strips the characters huggingface_hub's `_clean_token` strips; empty means none. */
function cleanToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const cleaned = token.replace(/[\r\n]/g, '').trim();
  return cleaned === '' ? undefined : cleaned;
}

function readTokenFile(path: string): string | undefined {
  try {
    return cleanToken(readFileSync(path, 'utf8'));
  } catch {
    // No token file (or an unreadable one) means anonymous access, as in huggingface_hub.
    return undefined;
  }
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const parsed = Number(value);
  return parsed > 0 ? parsed : undefined;
}

/**
 * The token huggingface_hub would send: `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, else the
 * token file (`HF_TOKEN_PATH`, else `HF_HOME/token`, written by `hf auth login`). None when
 * `HF_HUB_DISABLE_IMPLICIT_TOKEN` is set.
 */
export function resolveHubToken(env: HubEnv): string | undefined {
  if (isTrueEnv(env['HF_HUB_DISABLE_IMPLICIT_TOKEN'])) return undefined;
  const fromEnv = cleanToken(nonEmpty(env['HF_TOKEN']) ?? nonEmpty(env['HUGGING_FACE_HUB_TOKEN']));
  if (fromEnv !== undefined) return fromEnv;
  const path = nonEmpty(env['HF_TOKEN_PATH']);
  return readTokenFile(path === undefined ? join(hfHome(env), 'token') : expandPath(path, env));
}

/**
 * Resolves the Hub client's settings from environment variables, with the same names and
 * precedence as Python's huggingface_hub, so that both share one cache and one login:
 * `HF_ENDPOINT`; `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, the token file; `HF_HUB_CACHE`, else
 * `HUGGINGFACE_HUB_CACHE`, else `HF_HOME/hub`, else `XDG_CACHE_HOME/huggingface/hub`, else
 * `~/.cache/huggingface/hub`; `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`);
 * `HF_HUB_ETAG_TIMEOUT`, `HF_HUB_DOWNLOAD_TIMEOUT`; `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`
 * (either case).
 *
 * @example
 * ```ts
 * const settings = resolveHubSettings(process.env);
 * settings.cacheDir; // e.g. /home/me/.cache/huggingface/hub
 * ```
 */
export function resolveHubSettings(env: HubEnv = process.env): HubSettings {
  const endpoint = (nonEmpty(env['HF_ENDPOINT']) ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
  const cache =
    nonEmpty(env['HF_HUB_CACHE']) ??
    nonEmpty(env['HUGGINGFACE_HUB_CACHE']) ??
    join(hfHome(env), 'hub');
  const proxy: HubSettings['proxy'] = {};
  const httpsProxy = nonEmpty(env['HTTPS_PROXY']) ?? nonEmpty(env['https_proxy']);
  const httpProxy = nonEmpty(env['HTTP_PROXY']) ?? nonEmpty(env['http_proxy']);
  const noProxy = nonEmpty(env['NO_PROXY']) ?? nonEmpty(env['no_proxy']);
  if (httpsProxy !== undefined) proxy.httpsProxy = httpsProxy;
  if (httpProxy !== undefined) proxy.httpProxy = httpProxy;
  if (noProxy !== undefined) proxy.noProxy = noProxy;
  return {
    endpoint,
    token: resolveHubToken(env),
    cacheDir: expandPath(cache, env),
    offline: isTrueEnv(env['HF_HUB_OFFLINE']) || isTrueEnv(env['TRANSFORMERS_OFFLINE']),
    metadataTimeoutMs: (seconds(env['HF_HUB_ETAG_TIMEOUT']) ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    downloadTimeoutMs: (seconds(env['HF_HUB_DOWNLOAD_TIMEOUT']) ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    proxy,
  };
}
