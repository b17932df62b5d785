import type { HeaderMap } from './http.js';
import { isCommitHash } from './repo.js';

/** The metadata of one file, read from the answer to `HEAD .../resolve/...`. */
export interface FileMetadata {
  /** `X-Repo-Commit`: the commit the revision resolved to. */
  commit: string;
  /** The blob's name: `X-Linked-Etag` (an LFS file behind a redirect), else `ETag`. */
  etag: string;
  /** `X-Linked-Size`, else `Content-Length` of a non-redirect answer. */
  size: number;
  /** Where to GET the content: the CDN a 302 points to, or the resolve URL itself. */
  location: string;
}

/** huggingface_hub's `_normalize_etag`: `W/"abc"` and `"abc"` both become `abc`. */
export function normalizeEtag(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  const value = etag.replace(/^W\//, '').replace(/^"+|"+$/g, '');
  return value === '' ? undefined : value;
}

/**
 * Reads a file's metadata from the headers of the Hub's answer to `HEAD`, exactly as
 * huggingface_hub's `get_hf_file_metadata` does; `invalid` makes the error for a missing piece
 * (a proxy or a server that is not the Hub).
 */
export function parseFileMetadata(
  headers: HeaderMap,
  url: string,
  redirect: boolean,
  invalid: (what: string) => Error,
): FileMetadata {
  const commit = headers['x-repo-commit'];
  if (commit === undefined || !isCommitHash(commit)) throw invalid('no X-Repo-Commit header');
  // X-Linked-Etag (the LFS file behind a redirect) wins over the ETag of the response itself.
  const etag = normalizeEtag(headers['x-linked-etag'] ?? headers['etag']);
  if (etag === undefined || !/^[\w.-]+$/.test(etag)) throw invalid('no usable ETag header');
  const sizeText = headers['x-linked-size'] ?? (redirect ? undefined : headers['content-length']);
  const size = sizeText === undefined ? NaN : Number(sizeText);
  if (!Number.isSafeInteger(size) || size < 0) throw invalid('no file size header');
  const location =
    redirect && headers['location'] !== undefined ? new URL(headers['location'], url).href : url;
  return { commit, etag, size, location };
}
