/** The kinds of Hub repository the client reads. */
export type HubRepoType = 'model' | 'dataset';

/** One repository at one revision. */
export interface HubRepoRef {
  /** `org/name` (or a legacy bare `name`). */
  id: string;
  type: HubRepoType;
  /** Branch, tag or commit hash. @default 'main' */
  revision: string;
}

/** The revision huggingface_hub uses when none is given. */
export const DEFAULT_REVISION = 'main';

/** A full commit hash, which the cache can answer without asking the Hub. */
const COMMIT_HASH = /^[0-9a-f]{40}$/;
/** huggingface_hub's `validate_repo_id`: one optional namespace, up to 96 word, `-` and `.` characters. */
const REPO_ID = /^(?:[\w.-]+\/)?[\w.-]{1,96}$/;

/** True when `revision` is a full commit hash. */
export function isCommitHash(revision: string): boolean {
  return COMMIT_HASH.test(revision);
}

/** True when `id` is a repository id the Hub accepts (`org/name` or a legacy `name`). */
export function isRepoId(id: string): boolean {
  return (
    REPO_ID.test(id) &&
    !id.includes('--') &&
    !id.includes('..') &&
    !id.endsWith('.git') &&
    !/^[-.]|[-.]$/.test(id.split('/').pop() ?? '')
  );
}

/**
 * Splits `org/name@revision` into id and revision; `@` is how `hf://` URLs and several HF
 * tools spell a revision. Returns `undefined` for anything that is not a repository id.
 */
export function parseRepoSpec(
  spec: string,
): { id: string; revision: string | undefined } | undefined {
  const at = spec.indexOf('@');
  const id = at === -1 ? spec : spec.slice(0, at);
  const revision = at === -1 ? undefined : spec.slice(at + 1);
  if (!isRepoId(id) || revision === '') return undefined;
  return { id, revision };
}

/** The cache folder of a repository, e.g. `models--Qwen--Qwen3-0.6B` (huggingface_hub's `repo_folder_name`). */
export function repoFolderName(repo: Pick<HubRepoRef, 'id' | 'type'>): string {
  return [`${repo.type}s`, ...repo.id.split('/')].join('--');
}

/** `org/name` as users read it, with `@revision` unless it is `main`. */
export function describeRepo(repo: HubRepoRef): string {
  const prefix = repo.type === 'dataset' ? 'dataset ' : '';
  return repo.revision === DEFAULT_REVISION
    ? `${prefix}${repo.id}`
    : `${prefix}${repo.id}@${repo.revision}`;
}

/** The repository's page, where a gated model's access is requested. */
export function repoPageUrl(endpoint: string, repo: Pick<HubRepoRef, 'id' | 'type'>): string {
  return `${endpoint}/${repo.type === 'dataset' ? 'datasets/' : ''}${repo.id}`;
}

/**
 * `{endpoint}/{repo}/resolve/{revision}/{path}`, datasets under `/datasets/`, the revision
 * escaped whole (a branch `refs/pr/1` becomes `refs%2Fpr%2F1`) and each path segment escaped,
 * as huggingface_hub's `hf_hub_url` builds it.
 */
export function resolveUrl(endpoint: string, repo: HubRepoRef, path: string): string {
  const file = path.split('/').map(encodeURIComponent).join('/');
  return `${repoPageUrl(endpoint, repo)}/resolve/${encodeURIComponent(repo.revision)}/${file}`;
}
