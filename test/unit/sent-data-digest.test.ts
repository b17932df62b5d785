import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSentDataDigest } from '../../src/data/sent-data-digest.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import type { RequestSample } from '../../src/spec/data-source.js';

function digestOf(samples: readonly RequestSample[]) {
  const digest = createSentDataDigest();
  for (const sample of samples) digest.record(sample);
  return digest.summary();
}

async function synthetic(seed: string, count: number): Promise<RequestSample[]> {
  const source = createSyntheticDataSource({
    type: 'synthetic',
    promptTokens: 32,
    outputTokens: 8,
    prefixTokens: 16,
    prefixCount: 5,
  });
  await source.prepare({ seed, expectedCount: count });
  const iterator = source.samples();
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

describe('the digest of sent requests', () => {
  it('is the same for the same seed and data, different for another seed', async () => {
    const first = digestOf(await synthetic('42', 50));
    const again = digestOf(await synthetic('42', 50));
    const other = digestOf(await synthetic('43', 50));
    expect(first.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again).toEqual(first);
    expect(other.contentHash).not.toBe(first.contentHash);
    expect(first.requests).toBe(50);
    expect(first.distinctPrefixes).toBe(5);
  });

  it('changes with the order, the output budget, the messages, and not with token counts', () => {
    const a: RequestSample = { prompt: 'alpha', outputTokens: 10 };
    const b: RequestSample = { prompt: 'beta' };
    const base = digestOf([a, b]).contentHash;
    expect(digestOf([b, a]).contentHash).not.toBe(base);
    expect(digestOf([{ ...a, outputTokens: 11 }, b]).contentHash).not.toBe(base);
    expect(digestOf([a, { ...b, outputTokens: 1 }]).contentHash).not.toBe(base);
    expect(
      digestOf([a, { ...b, messages: [{ role: 'user', content: 'beta' }] }]).contentHash,
    ).not.toBe(base);
    // promptTokens is the source's count, not part of what is sent.
    expect(digestOf([{ ...a, promptTokens: 3 }, b]).contentHash).toBe(base);
  });

  it('never confuses where one string ends and the next begins', () => {
    const split = digestOf([{ prompt: 'ab' }, { prompt: 'c' }]).contentHash;
    const joined = digestOf([{ prompt: 'a' }, { prompt: 'bc' }]).contentHash;
    expect(split).not.toBe(joined);
    const roles = digestOf([
      { prompt: 'x', messages: [{ role: 'user', content: 'assistant' }] },
    ]).contentHash;
    const swapped = digestOf([
      { prompt: 'x', messages: [{ role: 'assistant', content: 'user' }] },
    ]).contentHash;
    expect(roles).not.toBe(swapped);
  });

  it('hashes a documented encoding that another implementation can reproduce', () => {
    // tag (1 byte) + UTF-8 length (uint32 BE) + bytes per string; 0x04 = no output budget;
    // 0x03 + uint32 BE budget; 0xff ends a request.
    const expected = createHash('sha256')
      // "hé" is three bytes in UTF-8.
      .update(Buffer.from([0x01, 0, 0, 0, 3]))
      .update('hé')
      .update(Buffer.from([0x03, 0, 0, 0, 7, 0xff]))
      .digest('hex');
    expect(digestOf([{ prompt: 'hé', outputTokens: 7 }]).contentHash).toBe(`sha256:${expected}`);
    const none = createHash('sha256')
      .update(Buffer.from([0x01, 0, 0, 0, 1]))
      .update('x')
      .update(Buffer.from([0x04, 0xff]))
      .digest('hex');
    expect(digestOf([{ prompt: 'x' }]).contentHash).toBe(`sha256:${none}`);
  });

  it('keeps going after a summary, and counts distinct prefixes', () => {
    const digest = createSentDataDigest();
    digest.record({ prompt: 'p1', prefix: 'sys A' });
    const early = digest.summary();
    digest.record({ prompt: 'p2', prefix: 'sys A' });
    digest.record({ prompt: 'p3', prefix: 'sys B' });
    digest.record({ prompt: 'p4' });
    const late = digest.summary();
    expect(early).toMatchObject({ requests: 1, distinctPrefixes: 1 });
    expect(late).toMatchObject({ requests: 4, distinctPrefixes: 2 });
    expect(late.contentHash).not.toBe(early.contentHash);
    expect(late.contentHash).toBe(
      digestOf([
        { prompt: 'p1', prefix: 'sys A' },
        { prompt: 'p2', prefix: 'sys A' },
        { prompt: 'p3', prefix: 'sys B' },
        { prompt: 'p4' },
      ]).contentHash,
    );
  });
});
