import type {
  WireChatCompletionRequest,
  WireChatMessage,
  WireCompletionRequest,
} from '../protocols/openai/wire-types.js';
import type { BackendRequest } from '../spec/backend.js';

/** Which field(s) carry the output token budget of a chat request. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens' | 'both';

/** What shapes every request body of one backend. */
export interface RequestBodySettings {
  format: 'chat' | 'completions';
  stream: boolean;
  maxTokensField: MaxTokensField;
  ignoreEos: boolean;
  extraBody: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Builds the JSON body of one request. With a fixed output length it asks for exactly that
 * many tokens: the budget, and (with `ignoreEos`) `ignore_eos` plus `min_tokens`, so servers
 * that honour them (vLLM, SGLang) neither stop early at end-of-sequence nor run long.
 * `extraBody` is merged last and wins; a `null` in it removes that field.
 */
export function buildRequestBody(
  settings: RequestBodySettings,
  model: string,
  request: BackendRequest,
): WireChatCompletionRequest | WireCompletionRequest {
  const body: WireChatCompletionRequest | WireCompletionRequest =
    settings.format === 'chat'
      ? {
          model,
          messages: (request.messages ?? [
            { role: 'user', content: request.prompt },
          ]) as WireChatMessage[],
        }
      : { model, prompt: request.prompt };
  body.stream = settings.stream;
  if (settings.stream) body.stream_options = { include_usage: true };
  const outputTokens = request.outputTokens;
  if (outputTokens !== undefined) {
    const field = settings.format === 'chat' ? settings.maxTokensField : 'max_tokens';
    if (field !== 'max_completion_tokens') body.max_tokens = outputTokens;
    if (field !== 'max_tokens') body['max_completion_tokens'] = outputTokens;
    if (settings.ignoreEos) {
      body.ignore_eos = true;
      body.min_tokens = outputTokens;
    }
  }
  const extra = settings.extraBody;
  if (extra !== undefined) {
    for (const key of Object.keys(extra)) {
      const value = extra[key];
      if (value === null) delete body[key];
      else body[key] = value;
    }
  }
  return body;
}
