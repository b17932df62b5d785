import type { Dispatcher } from 'undici';
import { createRedactor, type Redactor } from '../internal/redactor.js';
import { PACKAGE_VERSION } from '../version.js';
import { openRepoCache, pathExists, type RepoCache } from './cache.js';
import { downloadBlob } from './download.js';
import { parseFileMetadata, type FileMetadata } from './metadata.js';
import { HubError, hubResponseError, type HubErrorContext } from './errors.js';
import {
  createHubDispatcher,
  describeNetworkError,
  headFollowingRelative,
  withoutAuthorization,
} from './http.js';
import {
  DEFAULT_REVISION,
  describeRepo,
  isCommitHash,
  isRepoId,
  resolveUrl,
  type HubRepoRef,
  type HubRepoType,
} from './repo.js';
import { resolveHubSettings, type HubEnv, type HubSettings } from './settings.js';
import { listRepoTree, type HubTreeEntry } from './tree.js';

/** One file of one repository. */
export interface HubFileRequest {
  /** `org/name`. */
  repo: string;
  /** @default 'model' */
  repoType?: HubRepoType | undefined;
  /** Branch, tag or commit hash. @default 'main' */
  revision?: string | undefined;
  /** Path inside the repository, e.g. `tokenizer.json`. */
  path: string;
}

/** A file in the local cache, and where it came from. */
export interface HubFile {
  /** `snapshots/<commit>/<path>` in the Hugging Face cache (a symlink to its blob). */
  path: string;
  repo: string;
  repoType: HubRepoType;
  /** The revision asked for. */
  revision: string;
  /** The commit it resolved to. */
  commit: string;
  /** `cache` when no byte was downloaded, `hub` when the file was fetched now. */
  from: 'cache' | 'hub';
}

/** A download's progress, reported while a file is fetched (at most every 250 ms). */
export interface HubDownloadProgress {
  repo: string;
  path: string;
  receivedBytes: number;
  totalBytes: number;
  done: boolean;
}

/** Options of {@link createHubClient}. */
export interface HubClientOptions {
  /** Environment to read `HF_*` settings from. @default process.env */
  env?: HubEnv | undefined;
  /** Settings that replace what the environment says (tests, embedding applications). */
  settings?: Partial<HubSettings> | undefined;
  signal?: AbortSignal | undefined;
  /** Receives download progress; nothing is reported for files already cached. */
  onProgress?: ((progress: HubDownloadProgress) => void) | undefined;
  /** Retries of a broken download that made no progress. @default 3 */
  retries?: number | undefined;
}

/** Reads files from the Hugging Face Hub through the shared Hugging Face cache. */
export interface HubClient {
  readonly settings: HubSettings;
  /**
   * The file, from the cache when it holds the revision's commit, else downloaded.
   * @throws HubError naming the repository, the endpoint and the cache path tried.
   */
  fetchFile(request: HubFileRequest): Promise<HubFile>;
  /** Like `fetchFile`, but `undefined` when the revision has no such file. */
  fetchOptionalFile(request: HubFileRequest): Promise<HubFile | undefined>;
  /**
   * Every file of a revision (or of one folder of it), from the Hub's tree API.
   * @throws HubError as `fetchFile` does; `offline-miss` when `HF_HUB_OFFLINE` is set.
   */
  listFiles(request: Omit<HubFileRequest, 'path'> & { path?: string }): Promise<HubTreeEntry[]>;
  /** Closes the client's connections. */
  close(): Promise<void>;
}

/** Downloads in flight in this process, by blob path, so two callers never write one file. */
const inFlight = new Map<string, Promise<void>>();

/** `https://user:pass@host/` shown as `https://host`. */
function displayEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return endpoint;
  }
}

class DefaultHubClient implements HubClient {
  readonly settings: HubSettings;
  private readonly dispatcher: Dispatcher;
  private readonly redact: Redactor;
  private readonly endpoint: string;
  private readonly options: HubClientOptions;

  constructor(options: HubClientOptions) {
    this.options = options;
    this.settings = { ...resolveHubSettings(options.env ?? process.env), ...options.settings };
    this.dispatcher = createHubDispatcher(this.settings);
    this.redact = createRedactor([this.settings.token]);
    this.endpoint = displayEndpoint(this.settings.endpoint);
  }

  private baseHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': `inferbench/${PACKAGE_VERSION}` };
    if (this.settings.token !== undefined) {
      headers['authorization'] = `Bearer ${this.settings.token}`;
    }
    return headers;
  }

  private context(repo: HubRepoRef, path: string): HubErrorContext {
    return {
      endpoint: this.endpoint,
      repo,
      path,
      withToken: this.settings.token !== undefined,
      redact: this.redact,
    };
  }

  async fetchOptionalFile(request: HubFileRequest): Promise<HubFile | undefined> {
    try {
      return await this.fetchFile(request);
    } catch (error) {
      if (error instanceof HubError && error.reason === 'entry-not-found') return undefined;
      throw error;
    }
  }

  async listFiles(
    request: Omit<HubFileRequest, 'path'> & { path?: string },
  ): Promise<HubTreeEntry[]> {
    const repo: HubRepoRef = {
      id: request.repo,
      type: request.repoType ?? 'model',
      revision: request.revision ?? DEFAULT_REVISION,
    };
    if (this.settings.offline) {
      throw new HubError(
        'offline-miss',
        `HF_HUB_OFFLINE is set: the files of ${describeRepo(repo)} cannot be listed`,
      );
    }
    return listRepoTree({
      endpoint: this.settings.endpoint,
      repo,
      path: request.path,
      headers: this.baseHeaders(),
      dispatcher: this.dispatcher,
      timeoutMs: this.settings.metadataTimeoutMs,
      signal: this.options.signal,
      context: this.context(repo, request.path ?? '.'),
    });
  }

  async fetchFile(request: HubFileRequest): Promise<HubFile> {
    const repo: HubRepoRef = {
      id: request.repo,
      type: request.repoType ?? 'model',
      revision: request.revision ?? DEFAULT_REVISION,
    };
    if (!isRepoId(repo.id)) {
      throw new HubError(
        'repo-not-found',
        `expected a Hugging Face repository id like org/name, received ${JSON.stringify(repo.id)}`,
      );
    }
    const cache = openRepoCache(this.settings.cacheDir, repo);
    const found = (commit: string, path: string): HubFile => ({
      path,
      repo: repo.id,
      repoType: repo.type,
      revision: repo.revision,
      commit,
      from: 'cache',
    });
    if (isCommitHash(repo.revision)) {
      const pointer = await cache.findFile(repo.revision, request.path);
      if (pointer !== undefined) return found(repo.revision, pointer);
    }
    const fromCache = async (): Promise<HubFile | 'missing' | undefined> => {
      const commit = await cache.commitFor(repo.revision);
      if (commit === undefined) return undefined;
      const pointer = await cache.findFile(commit, request.path);
      if (pointer !== undefined) return found(commit, pointer);
      return (await cache.isKnownMissing(commit, request.path)) ? 'missing' : undefined;
    };
    if (this.settings.offline) {
      const cached = await fromCache();
      if (cached === 'missing') throw this.missingError(repo, request.path, 'in the cache');
      if (cached !== undefined) return cached;
      throw new HubError(
        'offline-miss',
        `HF_HUB_OFFLINE is set and ${request.path} of ${describeRepo(repo)} is not in the Hugging Face cache at ${cache.folder}`,
      );
    }
    let metadata: FileMetadata;
    try {
      metadata = await this.metadata(repo, request.path, cache);
    } catch (error) {
      // As huggingface_hub does: when the Hub cannot answer, a cached copy of the revision wins.
      if (!(error instanceof HubError) || !canFallBackToCache(error)) throw error;
      const cached = await fromCache();
      if (cached !== undefined && cached !== 'missing') return cached;
      if (error.reason === 'network') {
        throw new HubError(
          'network',
          `${error.message}; not in the cache at ${cache.folder} either`,
          {
            cause: error.cause,
          },
        );
      }
      throw error;
    }
    const pointer = await cache.findFile(metadata.commit, request.path);
    if (pointer !== undefined) {
      await cache.writeRef(repo.revision, metadata.commit).catch(() => undefined);
      return found(metadata.commit, pointer);
    }
    await cache.writeRef(repo.revision, metadata.commit);
    const blob = cache.blobPath(metadata.etag);
    let downloaded = false;
    if (!(await pathExists(blob))) {
      await this.download(repo, request.path, metadata, blob);
      downloaded = true;
    }
    const linked = await cache.link(metadata.commit, request.path, metadata.etag);
    return { ...found(metadata.commit, linked), from: downloaded ? 'hub' : 'cache' };
  }

  private missingError(repo: HubRepoRef, path: string, where: string): HubError {
    return new HubError(
      'entry-not-found',
      `${describeRepo(repo)} has no file ${path} (recorded ${where})`,
    );
  }

  private async metadata(repo: HubRepoRef, path: string, cache: RepoCache): Promise<FileMetadata> {
    const url = resolveUrl(this.settings.endpoint, repo, path);
    let head;
    try {
      head = await headFollowingRelative(url, {
        dispatcher: this.dispatcher,
        // identity: the size must be the file's, not that of a compressed body.
        headers: { ...this.baseHeaders(), 'accept-encoding': 'identity' },
        timeoutMs: this.settings.metadataTimeoutMs,
        signal: this.options.signal,
      });
    } catch (error) {
      this.options.signal?.throwIfAborted();
      throw new HubError(
        'network',
        `could not reach the Hugging Face Hub at ${this.endpoint} for ${path} of ${describeRepo(repo)} (${this.redact(describeNetworkError(error, this.settings.metadataTimeoutMs))}); check the network and HTTPS_PROXY, set HF_ENDPOINT for a mirror, or set HF_HUB_OFFLINE=1 to use the cache`,
        { cause: error },
      );
    }
    const { headers, status } = head;
    const redirect = status >= 300 && status < 400;
    if (!redirect && (status < 200 || status >= 300)) {
      const error = hubResponseError(
        {
          status,
          errorCode: headers['x-error-code'],
          errorMessage: headers['x-error-message'],
        },
        this.context(repo, path),
      );
      const commit = headers['x-repo-commit'];
      if (error.reason === 'entry-not-found' && commit !== undefined && isCommitHash(commit)) {
        await cache.markMissing(commit, path);
        await cache.writeRef(repo.revision, commit).catch(() => undefined);
      }
      throw error;
    }
    return parseFileMetadata(
      headers,
      head.url,
      redirect,
      (what) =>
        new HubError(
          'invalid-response',
          `${this.endpoint} does not answer like the Hugging Face Hub for ${path} of ${describeRepo(repo)}: ${what}; check HF_ENDPOINT and any proxy in between`,
        ),
    );
  }

  private async download(
    repo: HubRepoRef,
    path: string,
    metadata: FileMetadata,
    blob: string,
  ): Promise<void> {
    const existing = inFlight.get(blob);
    if (existing !== undefined) return existing;
    const resolveHost = new URL(resolveUrl(this.settings.endpoint, repo, path)).host;
    // A signed CDN URL on another host must not receive the Hub token.
    const headers =
      new URL(metadata.location).host === resolveHost
        ? this.baseHeaders()
        : withoutAuthorization(this.baseHeaders());
    const context = this.context(repo, path);
    const onProgress = this.options.onProgress;
    const job = downloadBlob({
      url: metadata.location,
      headers,
      dispatcher: this.dispatcher,
      timeoutMs: this.settings.downloadTimeoutMs,
      signal: this.options.signal,
      blobPath: blob,
      expectedSize: metadata.size,
      etag: metadata.etag,
      retries: this.options.retries ?? 3,
      onProgress:
        onProgress === undefined
          ? undefined
          : (receivedBytes, totalBytes, done) =>
              onProgress({ repo: repo.id, path, receivedBytes, totalBytes, done }),
      onHttpError: (status, responseHeaders) =>
        hubResponseError(
          {
            status,
            errorCode: responseHeaders['x-error-code'],
            errorMessage: responseHeaders['x-error-message'],
          },
          context,
        ),
      onNetworkError: (error) =>
        new HubError(
          'network',
          `downloading ${path} of ${describeRepo(repo)} from ${displayEndpoint(new URL(metadata.location).origin)} failed (${this.redact(describeNetworkError(error, this.settings.downloadTimeoutMs))}); the partial file is kept and the next attempt resumes it`,
          { cause: error },
        ),
      onIntegrityError: (detail) =>
        new HubError(
          'invalid-response',
          `downloading ${path} of ${describeRepo(repo)}: ${detail}; the download was discarded`,
        ),
    });
    inFlight.set(blob, job);
    try {
      await job;
    } finally {
      inFlight.delete(blob);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Failures after which a cached copy may stand in (as in huggingface_hub): not 404s of a revision or file. */
function canFallBackToCache(error: HubError): boolean {
  return error.reason !== 'revision-not-found' && error.reason !== 'entry-not-found';
}

/**
 * Creates a client of the Hugging Face Hub that reads and fills the Hugging Face cache exactly
 * as Python's huggingface_hub does (shared with it), honours `HF_ENDPOINT`, `HF_TOKEN`,
 * `HF_HUB_OFFLINE` and proxies from the environment, follows the Hub's redirects without ever
 * sending the token to another host, and downloads atomically and resumably.
 *
 * @example
 * ```ts
 * const hub = createHubClient();
 * try {
 *   const file = await hub.fetchFile({ repo: 'Qwen/Qwen3-0.6B', path: 'tokenizer.json' });
 *   console.log(file.path, file.commit, file.from);
 * } finally {
 *   await hub.close();
 * }
 * ```
 */
export function createHubClient(options: HubClientOptions = {}): HubClient {
  return new DefaultHubClient(options);
}
