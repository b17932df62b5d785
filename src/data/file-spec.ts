import { z } from 'zod';
import { describeReceived } from '../internal/messages.js';
import { invalidArgs, parseJsonText, parseKeyValuePairs, splitDataArgs } from './spec-text.js';
import { parseColumnMapper, type ColumnMapper } from './column-mapper.js';
import {
  FILE_FORMATS,
  KNOWN_EXTENSIONS,
  formatFromPath,
  isFileFormat,
  type FileFormat,
} from './files/file-format.js';

/** The serialisable description of data read from a local file. */
export interface FileDataSpec {
  /** Tags the spec as file data among the other data specs. */
  type: 'file';
  /** The file: `.jsonl`, `.json`, `.csv`, `.tsv`, `.txt` or `.parquet`, each optionally `.gz`. */
  path: string;
  /**
   * The file's format, for a name that does not say it.
   * @default the format of the extension
   */
  format?: FileFormat;
  /** JSON: the top-level key whose array holds the rows (GuideLLM's `field`). */
  field?: string;
  /**
   * CSV: the field delimiter.
   * @default ","
   */
  delimiter?: string;
  /** Which columns hold the prompt, messages, prefix and token counts. */
  columnMapper?: ColumnMapper;
}

/** GuideLLM's file kinds and the formats each reads, the first when the name says none. */
const GUIDELLM_KINDS: Readonly<Record<string, readonly FileFormat[]>> = {
  json_file: ['json', 'jsonl'],
  csv_file: ['csv', 'tsv'],
  text_file: ['txt'],
  parquet_file: ['parquet'],
};

/** Checks that the format is known, from the spec or from the name. */
function checkFormat(spec: FileDataSpec, field: string): FileDataSpec {
  if (spec.format === undefined && formatFromPath(spec.path) === undefined) {
    throw invalidArgs(
      field,
      `expected a data file ending in ${KNOWN_EXTENSIONS.join(', ')} (optionally .gz), or a format (${FILE_FORMATS.join(', ')}), received ${describeReceived(spec.path)}`,
    );
  }
  return spec;
}

/**
 * Applies GuideLLM-style data args to a file spec: `format`, `field`, `delimiter` (or `sep`),
 * `split` (a local file has only `train`, as in GuideLLM) and column mapper keys (`text_column`,
 * …). Keys may carry GuideLLM's `load_kwargs.` or `column_mappings.` prefix.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the offending key.
 */
export function applyFileDataArgs(
  spec: FileDataSpec,
  args: Record<string, unknown>,
  field = 'data',
): FileDataSpec {
  const out: FileDataSpec = { ...spec };
  const { mapper, others } = splitDataArgs(args);
  for (const { key, rawKey, value } of others) {
    const at = `${field}.${rawKey}`;
    if (key === 'format') {
      if (typeof value !== 'string' || !isFileFormat(value)) {
        throw invalidArgs(
          at,
          `expected one of ${FILE_FORMATS.join(', ')}, received ${describeReceived(value)}`,
        );
      }
      out.format = value;
    } else if (key === 'field') {
      if (typeof value !== 'string' || value === '')
        throw invalidArgs(at, `expected a key name, received ${describeReceived(value)}`);
      out.field = value;
    } else if (key === 'delimiter' || key === 'sep') {
      if (typeof value !== 'string' || value.length !== 1) {
        throw invalidArgs(at, `expected one character, received ${describeReceived(value)}`);
      }
      out.delimiter = value;
    } else if (key === 'split') {
      if (value !== 'train') {
        throw invalidArgs(
          at,
          `expected "train" (the only split of a local file), received ${describeReceived(value)}`,
        );
      }
    } else {
      throw invalidArgs(
        field,
        `unknown data arg ${JSON.stringify(rawKey)} for a file (expected format, field, delimiter, split or a *_column key)`,
      );
    }
  }
  if (Object.keys(mapper).length > 0) {
    out.columnMapper = {
      ...out.columnMapper,
      ...parseColumnMapper(mapper, `${field}.columnMapper`),
    };
  }
  return out;
}

/** Data args written after a path or in GuideLLM's registry form, as an object. */
function parsePairs(text: string, field: string): Record<string, string> {
  return Object.fromEntries(parseKeyValuePairs(text, field, 'text_column=question'));
}

function fromGuideLlm(kind: unknown, rest: Record<string, unknown>, field: string): FileDataSpec {
  if (typeof kind !== 'string' || !Object.hasOwn(GUIDELLM_KINDS, kind)) {
    throw invalidArgs(
      `${field}.kind`,
      `expected one of ${Object.keys(GUIDELLM_KINDS).join(', ')}, received ${describeReceived(kind)}`,
    );
  }
  const { path, load_kwargs: loadKwargs, ...args } = rest;
  if (typeof path !== 'string' || path.trim() === '') {
    throw invalidArgs(
      `${field}.path`,
      `expected the data file's path, received ${describeReceived(path)}`,
    );
  }
  let spec: FileDataSpec = { type: 'file', path: path.trim() };
  const formats = GUIDELLM_KINDS[kind]!;
  const named = formatFromPath(spec.path);
  if (named === undefined || !formats.includes(named)) spec.format = formats[0]!;
  if (loadKwargs !== undefined) {
    if (typeof loadKwargs !== 'object' || loadKwargs === null || Array.isArray(loadKwargs)) {
      throw invalidArgs(
        `${field}.load_kwargs`,
        `expected an object, received ${describeReceived(loadKwargs)}`,
      );
    }
    spec = applyFileDataArgs(spec, loadKwargs as Record<string, unknown>, field);
  }
  return applyFileDataArgs(spec, args, field);
}

/**
 * Parses file data in any of the spellings `data` accepts: a path (`prompts.jsonl`), a path
 * followed by data args (`prompts.csv,text_column=question`, which is what the CLI makes of
 * `--data prompts.csv --data-args '{"text_column":"question"}'`), GuideLLM's
 * `kind=json_file,path=…` or `{"kind": "json_file", "path": …, "load_kwargs": {…}}`, or the
 * object form `{ type: 'file', path, … }` (also as JSON).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming `field` and the offending key.
 */
export function parseFileDataSpec(value: unknown, field = 'data'): FileDataSpec {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      return parseFileDataSpec(parseJsonText(text, field, 'a JSON object'), field);
    }
    const comma = text.indexOf(',');
    const head = comma < 0 ? text : text.slice(0, comma);
    const tail = comma < 0 ? '' : text.slice(comma + 1);
    if (/^kind\s*=/.test(head)) {
      const { kind, ...rest } = parsePairs(text, field);
      return checkFormat(fromGuideLlm(kind, rest, field), field);
    }
    if (head === '')
      throw invalidArgs(field, `expected a data file path, received ${describeReceived(value)}`);
    return checkFormat(
      applyFileDataArgs({ type: 'file', path: head }, parsePairs(tail, field), field),
      field,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgs(
      field,
      `expected file data as an object, received ${describeReceived(value)}`,
    );
  }
  const { type, kind, ...rest } = value as Record<string, unknown>;
  if (kind !== undefined) return checkFormat(fromGuideLlm(kind, rest, field), field);
  if (type !== 'file')
    throw invalidArgs(`${field}.type`, `expected "file", received ${describeReceived(type)}`);
  const parsed = FileDataSpecSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length === 0 ? field : `${field}.${issue.path.join('.')}`;
    throw invalidArgs(at, issue.message);
  }
  const spec = parsed.data;
  if (spec.columnMapper !== undefined) {
    spec.columnMapper = parseColumnMapper(spec.columnMapper, `${field}.columnMapper`);
  }
  return checkFormat(spec, field);
}

/**
 * Tells whether a `data` string is file data in GuideLLM's registry or JSON spelling
 * (`kind=json_file,…`, `{"kind": "csv_file", …}`, `{"type": "file", …}`).
 */
export function looksLikeFileSpec(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return /"kind"\s*:\s*"\w+_file"|"type"\s*:\s*"file"/.test(trimmed);
  return /^kind\s*=\s*\w+_file\b/.test(trimmed);
}

/** Zod schema of {@link FileDataSpec}; the column mapper is checked by {@link parseColumnMapper}. */
export const FileDataSpecSchema: z.ZodType<FileDataSpec, FileDataSpec> = z.strictObject({
  type: z.literal('file'),
  path: z.string().min(1),
  format: z.enum(FILE_FORMATS as [FileFormat, ...FileFormat[]]).exactOptional(),
  field: z.string().min(1).exactOptional(),
  delimiter: z.string().length(1).exactOptional(),
  columnMapper: z
    .record(z.string(), z.unknown())
    .superRefine((mapper, context) => {
      try {
        parseColumnMapper(mapper, 'columnMapper');
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    })
    .transform((mapper) => mapper as ColumnMapper)
    .exactOptional(),
});
