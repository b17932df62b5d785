import { createHash } from 'node:crypto';

/**
 * The prefix-cache keys of a prompt, as vLLM computes them: one per *full* block of
 * `blockSize` token ids, each the SHA-256 of the previous block's key and this block's ids, so a
 * key names the whole prefix up to the end of its block. A partial last block has no key.
 */
export function blockHashes(tokenIds: readonly number[], blockSize: number): string[] {
  const keys: string[] = [];
  const full = Math.floor(tokenIds.length / blockSize);
  const ids = new Int32Array(blockSize);
  let parent = Buffer.alloc(0);
  for (let block = 0; block < full; block++) {
    for (let i = 0; i < blockSize; i++) ids[i] = tokenIds[block * blockSize + i]!;
    parent = createHash('sha256')
      .update(parent)
      .update(new Uint8Array(ids.buffer, 0, ids.byteLength))
      .digest();
    keys.push(parent.toString('base64'));
  }
  return keys;
}
