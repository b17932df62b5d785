import { describe, expect, it } from 'vitest';
import { createExactPromptBuilder } from '../../src/data/exact-prompts.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import type { SyntheticDataSpec } from '../../src/data/synthetic-spec.js';
import { SYNTHETIC_CORPUS } from '../../src/data/corpus.js';
import { InferbenchError } from '../../src/errors.js';
import type { RequestSample } from '../../src/spec/data-source.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';

const words = createWordTokenizer();

async function draw(
  spec: Omit<SyntheticDataSpec, 'type'>,
  count: number,
  seed = 'test-seed',
): Promise<RequestSample[]> {
  const source = createSyntheticDataSource({ type: 'synthetic', ...spec });
  await source.prepare({ seed, expectedCount: Math.min(count, 50) });
  const iterator = source.samples();
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

function stats(values: number[]): { mean: number; stdDev: number; min: number; max: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, stdDev: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

describe('synthetic data source with the word tokenizer', () => {
  it('gives prompts of exactly the requested length, prepared and generated on demand', async () => {
    const samples = await draw({ promptTokens: 64, outputTokens: 16 }, 200);
    for (const sample of samples) {
      expect(sample.promptTokens).toBe(64);
      expect(words.count(sample.prompt)).toBe(64);
      expect(words.encode(sample.prompt)).toHaveLength(64);
      expect(sample.outputTokens).toBe(16);
    }
  });

  it('gives exact counts for every drawn length, from a single token up', async () => {
    const samples = await draw(
      { promptTokens: 20, promptTokensStdev: 15, promptTokensMin: 1 },
      500,
    );
    expect(samples.some((sample) => sample.promptTokens === 1)).toBe(true);
    for (const sample of samples) expect(words.count(sample.prompt)).toBe(sample.promptTokens);
  });

  it('writes prompts from the English corpus', async () => {
    const [sample] = await draw({ promptTokens: 40 }, 1);
    const corpusWords = new Set(SYNTHETIC_CORPUS.split(' '));
    const promptWords = sample!.prompt.trim().split(' ').slice(1);
    expect(promptWords.every((word) => corpusWords.has(word))).toBe(true);
  });

  it('never repeats a prompt, within one iterator or across benchmarks', async () => {
    const source = createSyntheticDataSource({ type: 'synthetic', promptTokens: 8 });
    await source.prepare({ seed: 's', expectedCount: 100 });
    const seen = new Set<string>();
    for (let benchmark = 0; benchmark < 3; benchmark++) {
      const iterator = source.samples();
      for (let i = 0; i < 700; i++) seen.add(iterator.next().value.prompt);
    }
    expect(seen.size).toBe(2100);
  });

  it('gives the same samples for the same seed and different ones for another seed', async () => {
    const spec = {
      promptTokens: 50,
      promptTokensStdev: 10,
      outputTokens: 20,
      outputTokensStdev: 5,
    };
    const first = await draw(spec, 120, 'alpha');
    const again = await draw(spec, 120, 'alpha');
    const other = await draw(spec, 120, 'beta');
    expect(again).toEqual(first);
    expect(other.map((sample) => sample.prompt)).not.toEqual(first.map((sample) => sample.prompt));
    expect(other.map((sample) => sample.promptTokens)).not.toEqual(
      first.map((sample) => sample.promptTokens),
    );
  });

  it('keeps prompt lengths of a seed when only the output spec changes', async () => {
    const a = await draw({ promptTokens: 50, promptTokensStdev: 10, outputTokens: 5 }, 50);
    const b = await draw({ promptTokens: 50, promptTokensStdev: 10, outputTokens: 900 }, 50);
    expect(b.map((sample) => sample.prompt)).toEqual(a.map((sample) => sample.prompt));
  });

  it('draws a clipped normal when a stdev is set', async () => {
    const samples = await draw(
      { promptTokens: 100, promptTokensStdev: 30, promptTokensMin: 60, promptTokensMax: 130 },
      2000,
    );
    const lengths = samples.map((sample) => sample.promptTokens!);
    const summary = stats(lengths);
    expect(summary.min).toBe(60);
    expect(summary.max).toBe(130);
    expect(lengths.every((length) => Number.isInteger(length))).toBe(true);
    expect(summary.mean).toBeGreaterThan(92);
    expect(summary.mean).toBeLessThan(102);
    // Clipping at about one stdev narrows the spread below 30 but not to nothing.
    expect(summary.stdDev).toBeGreaterThan(18);
    expect(summary.stdDev).toBeLessThan(30);
  });

  it('draws a normal within mean ± 5 stdev (and never below 1) when no bounds are set', async () => {
    const samples = await draw(
      { promptTokens: 10, promptTokensStdev: 8, outputTokens: 300, outputTokensStdev: 40 },
      2000,
    );
    const prompts = stats(samples.map((sample) => sample.promptTokens!));
    const outputs = stats(samples.map((sample) => sample.outputTokens!));
    expect(prompts.min).toBe(1);
    expect(prompts.max).toBeLessThanOrEqual(50);
    expect(outputs.mean).toBeGreaterThan(295);
    expect(outputs.mean).toBeLessThan(305);
    expect(outputs.stdDev).toBeGreaterThan(36);
    expect(outputs.stdDev).toBeLessThan(44);
  });

  it('draws a uniform integer between the bounds when no stdev is set', async () => {
    const samples = await draw(
      {
        promptTokens: 15,
        promptTokensMin: 10,
        promptTokensMax: 20,
        outputTokens: 7,
        outputTokensMax: 9,
      },
      1000,
    );
    const prompts = new Set(samples.map((sample) => sample.promptTokens));
    const outputs = new Set(samples.map((sample) => sample.outputTokens));
    expect([...prompts].sort((a, b) => a! - b!)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
    expect([...outputs].sort((a, b) => a! - b!)).toEqual([7, 8, 9]);
  });

  it('leaves the output budget unset when the spec has none', async () => {
    const [sample] = await draw({ promptTokens: 5 }, 1);
    expect(sample).not.toHaveProperty('outputTokens');
  });

  it('rejects an invalid spec when created', () => {
    expect(() => createSyntheticDataSource({ type: 'synthetic', promptTokens: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGS', field: 'data.promptTokens' }),
    );
  });

  it('refuses samples() before prepare() and stops preparing on abort', async () => {
    const source = createSyntheticDataSource({ type: 'synthetic', promptTokens: 5 });
    expect(() => source.samples().next()).toThrow(InferbenchError);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(source.prepare({ seed: 'x', signal: controller.signal })).rejects.toThrow('stop');
  });
});

/**
 * A subword tokenizer (pieces of three characters) whose decode is lossy on purpose: " the"
 * comes back as " the the", so a decoded window re-encodes to more tokens than it had.
 */
function createDriftingTokenizer(): Tokenizer {
  const pieces: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (piece: string): number => {
    let id = ids.get(piece);
    if (id === undefined) {
      id = pieces.length;
      pieces.push(piece);
      ids.set(piece, id);
    }
    return id;
  };
  const encode = (text: string): number[] => {
    const out: number[] = [];
    for (const word of text.split(' ')) {
      for (let i = 0; i < word.length; i += 3)
        out.push(idOf((i === 0 ? ' ' : '') + word.slice(i, i + 3)));
    }
    return out;
  };
  return {
    name: 'drifting',
    encode,
    count: (text) => encode(text).length,
    decode: (list) => list.map((id) => (pieces[id] === ' the' ? ' the the' : pieces[id]!)).join(''),
  };
}

describe('exact prompt builder', () => {
  it('corrects windows whose decoded text re-encodes to a different count', () => {
    const tokenizer = createDriftingTokenizer();
    const builder = createExactPromptBuilder(tokenizer);
    const prompts = new Set<string>();
    for (let serial = 0; serial < 300; serial++) {
      const tokens = 1 + ((serial * 37) % 400);
      const { prompt, promptTokens } = builder.build(tokens, serial, (serial * 0.618) % 1);
      expect(promptTokens).toBe(tokens);
      expect(tokenizer.count(prompt)).toBe(tokens);
      prompts.add(prompt);
    }
    expect(prompts.size).toBe(300);
  });
});
