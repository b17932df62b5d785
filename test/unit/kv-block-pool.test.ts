import { describe, expect, it } from 'vitest';
import { blockHashes } from '../../src/mock-server/block-hashes.js';
import { createKvBlockPool } from '../../src/mock-server/kv-block-pool.js';

describe('KV block pool', () => {
  it("keeps freed blocks' prefixes until an allocation takes them, the request's tail first", () => {
    const pool = createKvBlockPool(4);
    const held = pool.allocate(3)!;
    held.forEach((block, i) => pool.cache(block, `prefix-${i}`));
    expect(pool.usage()).toBe(0.75);
    expect(pool.allocate(2)).toBeUndefined();
    pool.free(held);
    expect(pool.freeCount).toBe(4);
    expect(pool.lookup('prefix-0')).toBe(held[0]);
    // The never-used block goes first, then the freed ones from the request's last block back.
    expect(pool.allocate(2)).toEqual([3, held[2]]);
    expect(pool.lookup('prefix-2')).toBeUndefined();
    expect(pool.lookup('prefix-1')).toBe(held[1]);
  });

  it('shares a cached block between requests and frees it only when the last lets go', () => {
    const pool = createKvBlockPool(2);
    const [block] = pool.allocate(1)!;
    pool.cache(block!, 'shared');
    pool.touch(block!);
    pool.free([block!]);
    expect(pool.isFree(block!)).toBe(false);
    pool.free([block!]);
    expect(pool.isFree(block!)).toBe(true);
    // Reusing a free cached block takes it off the free queue.
    pool.touch(block!);
    expect(pool.freeCount).toBe(1);
    expect(pool.usage()).toBe(0.5);
  });
});

describe('blockHashes', () => {
  it('keys full blocks by their whole prefix, so equal blocks after different prefixes differ', () => {
    const a = blockHashes([1, 2, 3, 4, 5, 6, 7, 8, 9], 4);
    const b = blockHashes([1, 2, 3, 4, 5, 6, 7, 8], 4);
    const c = blockHashes([9, 9, 9, 9, 5, 6, 7, 8], 4);
    expect(a).toHaveLength(2);
    expect(b).toEqual(a);
    expect(c[1]).not.toBe(a[1]);
    expect(new Set([...a, ...c]).size).toBe(4);
  });
});
