import { describeReceived } from '../internal/messages.js';
import type { ChatMessage } from '../spec/backend.js';
import type { RequestSample } from '../spec/data-source.js';
import type { ColumnMapping } from './column-mapping.js';

const ROLES = new Set<string>(['system', 'user', 'assistant']);

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
 * Chat messages from a row's value: a list of `{ role, content }` (or that list as a JSON
 * string, as CSV holds it), roles `system`, `user` or `assistant`, content a string or text
 * parts. Trailing assistant messages are dropped: they are the recorded answer the server is
 * asked to generate.
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
    const role = (entry as { role?: unknown } | null)?.role;
    const content = readContent((entry as { content?: unknown } | null)?.content);
    if (typeof role !== 'string' || !ROLES.has(role) || content === undefined) {
      return {
        skip: `column ${JSON.stringify(column)}, message ${index}: expected { role: system|user|assistant, content: text }, received ${describeReceived(entry)}${typeof role === 'string' && !ROLES.has(role) ? ` with role ${JSON.stringify(role)}` : ''}`,
      };
    }
    messages.push({ role: role as ChatMessage['role'], content });
  }
  while (messages.at(-1)?.role === 'assistant') messages.pop();
  if (!messages.some((message) => message.role === 'user')) {
    return { skip: `column ${JSON.stringify(column)}: expected at least one user message` };
  }
  return messages;
}

/**
 * Creates the converter of rows into samples for one resolved mapping. A row with messages is
 * sent as those chat messages; otherwise its text is the user message. A prefix becomes a
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
    const body = text ?? messages!.map((message) => message.content).join(' ');
    const sample: RequestSample = { prompt: prefix === undefined ? body : `${prefix} ${body}` };
    if (prefix !== undefined) {
      sample.prefix = prefix;
      sample.messages = [
        { role: 'system', content: prefix },
        ...(messages ?? [{ role: 'user', content: body }]),
      ];
    } else if (messages !== undefined) sample.messages = messages;
    for (const [column, key] of [
      [mapping.promptTokensCount, 'promptTokens'],
      [mapping.outputTokensCount, 'outputTokens'],
    ] as const) {
      if (column === undefined || isBlank(values[column])) continue;
      const count = readCount(values[column], column);
      if (typeof count !== 'number') return count;
      sample[key] = count;
    }
    return sample;
  };
}
