import { InferbenchError } from '../errors.js';
import { describeRepo, repoPageUrl, type HubRepoRef } from './repo.js';

/** Why a Hub request failed; stable, for callers that branch on it. */
export type HubErrorReason =
  /** The repository is gated and the request had no token (401) or one without access (403). */
  | 'gated'
  /** The Hub refused the credentials themselves (401 with an invalid token). */
  | 'unauthorized'
  /** No such repository, or a private one the token cannot see. */
  | 'repo-not-found'
  /** The repository has no such branch, tag or commit. */
  | 'revision-not-found'
  /** The revision has no such file. */
  | 'entry-not-found'
  /** The Hub (or a mirror) could not be reached, or did not answer in time. */
  | 'network'
  /** Offline mode and the file is not in the cache. */
  | 'offline-miss'
  /** The answer was not what the Hub sends (no commit or ETag header, wrong size or hash). */
  | 'invalid-response'
  /** Any other HTTP error status. */
  | 'http';

/**
 * A Hub request that failed: `code` is `ERR_HUB`, `reason` says why. Messages name the
 * repository, the endpoint and, where the cache was consulted, the cache path; they never
 * carry the token.
 */
export class HubError extends InferbenchError {
  /** Why the request failed. */
  readonly reason: HubErrorReason;
  /** HTTP status, when the Hub answered. */
  readonly status: number | undefined;

  constructor(
    reason: HubErrorReason,
    message: string,
    options: { status?: number | undefined; cause?: unknown } = {},
  ) {
    super('ERR_HUB', message, options.cause === undefined ? {} : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
  }
}

/** What a failed Hub response said, as far as classification needs it. */
export interface HubErrorResponse {
  status: number;
  /** The Hub's `X-Error-Code` header (`GatedRepo`, `RepoNotFound`, …). */
  errorCode: string | undefined;
  /** The Hub's `X-Error-Message` header. */
  errorMessage: string | undefined;
}

/** Context for turning a response into a message. */
export interface HubErrorContext {
  endpoint: string;
  repo: HubRepoRef;
  path: string;
  /** Whether a token was sent. */
  withToken: boolean;
  /** Masks secrets in text the server sent back. */
  redact: (text: string) => string;
}

/**
 * Classifies a failed Hub response the way huggingface_hub's `hf_raise_for_status` does, by
 * `X-Error-Code` first, then by status, and words the error for someone who can fix it.
 */
export function hubResponseError(response: HubErrorResponse, context: HubErrorContext): HubError {
  const { status, errorCode } = response;
  const { repo, endpoint } = context;
  const name = describeRepo(repo);
  const said =
    response.errorMessage === undefined ? '' : ` (Hub: ${context.redact(response.errorMessage)})`;
  const options = { status };
  if (errorCode === 'GatedRepo') {
    const page = repoPageUrl(endpoint, repo);
    const message = context.withToken
      ? `gated: the Hugging Face token in use has no access to ${repo.id}; request access at ${page} and set HF_TOKEN with access to ${repo.id}${said}`
      : `gated: set HF_TOKEN with access to ${repo.id} (request access at ${page})${said}`;
    return new HubError('gated', message, options);
  }
  if (errorCode === 'RevisionNotFound') {
    return new HubError(
      'revision-not-found',
      `${repo.id} has no revision ${JSON.stringify(repo.revision)} on ${endpoint} (HTTP ${status})${said}`,
      options,
    );
  }
  if (errorCode === 'EntryNotFound') {
    return new HubError(
      'entry-not-found',
      `${name} has no file ${context.path} on ${endpoint} (HTTP ${status})${said}`,
      options,
    );
  }
  const invalidCredentials =
    response.errorMessage === 'Invalid credentials in Authorization header';
  if (status === 401 && invalidCredentials) {
    return new HubError(
      'unauthorized',
      `the Hub at ${endpoint} rejected the Hugging Face token (HTTP 401); check HF_TOKEN${said}`,
      options,
    );
  }
  if (errorCode === 'RepoNotFound' || status === 401 || status === 404) {
    const hint = context.withToken
      ? 'or it is private and the token in use cannot see it'
      : 'or it is private or gated: set HF_TOKEN with access to it';
    return new HubError(
      'repo-not-found',
      `no repository ${repo.id} on ${endpoint} (HTTP ${status}), ${hint}${said}`,
      options,
    );
  }
  if (status === 403) {
    return new HubError(
      'gated',
      `the Hub at ${endpoint} refused access to ${repo.id} (HTTP 403); set HF_TOKEN with access to ${repo.id}${said}`,
      options,
    );
  }
  return new HubError(
    'http',
    `the Hub at ${endpoint} answered HTTP ${status} for ${context.path} of ${name}${said}`,
    options,
  );
}
