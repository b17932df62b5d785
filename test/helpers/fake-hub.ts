import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Hugging Face Hub on loopback that answers `resolve` URLs the way the real one does, for
 * tests that point `HF_ENDPOINT` at it:
 * - small files: `200` with `ETag` (git blob sha1), `X-Repo-Commit`, `Content-Length`;
 * - large (LFS) files: `302` to a second server on another port (the CDN) with `X-Linked-Etag`
 *   (sha256), `X-Linked-Size`, `X-Repo-Commit` and an `ETag` of its own that must be ignored;
 * - gated repositories: `401` + `X-Error-Code: GatedRepo` without a token, `403` with a token
 *   that has no access; an invalid token: `401` "Invalid credentials in Authorization header";
 * - `404`s with `X-Error-Code` `RepoNotFound`, `RevisionNotFound`, `EntryNotFound` (the last with
 *   `X-Repo-Commit`), and a renamed repository answered by a relative `307`;
 * - HEAD and Range support; a CDN that can be slowed, stalled or cut mid-body;
 * - the tree API, `GET /api/{models|datasets}/{id}/tree/{revision}[/{path}]?recursive=true`,
 *   paginated with a `Link: <…>; rel="next"` header; a gated repository's listing is public,
 *   as on the Hub (only its files need a token).
 * Every request of both servers is logged, so a test can assert that none was made.
 */

/** A file of a fake repository. */
export interface FakeFile {
  content: Buffer | string;
  /** Serve through the CDN redirect, as the Hub does for LFS/Xet files. @default size > lfsThreshold */
  lfs?: boolean;
}

/** A fake repository. */
export interface FakeRepo {
  id: string;
  type?: 'model' | 'dataset';
  /** Needs a token in {@link FakeHubOptions.grants} for this repository. */
  gated?: boolean;
  /** Branch and tag names → commit hash (use {@link fakeCommit} to make one). */
  refs: Record<string, string>;
  /** Commit hash → path → file. */
  commits: Record<string, Record<string, FakeFile>>;
  /** The repository moved: answer every request with a relative 307 to this id. */
  renamedTo?: string;
}

/** How the CDN misbehaves, to test progress, timeouts and resumption. */
export interface CdnBehaviour {
  /** Bytes per write. @default the whole body at once */
  chunkBytes?: number;
  /** Pause between writes, in ms. @default 0 */
  delayMs?: number;
  /** Stop sending (but keep the connection open) after this many bytes of a response. */
  stallAfterBytes?: number;
  /** Destroy the connection after this many bytes, for the next `dropTimes` responses. */
  dropAfterBytes?: number;
  /** @default 1 */
  dropTimes?: number;
  /** Answer 200 with the whole file even to a Range request. */
  ignoreRange?: boolean;
}

/** Options of {@link startFakeHub}. */
export interface FakeHubOptions {
  repos: FakeRepo[];
  /** Tokens the Hub knows; any other bearer token is invalid. */
  tokens?: string[];
  /** Token → ids of the gated repositories it may read. */
  grants?: Record<string, string[]>;
  /** Files above this size go through the CDN. @default 1_000_000 */
  lfsThreshold?: number;
  cdn?: CdnBehaviour;
  /** Entries per page of the tree API, which links the next page as the Hub does. @default 1000 */
  treePageSize?: number;
}

/** One request either server received. */
export interface FakeHubRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  /** The `authorization` header as received, if any. */
  authorization: string | undefined;
  range: string | undefined;
}

/** A running fake Hub. */
export interface FakeHub {
  /** Base URL of the Hub, for `HF_ENDPOINT`. */
  url: string;
  /** Base URL of the CDN (another port). */
  cdnUrl: string;
  /** Every request received so far. */
  readonly requests: FakeHubRequest[];
  /** Changes how the CDN behaves from now on. */
  setCdn(behaviour: CdnBehaviour): void;
  close(): Promise<void>;
}

/** A deterministic 40-hex commit hash from any label. */
export function fakeCommit(label: string): string {
  return createHash('sha1').update(`commit:${label}`).digest('hex');
}

/** The git blob sha1 the Hub uses as a small file's ETag. */
export function gitBlobSha1(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The sha256 the Hub uses as an LFS file's ETag. */
export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') === true ? header.slice(7) : undefined;
}

function fail(
  response: ServerResponse,
  status: number,
  code: string | undefined,
  message: string,
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-error-message': message,
    ...(code === undefined ? {} : { 'x-error-code': code }),
    ...extra,
  });
  response.end(body);
}

/** Parses `bytes=N-` or `bytes=N-M`. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  const match = header === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(header);
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return [start, end];
}

function sendContent(
  request: IncomingMessage,
  response: ServerResponse,
  content: Buffer,
  headers: Record<string, string>,
  behaviour: CdnBehaviour,
  onDrop: () => boolean,
): void {
  let body = content;
  let status = 200;
  const all: Record<string, string> = { ...headers, 'accept-ranges': 'bytes' };
  const range =
    behaviour.ignoreRange === true ? undefined : parseRange(request.headers.range, content.length);
  if (range !== undefined) {
    const [start, end] = range;
    if (start >= content.length) {
      response.writeHead(416, { 'content-range': `bytes */${content.length}` });
      response.end();
      return;
    }
    body = content.subarray(start, end + 1);
    status = 206;
    all['content-range'] = `bytes ${start}-${end}/${content.length}`;
  }
  all['content-length'] = String(body.length);
  response.writeHead(status, all);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const chunk = behaviour.chunkBytes ?? body.length;
  // Stalls and drops happen at a position in the file, so a resumed request meets them too.
  const origin = range === undefined ? 0 : range[0];
  const stallAt =
    behaviour.stallAfterBytes === undefined ? undefined : behaviour.stallAfterBytes - origin;
  const dropAt =
    behaviour.dropAfterBytes === undefined ? undefined : behaviour.dropAfterBytes - origin;
  let sent = 0;
  const step = (): void => {
    if (response.destroyed) return;
    if (stallAt !== undefined && sent >= stallAt) return;
    if (dropAt !== undefined && sent >= dropAt && onDrop()) {
      response.socket?.destroy();
      return;
    }
    let size = Math.max(1, chunk);
    if (stallAt !== undefined) size = Math.min(size, stallAt - sent);
    if (dropAt !== undefined && sent < dropAt) size = Math.min(size, dropAt - sent);
    const piece = body.subarray(sent, sent + size);
    sent += piece.length;
    if (sent >= body.length) {
      response.end(piece);
      return;
    }
    response.write(piece);
    setTimeout(step, behaviour.delayMs ?? 0);
  };
  step();
}

/** Starts a fake Hub and its CDN on loopback, ports picked by the system. */
export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const requests: FakeHubRequest[] = [];
  let cdn: CdnBehaviour = options.cdn ?? {};
  let dropsLeft = cdn.dropTimes ?? 1;
  const threshold = options.lfsThreshold ?? 1_000_000;
  const blobs = new Map<string, Buffer>();
  const tokens = new Set(options.tokens ?? []);
  let cdnUrl = '';

  const log = (server: 'hub' | 'cdn', request: IncomingMessage): void => {
    requests.push({
      server,
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      authorization: request.headers.authorization,
      range: request.headers.range,
    });
  };

  /**
   * The repository a request names, after the checks every endpoint makes (an unknown token,
   * an unknown repository); `undefined` once the error has been sent.
   */
  const findRepo = (
    request: IncomingMessage,
    response: ServerResponse,
    id: string,
    type: 'model' | 'dataset',
  ): { repo: FakeRepo; token: string | undefined } | undefined => {
    const token = bearer(request);
    if (token !== undefined && !tokens.has(token)) {
      fail(response, 401, undefined, 'Invalid credentials in Authorization header');
      return undefined;
    }
    const repo = options.repos.find((r) => r.id === id && (r.type ?? 'model') === type);
    if (repo === undefined) {
      fail(response, token === undefined ? 401 : 404, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    return { repo, token };
  };

  /** The tree API: a recursive listing of a revision, one page at a time. */
  const listTree = (url: URL, request: IncomingMessage, response: ServerResponse): void => {
    const parts = url.pathname.split('/').slice(2).map(decodeURIComponent);
    const type = parts[0] === 'datasets' ? 'dataset' : 'model';
    const at = parts.indexOf('tree');
    const id = parts.slice(1, at).join('/');
    const revision = parts[at + 1] ?? '';
    const folder = parts.slice(at + 2).join('/');
    const found = findRepo(request, response, id, type);
    if (found === undefined) return;
    const { repo } = found;
    const commit =
      repo.refs[revision] ?? (repo.commits[revision] === undefined ? undefined : revision);
    if (commit === undefined) {
      fail(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return;
    }
    const files = Object.entries(repo.commits[commit] ?? {})
      .filter(([path]) => folder === '' || path.startsWith(`${folder}/`))
      .sort(([a], [b]) => a.localeCompare(b));
    if (folder !== '' && files.length === 0) {
      fail(response, 404, 'EntryNotFound', `${folder} does not exist on "${revision}"`);
      return;
    }
    const folders = new Set<string>();
    for (const [path] of files) {
      const segments = path.split('/');
      for (let depth = 1; depth < segments.length; depth++) {
        folders.add(segments.slice(0, depth).join('/'));
      }
    }
    const entries = [
      ...[...folders].map((path) => ({ type: 'directory', oid: fakeCommit(path), size: 0, path })),
      ...files.map(([path, file]) => {
        const content = Buffer.from(file.content);
        return { type: 'file', oid: gitBlobSha1(content), size: content.length, path };
      }),
    ];
    const pageSize = options.treePageSize ?? 1000;
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const page = entries.slice(start, start + pageSize);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (start + pageSize < entries.length) {
      const next = new URL(url.href);
      next.searchParams.set('cursor', String(start + pageSize));
      // Absolute, as the Hub writes it.
      headers['link'] =
        `<http://${request.headers.host}${next.pathname}${next.search}>; rel="next"`;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify(page));
  };

  const hub = createServer((request, response) => {
    log('hub', request);
    request.resume();
    const url = new URL(request.url ?? '/', 'http://hub');
    if (/^\/api\/(models|datasets)\/.+\/tree\//.test(url.pathname)) {
      listTree(url, request, response);
      return;
    }
    let parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    let type: 'model' | 'dataset' = 'model';
    if (parts[0] === 'datasets') {
      type = 'dataset';
      parts = parts.slice(1);
    }
    const at = parts.indexOf('resolve');
    if (at < 1 || parts.length < at + 3) {
      fail(response, 404, undefined, 'Not Found');
      return;
    }
    const id = parts.slice(0, at).join('/');
    const revision = parts[at + 1]!;
    const path = parts.slice(at + 2).join('/');
    const found = findRepo(request, response, id, type);
    if (found === undefined) return;
    const { repo, token } = found;
    if (repo.renamedTo !== undefined) {
      const prefix = type === 'dataset' ? '/datasets' : '';
      response.writeHead(307, {
        location: `${prefix}/${repo.renamedTo}/resolve/${encodeURIComponent(revision)}/${path}`,
        'content-length': '0',
      });
      response.end();
      return;
    }
    if (repo.gated === true) {
      if (token === undefined) {
        fail(
          response,
          401,
          'GatedRepo',
          `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
        );
        return;
      }
      if (!(options.grants?.[token] ?? []).includes(id)) {
        fail(
          response,
          403,
          'GatedRepo',
          `Access to model ${id} is restricted and you are not in the authorized list. Visit ${id} to ask for access.`,
        );
        return;
      }
    }
    const commit =
      repo.refs[revision] ?? (repo.commits[revision] === undefined ? undefined : revision);
    if (commit === undefined) {
      fail(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return;
    }
    const file = repo.commits[commit]?.[path];
    if (file === undefined) {
      fail(response, 404, 'EntryNotFound', 'Entry not found', { 'x-repo-commit': commit });
      return;
    }
    const content = Buffer.from(file.content);
    const lfs = file.lfs ?? content.length > threshold;
    if (lfs) {
      const hash = sha256(content);
      blobs.set(hash, content);
      const location = `${cdnUrl}/repos/blobs/${hash}?X-Amz-Signature=fake&response-content-disposition=attachment`;
      const body = `Found. Redirecting to ${location}`;
      response.writeHead(302, {
        location,
        'x-repo-commit': commit,
        'x-linked-etag': `"${hash}"`,
        'x-linked-size': String(content.length),
        // The redirect's own ETag is the pointer file's: clients must prefer X-Linked-Etag.
        etag: `W/"${gitBlobSha1(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${hash}\n`))}"`,
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    sendContent(
      request,
      response,
      content,
      { etag: `"${gitBlobSha1(content)}"`, 'x-repo-commit': commit, 'content-type': 'text/plain' },
      {},
      () => false,
    );
  });

  const cdnServer = createServer((request, response) => {
    log('cdn', request);
    request.resume();
    const url = new URL(request.url ?? '/', 'http://cdn');
    const hash = url.pathname.split('/').pop() ?? '';
    const content = blobs.get(hash);
    if (content === undefined || url.searchParams.get('X-Amz-Signature') === null) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('AccessDenied');
      return;
    }
    sendContent(request, response, content, { etag: `"${hash}"` }, cdn, () => dropsLeft-- > 0);
  });

  const url = await listen(hub);
  cdnUrl = await listen(cdnServer);
  return {
    url,
    cdnUrl,
    requests,
    setCdn(behaviour) {
      cdn = behaviour;
      dropsLeft = behaviour.dropTimes ?? 1;
    },
    async close() {
      for (const server of [hub, cdnServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
