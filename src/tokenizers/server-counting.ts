import { InferbenchError } from '../errors.js';
import type { RequestRecord } from '../spec/request-record.js';
import type { ServerChatMessage, ServerTokenizer } from '../spec/tokenizer.js';

/**
 * Counts the output of every request the server sent no usage for, with the server's own
 * tokenizer, in one batched pass after the benchmark (never while it runs). Records get
 * `outputTokensSource: 'tokenizer'`. Returns how many records were counted.
 */
export async function countOutputTokensWithServer(
  records: RequestRecord[],
  outputTexts: ReadonlyArray<string | undefined>,
  server: ServerTokenizer,
  signal?: AbortSignal,
): Promise<number> {
  const positions: number[] = [];
  records.forEach((record, position) => {
    if (record.outputTokensSource !== 'server') positions.push(position);
  });
  if (positions.length === 0) return 0;
  const texts = positions.map((position) => outputTexts[position] ?? '');
  const nonEmpty = positions.filter((_, i) => texts[i]!.length > 0);
  const counted = await server.tokenize(
    nonEmpty.map((position) => outputTexts[position]!),
    signal,
  );
  const byPosition = new Map(nonEmpty.map((position, i) => [position, counted[i]!.ids.length]));
  for (const position of positions) {
    const record = records[position]!;
    record.outputTokens = byPosition.get(position) ?? 0;
    record.outputTokensSource = 'tokenizer';
  }
  return positions.length;
}

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
