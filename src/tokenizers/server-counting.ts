import { InferbenchError } from '../errors.js';
import type { ServerChatMessage, ServerTokenizer } from '../spec/tokenizer.js';

/**
 * The tokens a server's chat template adds around a conversation of the shape a run sends (one
 * user message, or a system prompt and a user message): its `/tokenize` count of the messages
 * minus that of their bare texts. `undefined` when the server cannot count chats (only vLLM's
 * API takes messages).
 */
export async function measureTemplateOverhead(
  server: ServerTokenizer,
  messages: readonly ServerChatMessage[],
  signal?: AbortSignal,
): Promise<number | undefined> {
  if (server.countChat === undefined) return undefined;
  const [chat] = await server.countChat([messages], signal);
  const plain = await server.tokenize(
    messages.map((message) => message.content),
    signal,
  );
  if (chat === undefined || plain.length !== messages.length) return undefined;
  return chat - plain.reduce((sum, tokens) => sum + tokens.ids.length, 0);
}

/** The longest request a run will send, for {@link checkContextFit}. */
export interface ContextNeed {
  /** The server's context length. */
  maxModelLen: number;
  /** Where `maxModelLen` came from, for the message (e.g. `the server's /tokenize`). */
  statedBy: string;
  maxPromptTokens: number;
  maxOutputTokens?: number | undefined;
  /** Tokens the chat template adds. */
  templateOverheadTokens?: number | undefined;
}

/**
 * Checks that the longest prompt plus its output budget (plus the chat template) fits in the
 * server's context, before any request is sent.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` (field `data`) naming each part of the sum.
 */
export function checkContextFit(need: ContextNeed): void {
  const overhead = need.templateOverheadTokens ?? 0;
  const output = need.maxOutputTokens ?? 0;
  const total = need.maxPromptTokens + overhead + output;
  if (total <= need.maxModelLen) return;
  const parts = [`${need.maxPromptTokens} prompt`];
  if (overhead > 0) parts.push(`${overhead} chat template`);
  if (output > 0) parts.push(`${output} output`);
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    `data: the longest request needs ${parts.join(' + ')} = ${total} tokens, more than the model's context of ${need.maxModelLen} (max_model_len, stated by ${need.statedBy}); lower prompt_tokens or output_tokens (or their max)`,
    { field: 'data' },
  );
}
