import type { Tokenizer } from '../spec/tokenizer.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodeContent(tokenizer: Tokenizer, content: unknown, into: number[]): void {
  if (typeof content === 'string') {
    if (content.length > 0) into.push(...tokenizer.encode(content));
  } else if (Array.isArray(content)) {
    for (const part of content) {
      if (isObject(part) && typeof part.text === 'string')
        encodeContent(tokenizer, part.text, into);
    }
  }
}

function encodePrompt(tokenizer: Tokenizer, prompt: unknown, into: number[]): void {
  if (typeof prompt === 'string') {
    encodeContent(tokenizer, prompt, into);
  } else if (Array.isArray(prompt)) {
    // A list of token ids is already tokenized; a list of prompts or id lists is a batch.
    if (prompt.every((item) => typeof item === 'number')) into.push(...(prompt as number[]));
    else for (const item of prompt) encodePrompt(tokenizer, item, into);
  }
}

/**
 * The token ids the engine simulator's prefix cache keys a prompt by: the contents of a chat
 * request's messages in order, or a completion's prompt, under the server's tokenizer. Like the
 * prompt count, it leaves the chat template's own tokens out.
 */
export function promptTokenIds(
  tokenizer: Tokenizer,
  kind: 'chat' | 'completion',
  promptInput: unknown,
): number[] {
  const ids: number[] = [];
  if (kind === 'completion') encodePrompt(tokenizer, promptInput, ids);
  else if (Array.isArray(promptInput)) {
    for (const message of promptInput) {
      if (isObject(message)) encodeContent(tokenizer, message.content, ids);
    }
  }
  return ids;
}
