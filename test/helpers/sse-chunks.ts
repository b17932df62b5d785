/** One SSE event carrying `payload` (a JSON value, or a string such as `[DONE]` as it is). */
export const sse = (payload: unknown): string =>
  `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;

/** A vLLM-shaped chat completion chunk carrying `content`. */
export const chatChunk = (content: string): unknown => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
});
