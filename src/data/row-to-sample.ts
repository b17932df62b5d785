import { describeReceived } from '../internal/messages.js';
import type { ChatMessage } from '../spec/backend.js';
import type { RequestSample } from '../spec/data-source.js';
import type { ColumnMapping } from './column-mapping.js';
import { conversationFromMessages } from './conversation.js';

/**
 * Chat roles by the names rows give them: OpenAI's `role`, and ShareGPT's `from` (`human`,
 * `gpt`, as in GuideLLM's and vLLM's ShareGPT readers).
 */
const ROLES: ReadonlyMap<string, ChatMessage['role']> = new Map([
  ['system', 'system'],
  ['user', 'user'],
  ['assistant', 'assistant'],
  ['human', 'user'],
  ['gpt', 'assistant'],
  ['chatgpt', 'assistant'],
]);

/** Turns one row into a sample, or says why the row cannot be sent. */
export type RowConverter = (values: Record<string, unknown>) => RequestSample | { skip: string };

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function readText(value: unknown, column: string): string | { skip: string } {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return {
    skip: `column ${JSON.stringify(column)}: expected text, received ${describeReceived(value)}`,
  };
}

/** A token count: an integer >= 1 as a number, a bigint (Parquet int64) or a numeric string. */
function readCount(value: unknown, column: string): number | { skip: string } {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint'
        ? Number(value)
        : typeof value === 'string' && /^\s*\d+(\.0*)?\s*$/.test(value)
          ? Number(value)
          : Number.NaN;
  if (Number.isSafeInteger(number) && number >= 1) return number;
  return {
    skip: `column ${JSON.stringify(column)}: expected an integer >= 1, received ${describeReceived(value)}`,
  };
}

/** Text of one message's content: a string, or the text parts of a content-part list. */
function readContent(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') texts.push(part);
    else if (
      typeof part === 'object' &&
      part !== null &&
      (part as { type?: unknown }).type === 'text' &&
      typeof (part as { text?: unknown }).text === 'string'
    ) {
      texts.push((part as { text: string }).text);
    } else return undefined;
  }
  return texts.join('\n');
}

/**
 * Chat messages from a row's value: a list of `{ role, content }` or ShareGPT's
 * `{ from, value }` (or that list as a JSON
 * string, as CSV holds it), roles `system`, `user` or `assistant`, content a string or text
 * parts, with at least one user message. Recorded answers are still in the list.
 */
function readMessages(value: unknown, column: string): ChatMessage[] | { skip: string } {
  let list = value;
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      return {
        skip: `column ${JSON.stringify(column)}: expected a JSON list of messages, received ${describeReceived(value)}`,
      };
    }
  }
  if (!Array.isArray(list)) {
    return {
      skip: `column ${JSON.stringify(column)}: expected a list of messages, received ${describeReceived(value)}`,
    };
  }
  const messages: ChatMessage[] = [];
  for (const [index, entry] of list.entries()) {
    const fields = (entry ?? {}) as {
      role?: unknown;
      content?: unknown;
      from?: unknown;
      value?: unknown;
    };
    const name = fields.role ?? fields.from;
    const role = typeof name === 'string' ? ROLES.get(name) : undefined;
    const content = readContent(fields.content ?? fields.value);
    if (role === undefined || content === undefined) {
      return {
        skip: `column ${JSON.stringify(column)}, message ${index}: expected { role: system|user|assistant, content: text } or { from: system|human|gpt, value: text }, received ${describeReceived(entry)}${typeof name === 'string' && role === undefined ? ` with role ${JSON.stringify(name)}` : ''}`,
      };
    }
    messages.push({ role, content });
  }
  if (!messages.some((message) => message.role === 'user')) {
    return { skip: `column ${JSON.stringify(column)}: expected at least one user message` };
  }
  return messages;
}

/**
 * Creates the converter of rows into samples for one resolved mapping. A row whose messages
 * hold two user messages or more is a conversation (see {@link conversationFromMessages}); a
 * row with one user message is sent as those chat messages, trailing recorded answers dropped
 * (they are what the server is asked to generate); otherwise its text is the user message. A prefix becomes a
 * system message in front (and, for text completions, the start of the prompt, joined by a
 * space as GuideLLM joins them). Counts fill `promptTokens` and `outputTokens`. A row without
 * usable prompt text, or with an unreadable value, is skipped with the reason.
 */
export function createRowConverter(mapping: ColumnMapping): RowConverter {
  return (values) => {
    const prefixValue = mapping.prefix === undefined ? undefined : values[mapping.prefix];
    let prefix: string | undefined;
    if (!isBlank(prefixValue)) {
      const read = readText(prefixValue, mapping.prefix!);
      if (typeof read !== 'string') return read;
      prefix = read;
    }
    let text: string | undefined;
    const textValue = mapping.text === undefined ? undefined : values[mapping.text];
    if (!isBlank(textValue)) {
      const read = readText(textValue, mapping.text!);
      if (typeof read !== 'string') return read;
      text = read;
    }
    let messages: ChatMessage[] | undefined;
    const messagesValue = mapping.messages === undefined ? undefined : values[mapping.messages];
    if (!isBlank(messagesValue)) {
      const read = readMessages(messagesValue, mapping.messages!);
      if (!Array.isArray(read)) return read;
      messages = read;
    }
    if (text === undefined && messages === undefined) {
      const columns = [mapping.messages, mapping.text].filter((name) => name !== undefined);
      return {
        skip: `no prompt: ${columns.map((name) => JSON.stringify(name)).join(' and ')} empty or missing`,
      };
    }
    let outputTokens: number | undefined;
    if (mapping.outputTokensCount !== undefined && !isBlank(values[mapping.outputTokensCount])) {
      const count = readCount(values[mapping.outputTokensCount], mapping.outputTokensCount);
      if (typeof count !== 'number') return count;
      outputTokens = count;
    }
    if (messages !== undefined && messages.filter((m) => m.role === 'user').length > 1) {
      return conversationFromMessages(messages, {
        column: mapping.messages!,
        prefix,
        outputTokens,
      });
    }
    while (messages?.at(-1)?.role === 'assistant') messages.pop();
    const body = text ?? messages!.map((message) => message.content).join(' ');
    const sample: RequestSample = { prompt: prefix === undefined ? body : `${prefix} ${body}` };
    if (prefix !== undefined) {
      sample.prefix = prefix;
      sample.messages = [
        { role: 'system', content: prefix },
        ...(messages ?? [{ role: 'user', content: body }]),
      ];
    } else if (messages !== undefined) sample.messages = messages;
    const promptColumn = mapping.promptTokensCount;
    if (promptColumn !== undefined && !isBlank(values[promptColumn])) {
      const count = readCount(values[promptColumn], promptColumn);
      if (typeof count !== 'number') return count;
      sample.promptTokens = count;
    }
    if (outputTokens !== undefined) sample.outputTokens = outputTokens;
    return sample;
  };
}
