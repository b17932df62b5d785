import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Dispatcher } from 'undici';
import {
  getFollowingRedirects,
  isTransientNetworkError,
  readErrorBody,
  type HeaderMap,
} from './http.js';

/** Progress callbacks come at most this often, plus one at the start and one at the end. */
const PROGRESS_INTERVAL_MS = 250;

/** What {@link downloadBlob} needs. */
export interface BlobDownload {
  url: string;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  /** Limit on waiting for headers and for each piece of the body. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Final path, `blobs/<etag>`; the download runs in `<blobPath>.incomplete`. */
  blobPath: string;
  expectedSize: number;
  /** The file's ETag: a sha256 (LFS) or git sha1 that the content is checked against. */
  etag: string;
  /** Retries of a broken transfer that made no progress, each resumed where it stopped. */
  retries: number;
  onProgress?: ((receivedBytes: number, totalBytes: number, done: boolean) => void) | undefined;
  /** Turns a non-2xx answer into the error to throw. */
  onHttpError: (status: number, headers: HeaderMap, body: string) => Error;
  /** Turns a network failure into the error to throw once retries are spent. */
  onNetworkError: (error: unknown) => Error;
  /** Turns a size or hash mismatch into the error to throw. */
  onIntegrityError: (detail: string) => Error;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** The hash the Hub names a file by: sha256 of the content, or git's blob sha1. */
async function contentHash(path: string, etag: string, size: number): Promise<string | undefined> {
  let hash;
  if (/^[0-9a-f]{64}$/.test(etag)) hash = createHash('sha256');
  else if (/^[0-9a-f]{40}$/.test(etag)) hash = createHash('sha1').update(`blob ${size}\0`);
  else return undefined;
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether a 206 answer starts where the partial file ends. */
function rangeStartsAt(headers: HeaderMap, offset: number): boolean {
  const match = /^bytes (\d+)-/.exec(headers['content-range'] ?? '');
  return match !== null && Number(match[1]) === offset;
}

/**
 * Downloads one blob into `<blobPath>.incomplete`, resuming a partial file left by an earlier
 * attempt or process with a `Range` request, checks its size and hash, and renames it into
 * place, so `blobs/<etag>` only ever holds a whole, verified file. A server that ignores the
 * range (200 instead of 206) or rejects it (416) gets a fresh download.
 */
export async function downloadBlob(job: BlobDownload): Promise<void> {
  const incomplete = `${job.blobPath}.incomplete`;
  await mkdir(dirname(job.blobPath), { recursive: true });
  let retriesLeft = job.retries;
  let lastReport = 0;
  const report = (received: number, done: boolean): void => {
    const now = performance.now();
    if (!done && lastReport !== 0 && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    job.onProgress?.(received, job.expectedSize, done);
  };
  for (;;) {
    let offset = await sizeOf(incomplete);
    if (offset > job.expectedSize) {
      await truncate(incomplete, 0);
      offset = 0;
    }
    if (offset === job.expectedSize) break;
    const headers: Record<string, string> = { ...job.headers, 'accept-encoding': 'identity' };
    if (offset > 0) headers['range'] = `bytes=${offset}-`;
    let received = offset;
    try {
      const response = await getFollowingRedirects(job.url, {
        dispatcher: job.dispatcher,
        headers,
        timeoutMs: job.timeoutMs,
        signal: job.signal,
      });
      if (response.status === 416 && offset > 0) {
        await response.body.dump();
        await truncate(incomplete, 0);
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        throw job.onHttpError(
          response.status,
          response.headers,
          await readErrorBody(response.body),
        );
      }
      const append = response.status === 206 && rangeStartsAt(response.headers, offset);
      if (!append) {
        received = 0;
        offset = 0;
      }
      const file = await open(incomplete, append ? 'a' : 'w');
      try {
        report(received, false);
        for await (const chunk of response.body) {
          await file.write(chunk as Buffer);
          received += (chunk as Buffer).length;
          report(received, false);
        }
      } finally {
        await file.close();
      }
    } catch (error) {
      job.signal?.throwIfAborted();
      if (!isTransientNetworkError(error)) {
        throw isHttpOrIntegrity(error) ? error : job.onNetworkError(error);
      }
      // Progress earns the retries back, as huggingface_hub's http_get does.
      if (received > offset) retriesLeft = job.retries;
      else if (retriesLeft-- <= 0) throw job.onNetworkError(error);
      continue;
    }
    if (received === job.expectedSize) break;
    // A body that ended early without an error is resumed, unless nothing came at all.
    if (received > job.expectedSize || received <= offset) {
      await rm(incomplete, { force: true });
      throw job.onIntegrityError(`received ${received} bytes, expected ${job.expectedSize}`);
    }
  }
  const size = await sizeOf(incomplete);
  const hash = await contentHash(incomplete, job.etag, size);
  if (hash !== undefined && hash !== job.etag) {
    await rm(incomplete, { force: true });
    throw job.onIntegrityError(`content hash ${hash} does not match the ETag ${job.etag}`);
  }
  await rename(incomplete, job.blobPath);
  report(size, true);
}

/** Errors made by the callbacks carry a `code`; raw transport errors are wrapped. */
function isHttpOrIntegrity(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_HUB';
}
