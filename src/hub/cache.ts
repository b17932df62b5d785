import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isCommitHash, repoFolderName, type HubRepoRef } from './repo.js';

/**
 * One repository's folder in the Hugging Face cache, laid out exactly as huggingface_hub lays it
 * out, so that either tool reuses what the other downloaded:
 *
 * ```
 * <cacheDir>/models--org--name/
 *   blobs/<etag>                      file contents, named by ETag (git sha1, or sha256 for LFS)
 *   blobs/<etag>.incomplete           a download in progress (resumed with a Range request)
 *   refs/<revision>                   the commit hash a branch or tag pointed to when last seen
 *   snapshots/<commit>/<path>         relative symlink to ../../blobs/<etag>
 *   .no_exist/<commit>/<path>         empty marker: the Hub said this file does not exist
 * ```
 */
export interface RepoCache {
  /** `<cacheDir>/models--org--name`. */
  readonly folder: string;
  /** The commit a revision maps to: itself when it is a hash, else the ref file's content. */
  commitFor(revision: string): Promise<string | undefined>;
  /** `snapshots/<commit>/<path>`. */
  pointerPath(commit: string, path: string): string;
  /** `blobs/<etag>`. */
  blobPath(etag: string): string;
  /** The snapshot file, when it exists (and its blob behind it). */
  findFile(commit: string, path: string): Promise<string | undefined>;
  /** Whether the Hub said, at this commit, that the file does not exist. */
  isKnownMissing(commit: string, path: string): Promise<boolean>;
  /** Records that the file does not exist at this commit (best effort). */
  markMissing(commit: string, path: string): Promise<void>;
  /** Points `refs/<revision>` at `commit`, atomically; a commit-hash revision needs no ref. */
  writeRef(revision: string, commit: string): Promise<void>;
  /** Creates `snapshots/<commit>/<path>` as a relative symlink to the blob. */
  link(commit: string, path: string, etag: string): Promise<string>;
}

/** Whether `path` exists (following symlinks: a dangling one does not). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Refuses paths that would leave the folder they are joined to (`../`, absolute paths). */
function inside(base: string, ...parts: string[]): string {
  const joined = resolve(base, ...parts);
  if (joined !== resolve(base) && !joined.startsWith(resolve(base) + sep)) {
    throw new Error(`path ${parts.join('/')} leaves the cache folder ${base}`);
  }
  return joined;
}

/** Writes a file through a unique temporary name and a rename, so readers never see half of it. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Opens the cache folder of `repo` under `cacheDir`; nothing is created until something is written. */
export function openRepoCache(cacheDir: string, repo: Pick<HubRepoRef, 'id' | 'type'>): RepoCache {
  const folder = join(cacheDir, repoFolderName(repo));
  const cache: RepoCache = {
    folder,
    async commitFor(revision) {
      if (isCommitHash(revision)) return revision;
      try {
        const commit = (await readFile(inside(folder, 'refs', revision), 'utf8')).trim();
        return isCommitHash(commit) ? commit : undefined;
      } catch {
        return undefined;
      }
    },
    pointerPath: (commit, path) => inside(join(folder, 'snapshots', commit), path),
    blobPath: (etag) => inside(join(folder, 'blobs'), etag),
    async findFile(commit, path) {
      const pointer = cache.pointerPath(commit, path);
      // exists() follows the symlink: a dangling one (blob removed) counts as missing.
      return (await pathExists(pointer)) ? pointer : undefined;
    },
    isKnownMissing: (commit, path) => pathExists(inside(join(folder, '.no_exist', commit), path)),
    async markMissing(commit, path) {
      try {
        const marker = inside(join(folder, '.no_exist', commit), path);
        await mkdir(dirname(marker), { recursive: true });
        await writeFile(marker, '');
      } catch {
        // A read-only cache still works; the marker only saves a request next time.
      }
    },
    async writeRef(revision, commit) {
      if (revision === commit) return;
      const ref = inside(folder, 'refs', revision);
      try {
        if ((await readFile(ref, 'utf8')) === commit) return;
      } catch {
        // No ref yet.
      }
      await writeFileAtomic(ref, commit);
    },
    async link(commit, path, etag) {
      const pointer = cache.pointerPath(commit, path);
      const blob = cache.blobPath(etag);
      await mkdir(dirname(pointer), { recursive: true });
      await rm(pointer, { force: true });
      try {
        // Relative, as huggingface_hub makes it, so a moved cache folder stays valid.
        await symlink(relative(dirname(pointer), blob), pointer);
      } catch (error) {
        // Another process linked it in between: fine if it points at the same blob.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      return pointer;
    },
  };
  return cache;
}
