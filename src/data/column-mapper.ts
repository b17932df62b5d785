import { describeReceived } from '../internal/messages.js';
import { invalidArgs, parseJsonText, parseKeyValuePairs } from './spec-text.js';

/** The keys of a column mapper: GuideLLM's `--data-column-mapper` names, plus `messages_column`. */
export const COLUMN_MAPPER_KEYS = [
  'text_column',
  'messages_column',
  'prefix_column',
  'prompt_tokens_count_column',
  'output_tokens_count_column',
] as const;

/** One key of a {@link ColumnMapper}. */
export type ColumnMapperKey = (typeof COLUMN_MAPPER_KEYS)[number];

/**
 * Which file columns hold what, in GuideLLM's `--data-column-mapper` terms: each key names a
 * column, or lists candidates tried in order. Keys left out keep their default candidates.
 */
export type ColumnMapper = Partial<Record<ColumnMapperKey, string | readonly string[]>>;

/**
 * The columns tried for each key when the mapper names none, in priority order. They are
 * GuideLLM's defaults, except that `text_column` adds `query` and leaves out `conversation` and
 * `turn` (which hold message lists in the datasets that use them), and `messages_column` is
 * inferbench's (`conversations` is ShareGPT's column of `{ from, value }` messages). A name also matches its plural (`prompts`, `questions`), in any letter case.
 */
export const DEFAULT_COLUMN_CANDIDATES: Readonly<Record<ColumnMapperKey, readonly string[]>> = {
  text_column: [
    'prompt',
    'instruction',
    'question',
    'input',
    'context',
    'content',
    'text',
    'query',
  ],
  messages_column: ['messages', 'conversations'],
  prefix_column: ['system_prompt', 'system', 'prefix'],
  prompt_tokens_count_column: ['prompt_tokens_count', 'input_tokens_count'],
  output_tokens_count_column: ['output_tokens_count', 'completion_tokens_count'],
};

/** GuideLLM mapper keys for media, tools and traces, which text generation here does not use. */
const UNSUPPORTED_KEYS = new Set([
  'image_column',
  'video_column',
  'audio_column',
  'tools_column',
  'tool_response_column',
  'turn_type_column',
  'relative_timestamp_column',
  'requeue_delay_column',
  'conversation_turns_column',
]);

function isKey(key: string): key is ColumnMapperKey {
  return (COLUMN_MAPPER_KEYS as readonly string[]).includes(key);
}

function readEntry(
  key: string,
  value: unknown,
  field: string,
): [ColumnMapperKey, string | string[]] {
  if (!isKey(key)) {
    const why = UNSUPPORTED_KEYS.has(key) ? ' (not supported for text generation)' : '';
    throw invalidArgs(
      field,
      `unknown key ${JSON.stringify(key)}${why}: expected one of ${COLUMN_MAPPER_KEYS.join(', ')}`,
    );
  }
  if (typeof value === 'string' && value.trim() !== '') return [key, value.trim()];
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((name) => typeof name === 'string' && name.trim() !== '')
  ) {
    return [key, (value as string[]).map((name) => name.trim())];
  }
  throw invalidArgs(
    `${field}.${key}`,
    `expected a column name or a list of them, received ${describeReceived(value)}`,
  );
}

function fromObject(value: Record<string, unknown>, field: string): ColumnMapper {
  let entries = value;
  // GuideLLM's registry form: {"kind": "generative_column_mapper", "column_mappings": {...}}.
  if ('kind' in value || 'column_mappings' in value) {
    const { kind, column_mappings: mappings, ...rest } = value;
    if (kind !== undefined && kind !== 'generative_column_mapper') {
      throw invalidArgs(
        `${field}.kind`,
        `expected "generative_column_mapper", received ${describeReceived(kind)}`,
      );
    }
    const extra = Object.keys(rest)[0];
    if (extra !== undefined)
      throw invalidArgs(
        field,
        `unknown key ${JSON.stringify(extra)} beside kind and column_mappings`,
      );
    if (mappings === undefined || mappings === null) return {};
    if (typeof mappings !== 'object' || Array.isArray(mappings)) {
      throw invalidArgs(
        `${field}.column_mappings`,
        `expected an object, received ${describeReceived(mappings)}`,
      );
    }
    entries = mappings as Record<string, unknown>;
  }
  const mapper: ColumnMapper = {};
  for (const [key, entry] of Object.entries(entries)) {
    if (entry === undefined) continue;
    const [name, columns] = readEntry(key, entry, field);
    mapper[name] = columns;
  }
  return mapper;
}

/**
 * Parses a column mapper in any of GuideLLM's spellings: an object of `*_column` keys
 * (`{"text_column": "question"}`), the registry object
 * (`{"kind": "generative_column_mapper", "column_mappings": {...}}`), either as a JSON string,
 * or the registry shorthand `kind=generative_column_mapper,column_mappings.text_column=question`
 * (also without `kind` and the `column_mappings.` prefix).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the offending key.
 */
export function parseColumnMapper(value: unknown, field = 'columnMapper'): ColumnMapper {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{'))
      return parseColumnMapper(parseJsonText(text, field, 'a JSON object'), field);
    const entries: Record<string, unknown> = {};
    for (const [rawKey, entry] of parseKeyValuePairs(text, field, 'text_column=question')) {
      const key = rawKey.replace(/^column_mappings\./, '');
      if (key === 'kind') {
        if (entry !== 'generative_column_mapper') {
          throw invalidArgs(
            `${field}.kind`,
            `expected "generative_column_mapper", received ${describeReceived(entry)}`,
          );
        }
        continue;
      }
      entries[key] = entry;
    }
    return fromObject(entries, field);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgs(
      field,
      `expected an object of *_column keys, received ${describeReceived(value)}`,
    );
  }
  return fromObject(value as Record<string, unknown>, field);
}
