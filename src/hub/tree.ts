import type { Dispatcher } from 'undici';
import { HubError, hubResponseError, type HubErrorContext } from './errors.js';
import { describeNetworkError, getFollowingRedirects, readErrorBody } from './http.js';
import { describeRepo, type HubRepoRef } from './repo.js';

/** One entry of a repository's file listing, as the Hub's tree API answers. */
export interface HubTreeEntry {
  /** `file` or `directory`. */
  type: 'file' | 'directory';
  /** Path inside the repository. */
  path: string;
  /** Size in bytes (files). */
  size: number;
}

/** What {@link listRepoTree} needs from the client. */
export interface TreeRequest {
  endpoint: string;
  repo: HubRepoRef;
  /** Folder to list; the whole repository when absent. */
  path?: string | undefined;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Builds error messages (endpoint shown without credentials, token masked). */
  context: HubErrorContext;
}

/** Pages followed at most: 1000 entries a page on the Hub, so a million files. */
const MAX_PAGES = 1000;

/** The `rel="next"` URL of a `Link` header, as huggingface_hub's pagination reads it. */
function nextLink(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match !== null) return match[1];
  }
  return undefined;
}

function isEntry(value: unknown): value is HubTreeEntry {
  const entry = value as Partial<HubTreeEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    (entry.type === 'file' || entry.type === 'directory') &&
    typeof entry.path === 'string'
  );
}

/**
 * Lists a repository's files recursively through the Hub's tree API,
 * `GET {endpoint}/api/{type}s/{id}/tree/{revision}[/{path}]?recursive=true`, following the
 * `Link: <…>; rel="next"` pagination as huggingface_hub's `list_repo_tree` does. Errors are
 * classified like file requests (gated, no such repository, revision or folder).
 *
 * @throws HubError on an error status, a network failure or an answer that is not a listing.
 */
export async function listRepoTree(request: TreeRequest): Promise<HubTreeEntry[]> {
  const { repo } = request;
  const folder =
    request.path === undefined
      ? ''
      : `/${request.path.split('/').map(encodeURIComponent).join('/')}`;
  let url: string | undefined =
    `${request.endpoint}/api/${repo.type}s/${repo.id}/tree/${encodeURIComponent(repo.revision)}${folder}?recursive=true&expand=false`;
  const entries: HubTreeEntry[] = [];
  for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
    let response;
    try {
      response = await getFollowingRedirects(url, {
        dispatcher: request.dispatcher,
        headers: { ...request.headers, accept: 'application/json' },
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
    } catch (error) {
      request.signal?.throwIfAborted();
      throw new HubError(
        'network',
        `could not list the files of ${describeRepo(repo)} at ${request.context.endpoint} (${request.context.redact(describeNetworkError(error, request.timeoutMs))}); set HF_HUB_OFFLINE=1 to use the cache`,
        { cause: error },
      );
    }
    if (response.status < 200 || response.status >= 300) {
      await readErrorBody(response.body);
      throw hubResponseError(
        {
          status: response.status,
          errorCode: response.headers['x-error-code'],
          errorMessage: response.headers['x-error-message'],
        },
        request.context,
      );
    }
    let body: unknown;
    try {
      body = await response.body.json();
    } catch {
      body = undefined;
    }
    if (!Array.isArray(body)) {
      throw new HubError(
        'invalid-response',
        `${request.context.endpoint} does not answer like the Hugging Face Hub when listing ${describeRepo(repo)}: expected a JSON array of files`,
      );
    }
    for (const item of body) {
      if (isEntry(item)) {
        entries.push({ type: item.type, path: item.path, size: Number(item.size ?? 0) });
      }
    }
    const next = nextLink(response.headers['link']);
    url = next === undefined ? undefined : new URL(next, url).href;
  }
  return entries;
}
