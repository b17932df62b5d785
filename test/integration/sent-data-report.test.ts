// The report's data section for synthetic data: the content hash of what was sent follows the
// seed and the data, and the distinct shared prefixes are counted.
import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';

const RUN = {
  target: 'mock',
  tokenizer: 'word',
  profile: 'synchronous',
  maxRequests: 12,
  data: 'prompt_tokens=16,output_tokens=4,prefix_tokens=8,prefix_count=3',
} as const;

describe("the report's data section", () => {
  it('hashes the requests sent: the same seed gives the same hash, another seed another', async () => {
    const first = await runBenchmark({ ...RUN, randomSeed: 1 });
    const again = await runBenchmark({ ...RUN, randomSeed: 1 });
    const other = await runBenchmark({ ...RUN, randomSeed: 2 });
    expect(first.data).toMatchObject({ kind: 'synthetic', name: 'synthetic', requests: 12 });
    expect(first.data!.distinctPrefixes).toBeGreaterThanOrEqual(2);
    expect(first.data!.distinctPrefixes).toBeLessThanOrEqual(3);
    expect(again.data!.contentHash).toBe(first.data!.contentHash);
    expect(other.data!.contentHash).not.toBe(first.data!.contentHash);
  });
});
