/**
 * Writing side of OpenAI-style server-sent events: the frames and the chunk objects an
 * OpenAI-compatible server streams. The mock server uses it; the shapes follow what vLLM sends
 * so that clients are exercised against the real thing. Kept apart from the decoder's wire types
 * on purpose: the encoder describes exactly what we emit, the decoder tolerates what others emit.
 */

/** Token counts attached to a response, as OpenAI reports them. */
export interface SseUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Why generation ended: the length cap was reached, or the model stopped by itself. */
export type SseFinishReason = 'length' | 'stop';

/** One `chat.completion.chunk` object of a streamed chat completion. */
export interface SseChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: 'assistant'; content?: string };
    logprobs: null;
    finish_reason: SseFinishReason | null;
  }[];
  usage?: SseUsage;
}

/** One `text_completion` object of a streamed text completion. */
export interface SseTextCompletionChunk {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: {
    index: number;
    text: string;
    logprobs: null;
    finish_reason: SseFinishReason | null;
  }[];
  usage?: SseUsage;
}

/** The frame that ends an OpenAI stream. */
export const SSE_DONE_FRAME = 'data: [DONE]\n\n';

/** Encodes one value as a single-line SSE `data:` frame (JSON never contains a raw newline). */
export function encodeSseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** Stands in for the one string that varies between frames of a {@link createSseFrameTemplate}. */
export const SSE_TEMPLATE_SLOT = '\u0000slot\u0000';

/**
 * Pre-encodes a frame whose only varying part is one string field, set to
 * {@link SSE_TEMPLATE_SLOT} in `value`. The returned function fills the slot with an
 * already JSON-encoded string, so a stream's hot path concatenates three strings instead of
 * serialising an object per token.
 */
export function createSseFrameTemplate(value: unknown): (jsonString: string) => string {
  const frame = encodeSseData(value);
  const slot = JSON.stringify(SSE_TEMPLATE_SLOT);
  const at = frame.indexOf(slot);
  if (at === -1 || frame.indexOf(slot, at + slot.length) !== -1) {
    throw new Error('createSseFrameTemplate: value must hold the slot exactly once');
  }
  const prefix = frame.slice(0, at);
  const suffix = frame.slice(at + slot.length);
  return (jsonString) => prefix + jsonString + suffix;
}
