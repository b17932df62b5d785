import type { Tokenizer } from '../spec/tokenizer.js';

/** The parts of a chat or text completion request the mock acts on. */
export interface GenerationRequest {
  kind: 'chat' | 'completion';
  /** The model the request names, if any. */
  model: string | undefined;
  stream: boolean;
  /** `stream_options.include_usage`: append a usage-only chunk before `[DONE]`. */
  includeUsage: boolean;
  promptTokens: number;
  /** The prompt as sent: the `messages` of a chat request, the `prompt` of a completion. */
  promptInput: unknown;
  /** `max_completion_tokens` or `max_tokens`. */
  maxTokens: number | undefined;
  /** `min_tokens` (vLLM's extension). */
  minTokens: number | undefined;
  /** `ignore_eos` (vLLM's extension): generate until `maxTokens`. */
  ignoreEos: boolean;
}

/** A request body that cannot be served, with what to tell the client. */
export interface GenerationRequestProblem {
  message: string;
  param: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readCount(body: Json, name: string): number | undefined | GenerationRequestProblem {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  return { message: `${name} must be an integer >= 1`, param: name };
}

function countContent(tokenizer: Tokenizer, content: unknown): number {
  if (typeof content === 'string') return content.length === 0 ? 0 : tokenizer.count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content) {
    if (isObject(part) && typeof part.text === 'string')
      total += countContent(tokenizer, part.text);
  }
  return total;
}

function countPrompt(tokenizer: Tokenizer, prompt: unknown): number | undefined {
  if (typeof prompt === 'string') return countContent(tokenizer, prompt);
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  // A list of token ids is already counted; a list of prompts or of id lists is a batch.
  if (prompt.every((item) => typeof item === 'number')) return prompt.length;
  let total = 0;
  for (const item of prompt) {
    const count = countPrompt(tokenizer, item);
    if (count === undefined) return undefined;
    total += count;
  }
  return total;
}

/**
 * Reads a parsed JSON body of `/v1/chat/completions` (`kind: 'chat'`) or `/v1/completions`,
 * counting prompt tokens with `tokenizer`; returns a problem for a body that cannot be served.
 */
export function readGenerationRequest(
  kind: 'chat' | 'completion',
  body: unknown,
  tokenizer: Tokenizer,
): GenerationRequest | GenerationRequestProblem {
  if (!isObject(body)) return { message: 'the request body must be a JSON object', param: 'body' };
  let promptTokens: number;
  if (kind === 'chat') {
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isObject)) {
      return {
        message: 'messages must be a non-empty array of message objects',
        param: 'messages',
      };
    }
    // The sum of message contents: a chat template's own tokens are a real server's business.
    promptTokens = 0;
    for (const message of messages) promptTokens += countContent(tokenizer, message.content);
  } else {
    const counted = countPrompt(tokenizer, body.prompt);
    if (counted === undefined) {
      return {
        message: 'prompt must be a string, an array of strings or an array of token ids',
        param: 'prompt',
      };
    }
    promptTokens = counted;
  }
  if (body.model !== undefined && typeof body.model !== 'string') {
    return { message: 'model must be a string', param: 'model' };
  }
  const maxCompletion = readCount(body, 'max_completion_tokens');
  if (typeof maxCompletion === 'object') return maxCompletion;
  const max = readCount(body, 'max_tokens');
  if (typeof max === 'object') return max;
  const min = readCount(body, 'min_tokens');
  if (typeof min === 'object') return min;
  const options = body.stream_options;
  return {
    kind,
    model: body.model,
    stream: body.stream === true,
    includeUsage: isObject(options) && options.include_usage === true,
    promptTokens,
    promptInput: kind === 'chat' ? body.messages : body.prompt,
    maxTokens: maxCompletion ?? max,
    minTokens: min,
    ignoreEos: body.ignore_eos === true,
  };
}

/** Whether {@link readGenerationRequest} returned a problem. */
export function isProblem(
  value: GenerationRequest | GenerationRequestProblem,
): value is GenerationRequestProblem {
  return 'param' in value;
}

/**
 * The number of tokens to generate: exactly `max` under `ignore_eos` (or `min == max`),
 * otherwise the drawn length clamped to `[min, max]`.
 */
export function decideOutputTokens(request: GenerationRequest, drawn: number): number {
  const max = request.maxTokens;
  if (max !== undefined && request.ignoreEos) return max;
  let count = drawn;
  if (request.minTokens !== undefined) count = Math.max(count, request.minTokens);
  if (max !== undefined) count = Math.min(count, max);
  return Math.max(1, count);
}
