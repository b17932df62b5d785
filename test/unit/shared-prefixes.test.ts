import { describe, expect, it } from 'vitest';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { parseSyntheticShorthand, type SyntheticDataSpec } from '../../src/data/synthetic-spec.js';
import type { RequestSample } from '../../src/spec/data-source.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';

const words = createWordTokenizer();

async function draw(
  spec: SyntheticDataSpec,
  count: number,
  seed = 'prefix-seed',
): Promise<RequestSample[]> {
  const source = createSyntheticDataSource(spec);
  await source.prepare({ seed, expectedCount: 10 });
  const iterator = source.samples();
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

describe('shared prefixes in synthetic data', () => {
  it('parses prefix_tokens and prefix_count, and needs prefix_tokens for a count', () => {
    expect(parseSyntheticShorthand('prompt_tokens=64,prefix_tokens=32,prefix_count=4')).toEqual({
      type: 'synthetic',
      promptTokens: 64,
      prefixTokens: 32,
      prefixCount: 4,
    });
    expect(() => parseSyntheticShorthand('prompt_tokens=64,prefix_count=4')).toThrow(
      'data.prefix_count: expected only together with prefix_tokens, received 4',
    );
    expect(() => parseSyntheticShorthand('prompt_tokens=64,prefix_tokens=0')).toThrow(
      'data.prefix_tokens: expected a number >= 1, received 0',
    );
  });

  it('shares prefix_count distinct prefixes of exactly prefix_tokens tokens', async () => {
    const samples = await draw(
      { type: 'synthetic', promptTokens: 40, outputTokens: 8, prefixTokens: 50, prefixCount: 4 },
      400,
    );
    const prefixes = new Map<string, number>();
    for (const sample of samples) {
      const prefix = sample.prefix!;
      prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
      expect(words.count(prefix)).toBe(50);
      const [system, user] = sample.messages!;
      expect(system).toEqual({ role: 'system', content: prefix });
      expect(user!.role).toBe('user');
      expect(words.count(user!.content)).toBe(40);
      expect(sample.prompt).toBe(`${prefix} ${user!.content}`);
      expect(sample.promptTokens).toBe(90);
      expect(sample.outputTokens).toBe(8);
    }
    expect(prefixes.size).toBe(4);
    // Picked uniformly: each of 4 prefixes gets roughly a quarter of 400 requests.
    for (const count of prefixes.values()) expect(count).toBeGreaterThan(60);
    // Only the prefix is shared: every user prompt is unique.
    expect(new Set(samples.map((sample) => sample.messages![1]!.content)).size).toBe(400);
  });

  it('defaults to one prefix and is reproducible from the seed', async () => {
    const spec: SyntheticDataSpec = { type: 'synthetic', promptTokens: 10, prefixTokens: 20 };
    const first = await draw(spec, 20);
    expect(new Set(first.map((sample) => sample.prefix)).size).toBe(1);
    expect(await draw(spec, 20)).toEqual(first);
    const other = await draw(spec, 20, 'another-seed');
    expect(other.map((sample) => sample.prefix)).not.toEqual(first.map((sample) => sample.prefix));
  });

  it('leaves samples without prefix fields when no prefix is asked for', async () => {
    const [sample] = await draw({ type: 'synthetic', promptTokens: 10 }, 1);
    expect(Object.keys(sample!).sort()).toEqual(['prompt', 'promptTokens']);
  });
});
