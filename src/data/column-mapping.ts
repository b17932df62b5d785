import { InferbenchError } from '../errors.js';
import {
  COLUMN_MAPPER_KEYS,
  DEFAULT_COLUMN_CANDIDATES,
  type ColumnMapper,
  type ColumnMapperKey,
} from './column-mapper.js';

/** The file columns a data source reads, resolved against the columns a file really has. */
export interface ColumnMapping {
  /** The prompt text column. */
  text?: string;
  /** The chat messages column (a list of `{ role, content }`). */
  messages?: string;
  /** The shared prefix (system prompt) column. */
  prefix?: string;
  /** The prompt token count column. */
  promptTokensCount?: string;
  /** The output token count column (sent as the fixed output length). */
  outputTokensCount?: string;
}

const MAPPING_FIELD: Readonly<Record<ColumnMapperKey, keyof ColumnMapping>> = {
  text_column: 'text',
  messages_column: 'messages',
  prefix_column: 'prefix',
  prompt_tokens_count_column: 'promptTokensCount',
  output_tokens_count_column: 'outputTokensCount',
};

/** Where the columns came from, for error messages. */
export interface ColumnSource {
  /** The file, as the user named it. */
  path: string;
  /** The args field the data came from. */
  field: string;
}

function listColumns(columns: readonly string[]): string {
  if (columns.length === 0) return 'none';
  const shown = columns.slice(0, 30).join(', ');
  return columns.length > 30 ? `${shown} (and ${columns.length - 30} more)` : shown;
}

/** A column that is `name`, or its plural with `s` or `es`, in any letter case. */
function findColumn(columns: readonly string[], name: string): string | undefined {
  const exact = columns.find((column) => column === name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return columns.find((column) => {
    const candidate = column.toLowerCase();
    return candidate === lower || candidate === `${lower}s` || candidate === `${lower}es`;
  });
}

/** Columns such as `prompt_0`, `prompt-1`: GuideLLM's per-turn columns of a conversation. */
function turnColumns(columns: readonly string[], names: readonly string[]): string[] {
  const pattern = new RegExp(
    `^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(e?s)?[-_]\\d+$`,
    'i',
  );
  return columns.filter((column) => pattern.test(column));
}

/**
 * Resolves a column mapper against the columns of a file. A key the mapper names must match a
 * column (exactly, else by plural and case); a key it leaves out takes the first default
 * candidate found, in the candidates' order, except that naming `text_column` or
 * `messages_column` turns the other's defaults off. A file needs a prompt text or a messages
 * column.
 *
 * @throws InferbenchError `ERR_DATA` naming the key, the file and the columns found.
 */
export function resolveColumnMapping(
  columns: readonly string[],
  mapper: ColumnMapper | undefined,
  source: ColumnSource,
): ColumnMapping {
  const mapping: ColumnMapping = {};
  // Naming one of the prompt keys says where prompts are: the other's defaults stay unused.
  const namedPrompt = mapper?.text_column !== undefined || mapper?.messages_column !== undefined;
  for (const key of COLUMN_MAPPER_KEYS) {
    const named = mapper?.[key];
    if (
      named === undefined &&
      namedPrompt &&
      (key === 'text_column' || key === 'messages_column')
    ) {
      continue;
    }
    const candidates =
      named === undefined
        ? DEFAULT_COLUMN_CANDIDATES[key]
        : typeof named === 'string'
          ? [named]
          : named;
    let found: string | undefined;
    for (const name of candidates) {
      found = findColumn(columns, name);
      if (found !== undefined) break;
    }
    if (found === undefined && named !== undefined) {
      const expected =
        candidates.length === 1
          ? `a column named ${JSON.stringify(candidates[0])}`
          : `a column named one of ${candidates.map((name) => JSON.stringify(name)).join(', ')}`;
      throw new InferbenchError(
        'ERR_DATA',
        `${source.field}.columnMapper.${key}: expected ${expected} in ${JSON.stringify(source.path)}, found columns: ${listColumns(columns)}`,
        { field: `${source.field}.columnMapper.${key}` },
      );
    }
    if (found !== undefined) mapping[MAPPING_FIELD[key]] = found;
  }
  if (mapping.text === undefined && mapping.messages === undefined) {
    const perTurn = turnColumns(columns, DEFAULT_COLUMN_CANDIDATES.text_column);
    const why =
      perTurn.length > 0
        ? ` (per-turn columns such as ${perTurn.slice(0, 3).join(', ')} describe multi-turn conversations, which file data does not support yet)`
        : '';
    throw new InferbenchError(
      'ERR_DATA',
      `${source.field}: expected a prompt column in ${JSON.stringify(source.path)} (one of ${DEFAULT_COLUMN_CANDIDATES.text_column.join(', ')}, or ${DEFAULT_COLUMN_CANDIDATES.messages_column.join(' or ')}; name another with the column mapper's text_column), found columns: ${listColumns(columns)}${why}`,
      { field: source.field },
    );
  }
  return mapping;
}
