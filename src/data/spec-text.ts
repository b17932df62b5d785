import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';

/** An `ERR_INVALID_ARGS` error about `field`, its message prefixed with the field. */
export function invalidArgs(field: string, message: string): InferbenchError {
  return new InferbenchError('ERR_INVALID_ARGS', `${field}: ${message}`, { field });
}

/**
 * Parses a spec written as JSON text.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS`: "`field`: expected `expected`, received …" with
 * the parser's reason.
 */
export function parseJsonText(text: string, field: string, expected: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidArgs(
      field,
      `expected ${expected}, received ${describeReceived(text)} (${reason})`,
    );
  }
}

/**
 * Splits `key=value,key=value` into trimmed entries in order, ignoring empty parts. Values
 * keep their text (a value cannot hold a comma).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` for a part without `key=`, citing `example`.
 */
export function parseKeyValuePairs(
  text: string,
  field: string,
  example: string,
): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const part of text.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw invalidArgs(
        field,
        `expected comma-separated key=value pairs such as ${example}, received ${describeReceived(pair)}`,
      );
    }
    entries.push([pair.slice(0, equals).trim(), pair.slice(equals + 1).trim()]);
  }
  return entries;
}

/** Data args split into column mapper keys (`*_column`) and the others, in order. */
export interface SplitDataArgs {
  /** `*_column` keys and their values. */
  mapper: Record<string, unknown>;
  /** Every other arg: the key without GuideLLM's prefix, the key as written, the value. */
  others: Array<{ key: string; rawKey: string; value: unknown }>;
}

/**
 * Splits GuideLLM-style data args: undefined values are left out, a `load_kwargs.` or
 * `column_mappings.` prefix is dropped, `*_column` keys go to the mapper.
 */
export function splitDataArgs(args: Record<string, unknown>): SplitDataArgs {
  const split: SplitDataArgs = { mapper: {}, others: [] };
  for (const [rawKey, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const key = rawKey.replace(/^(load_kwargs|column_mappings)\./, '');
    if (key.endsWith('_column')) split.mapper[key] = value;
    else split.others.push({ key, rawKey, value });
  }
  return split;
}
