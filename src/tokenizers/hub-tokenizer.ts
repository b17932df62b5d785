import { dirname } from 'node:path';
import { HubError } from '../hub/errors.js';
import { createHubClient, type HubClientOptions } from '../hub/hub-client.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { loadHfTokenizer } from './hf-tokenizer.js';

/** A tokenizer loaded from a Hub repository, and where its files came from. */
export interface HubTokenizer {
  tokenizer: Tokenizer;
  /** `cache` when nothing was downloaded, `hub` when a file was fetched now. */
  from: 'cache' | 'hub';
  /** The commit the revision resolved to. */
  commit: string;
}

/**
 * Loads the tokenizer of a Hub model: `tokenizer.json` (required) and `tokenizer_config.json`
 * (when the repository has one) through the Hugging Face cache, then the same loader as a
 * local folder. The tokenizer's name is the repository id.
 *
 * @example
 * ```ts
 * const { tokenizer, commit } = await loadHubTokenizer('Qwen/Qwen3-0.6B');
 * tokenizer.count('Hello world');
 * ```
 * @throws HubError (`ERR_HUB`) when the files can be neither found in the cache nor downloaded,
 * and InferbenchError `ERR_TOKENIZER` when they are not a usable tokenizer.
 */
export async function loadHubTokenizer(
  repo: string,
  revision?: string,
  options: HubClientOptions = {},
): Promise<HubTokenizer> {
  const hub = createHubClient(options);
  try {
    const request = { repo, revision };
    const file = await hub.fetchFile({ ...request, path: 'tokenizer.json' });
    // The config must come from the same commit as the tokenizer it configures.
    const config = await hub
      .fetchOptionalFile({ ...request, revision: file.commit, path: 'tokenizer_config.json' })
      .catch((error: unknown) => {
        // Offline, a config never asked for is as good as absent: the tokenizer works without.
        if (error instanceof HubError && error.reason === 'offline-miss') return undefined;
        throw error;
      });
    const tokenizer = await loadHfTokenizer(dirname(file.path));
    const from = file.from === 'hub' || config?.from === 'hub' ? 'hub' : 'cache';
    return { tokenizer: { ...tokenizer, name: repo }, from, commit: file.commit };
  } finally {
    await hub.close();
  }
}
