import { describe, expect, it } from 'vitest';
import { type MockServer } from '../../src/mock-server/index.js';
import { createWordTokenizer } from '../../src/tokenizers/word-tokenizer.js';
import { contentFrames, postStream, sendJson, waitFor } from './mock-server-client.js';
import { useMockServers } from '../helpers/mock-servers.js';

let server: MockServer | undefined;
const mocks = useMockServers();

// Fast pacing: these tests check shapes and counts, not timing.
const fast = { ttftMs: 1, itlMs: 0 };

interface ChunkJson {
  object: string;
  choices: {
    delta?: { role?: string; content?: string };
    text?: string;
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe('mock server routes', () => {
  it('lists its model and answers health checks', async () => {
    server = await mocks.start({ model: 'org/tiny' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const models = await sendJson(`${server.url}/v1/models`, 'GET');
    expect(models.status).toBe(200);
    expect(models.json).toMatchObject({
      object: 'list',
      data: [{ id: 'org/tiny', object: 'model' }],
    });
    const health = await sendJson(`${server.url}/health`, 'GET');
    expect(health.status).toBe(200);
    expect(server.stats.requestsByRoute).toEqual({ '/v1/models': 1, '/health': 1 });
    expect(server.stats.responsesByStatus).toEqual({ '200': 2 });
  });

  it('answers OpenAI-style errors: bad JSON, bad body, unknown route, wrong method, unknown model', async () => {
    server = await mocks.start(fast);
    const chat = `${server.url}/v1/chat/completions`;
    const badJson = await sendJson(chat, 'POST', undefined, '{"messages": [');
    expect(badJson.status).toBe(400);
    expect(badJson.json).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_json', message: expect.any(String) },
    });
    const noMessages = await sendJson(chat, 'POST', { model: 'mock-model' });
    expect(noMessages.status).toBe(400);
    expect(noMessages.json).toMatchObject({ error: { param: 'messages' } });
    const badMax = await sendJson(`${server.url}/v1/completions`, 'POST', {
      prompt: 'x',
      max_tokens: 0,
    });
    expect(badMax.status).toBe(400);
    const unknown = await sendJson(`${server.url}/v2/nothing`, 'GET');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'not_found' } });
    const wrongMethod = await sendJson(chat, 'PUT', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('POST');
    const wrongModel = await sendJson(chat, 'POST', {
      model: 'gpt-9',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(wrongModel.status).toBe(404);
    expect(wrongModel.json).toMatchObject({
      error: {
        type: 'invalid_request_error',
        code: 'model_not_found',
        message: expect.stringContaining('gpt-9'),
      },
    });
    expect(server.stats.responsesByStatus).toEqual({ '400': 3, '404': 2, '405': 1 });
    expect(server.stats.requestsByRoute['other']).toBe(1);
  });
});

describe('mock server generation', () => {
  it('streams exactly max_tokens content chunks for chat under ignore_eos, with a role chunk first', async () => {
    server = await mocks.start(fast);
    const result = await postStream(`${server.url}/v1/chat/completions`, {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      max_tokens: 17,
      ignore_eos: true,
    });
    expect(result.status).toBe(200);
    expect(result.contentType).toContain('text/event-stream');
    expect(result.frames.at(-1)!.data).toBe('[DONE]');
    const chunks = result.frames.slice(0, -1).map((frame) => JSON.parse(frame.data) as ChunkJson);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    const content = contentFrames(result.frames);
    expect(content).toHaveLength(17);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
    // No usage chunk without stream_options.include_usage.
    expect(chunks.some((chunk) => chunk.usage !== undefined)).toBe(false);
    const text = content.map((part) => part.text).join('');
    expect(createWordTokenizer().count(text)).toBe(17);
    expect(server.stats.streamedTokens).toBe(17);
  });

  it('streams text completions and ends with a usage-only chunk when include_usage is set', async () => {
    server = await mocks.start(fast);
    const result = await postStream(`${server.url}/v1/completions`, {
      prompt: 'alpha beta gamma delta',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 9,
      ignore_eos: true,
    });
    expect(result.frames.at(-1)!.data).toBe('[DONE]');
    const chunks = result.frames.slice(0, -1).map((frame) => JSON.parse(frame.data) as ChunkJson);
    expect(chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true);
    expect(contentFrames(result.frames)).toHaveLength(9);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({ prompt_tokens: 4, completion_tokens: 9, total_tokens: 13 });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
    expect(chunks.filter((chunk) => chunk.usage !== undefined)).toHaveLength(1);
  });

  it('honours min_tokens == max_tokens and caps drawn lengths at max_tokens', async () => {
    server = await mocks.start({ ...fast, outputTokens: 50 });
    const url = `${server.url}/v1/chat/completions`;
    const messages = [{ role: 'user', content: 'x' }];
    const exact = await sendJson(url, 'POST', { messages, max_tokens: 70, min_tokens: 70 });
    expect(exact.json).toMatchObject({
      usage: { completion_tokens: 70 },
      choices: [{ finish_reason: 'length' }],
    });
    const capped = await sendJson(url, 'POST', { messages, max_completion_tokens: 20 });
    expect(capped.json).toMatchObject({
      usage: { completion_tokens: 20 },
      choices: [{ finish_reason: 'length' }],
    });
    const drawn = await sendJson(url, 'POST', { messages, max_tokens: 500 });
    expect(drawn.json).toMatchObject({
      usage: { completion_tokens: 50 },
      choices: [{ finish_reason: 'stop' }],
    });
    const free = await sendJson(url, 'POST', { messages });
    expect(free.json).toMatchObject({ usage: { completion_tokens: 50 } });
  });

  it('answers non-streaming chat and completions with the whole text and usage', async () => {
    server = await mocks.start({ ...fast, model: 'm' });
    const tokenizer = createWordTokenizer();
    const chat = await sendJson(`${server.url}/v1/chat/completions`, 'POST', {
      model: 'm',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'three small words' }] },
      ],
      max_tokens: 12,
      ignore_eos: true,
    });
    expect(chat.status).toBe(200);
    const chatJson = chat.json as {
      object: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
      usage: Record<string, number>;
    };
    expect(chatJson.object).toBe('chat.completion');
    expect(chatJson.choices[0]!.message.role).toBe('assistant');
    expect(tokenizer.count(chatJson.choices[0]!.message.content)).toBe(12);
    expect(chatJson.usage).toEqual({ prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 });

    const completion = await sendJson(`${server.url}/v1/completions`, 'POST', {
      prompt: [1, 2, 3, 4, 5, 6],
      max_tokens: 3,
      ignore_eos: true,
    });
    const completionJson = completion.json as {
      object: string;
      choices: { text: string }[];
      usage: Record<string, number>;
    };
    expect(completionJson.object).toBe('text_completion');
    expect(tokenizer.count(completionJson.choices[0]!.text)).toBe(3);
    expect(completionJson.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 3 });
    expect(server.stats.completionTokens).toBe(15);
    expect(server.stats.promptTokens).toBe(11);
    expect(await waitFor(() => server!.stats.inFlight === 0)).toBe(true);
  });

  it('waits TTFT plus the gaps before a non-streaming answer', async () => {
    server = await mocks.start({ ttftMs: 30, itlMs: 5 });
    const started = performance.now();
    await sendJson(`${server.url}/v1/completions`, 'POST', {
      prompt: 'x',
      max_tokens: 11,
      ignore_eos: true,
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(30 + 10 * 5 - 1);
    expect(elapsed).toBeLessThan(30 + 10 * 5 + 40);
  });
});
