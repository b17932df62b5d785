/**
 * The KV-cache blocks of the engine simulator, kept as vLLM's block pool keeps them: a block is
 * held by the requests that reference it; a block nobody holds sits in a free queue, still
 * carrying the prompt prefix it cached, until an allocation takes it from the front of the queue
 * (least recently freed first) and its cached prefix is forgotten.
 */
export interface KvBlockPool {
  /** Blocks in all. */
  readonly size: number;
  /** Blocks an allocation can take now (free ones, cached or not). */
  readonly freeCount: number;
  /** Fraction of blocks held by some request, as vLLM's `kv_cache_usage_perc` (0 to 1). */
  usage(): number;
  /** The block caching the prefix that ends with `hash`, if one still does. */
  lookup(hash: string): number | undefined;
  /** Whether `block` is held by nobody (it then counts in `freeCount`). */
  isFree(block: number): boolean;
  /** Takes `count` blocks from the front of the free queue for a request; undefined if too few. */
  allocate(count: number): number[] | undefined;
  /** Adds a reference to a cached block a request reuses, taking it off the free queue. */
  touch(block: number): void;
  /** Records that `block` holds the prefix ending with `hash` (the first block to do so wins). */
  cache(block: number, hash: string): void;
  /** Drops a request's references; blocks nobody holds go to the back of the free queue. */
  free(blocks: readonly number[]): void;
}

/** Creates a pool of `size` empty blocks, all free. */
export function createKvBlockPool(size: number): KvBlockPool {
  const references = new Int32Array(size);
  // A doubly linked free queue over block ids; -1 ends it.
  const previous = new Int32Array(size);
  const next = new Int32Array(size);
  const queued = new Uint8Array(size);
  const hashOf: (string | undefined)[] = new Array<string | undefined>(size);
  const cached = new Map<string, number>();
  let head = -1;
  let tail = -1;
  let freeCount = 0;

  function append(block: number): void {
    previous[block] = tail;
    next[block] = -1;
    if (tail === -1) head = block;
    else next[tail] = block;
    tail = block;
    queued[block] = 1;
    freeCount++;
  }

  function unlink(block: number): void {
    const before = previous[block]!;
    const after = next[block]!;
    if (before === -1) head = after;
    else next[before] = after;
    if (after === -1) tail = before;
    else previous[after] = before;
    queued[block] = 0;
    freeCount--;
  }

  for (let block = 0; block < size; block++) append(block);

  return {
    size,
    get freeCount() {
      return freeCount;
    },
    usage: () => (size === 0 ? 0 : 1 - freeCount / size),
    lookup: (hash) => cached.get(hash),
    isFree: (block) => queued[block] === 1,
    allocate(count) {
      if (count > freeCount) return undefined;
      const blocks: number[] = [];
      for (let i = 0; i < count; i++) {
        const block = head;
        unlink(block);
        // Reusing a cached block evicts the prefix it held.
        const hash = hashOf[block];
        if (hash !== undefined) {
          if (cached.get(hash) === block) cached.delete(hash);
          hashOf[block] = undefined;
        }
        references[block] = 1;
        blocks.push(block);
      }
      return blocks;
    },
    touch(block) {
      if (queued[block] === 1) unlink(block);
      references[block]!++;
    },
    cache(block, hash) {
      if (cached.has(hash) || hashOf[block] !== undefined) return;
      cached.set(hash, block);
      hashOf[block] = hash;
    },
    free(blocks) {
      // Last block first, so a request's tail is evicted before the prefix others may share.
      for (let i = blocks.length - 1; i >= 0; i--) {
        const block = blocks[i]!;
        if (--references[block]! === 0) append(block);
      }
    },
  };
}
