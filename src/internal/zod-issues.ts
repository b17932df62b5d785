/**
 * Zod issues as one sentence per field: what was expected and what was received. Every schema
 * at the package's edges (args, report files, specs) reports problems this way.
 * @internal
 * @module
 */
import type { z } from 'zod';
import { InferbenchError } from '../errors.js';
import { describeReceived } from './messages.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

/**
 * The field an issue is about, as messages print it (e.g. `rate[1]`), under `prefix`; `root`
 * names the whole value.
 */
export function pathOf(
  issue: { path: readonly PropertyKey[] },
  prefix: string,
  root = 'args',
): string {
  const parts = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part)));
  const joined = parts.join('.').replace(/\.\[/g, '[');
  if (prefix.length === 0) return joined.length > 0 ? joined : root;
  return joined.length > 0 ? `${prefix}.${joined}` : prefix;
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : withArticle(issue.expected);
    case 'too_small': {
      const op = issue.inclusive ? '>=' : '>';
      if (issue.origin === 'array') return `at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `a non-empty string`;
      return `a number ${op} ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const op = issue.inclusive ? '<=' : '<';
      return `a number ${op} ${String(issue.maximum)}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `a valid ${issue.format}`;
    case 'invalid_union': {
      // A discriminated union whose tag matched nothing names the tags it knows.
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length > 0) {
        return `one of ${options.map((option) => JSON.stringify(option)).join(', ')}`;
      }
      // Each branch's first complaint says what that branch wanted: list them all.
      const wanted = issue.errors
        .map((branch) => branch[0])
        .filter((first): first is z.core.$ZodIssue => first !== undefined)
        .map((first) => expectation(first as Issue).replace(/^expected /, ''));
      return wanted.length === 0 ? 'a valid value' : [...new Set(wanted)].join(' or ');
    }
    default:
      return issue.message;
  }
}

/** What an issue received: for a discriminated union, the tag's value rather than the object. */
function receivedOf(issue: Issue): unknown {
  const discriminator = (issue as { discriminator?: unknown }).discriminator;
  const input = issue.input;
  if (typeof discriminator === 'string' && typeof input === 'object' && input !== null) {
    return (input as Record<string, unknown>)[discriminator];
  }
  return input;
}

/** Issues listed at most in one message; a badly broken file must not flood the terminal. */
const MAX_ISSUES = 10;

/**
 * Turns Zod issues into one message that names each field, what was expected and what was
 * received, e.g. `rate: expected a number > 0, received -3`. Past {@link MAX_ISSUES} issues it
 * says how many more there are.
 */
export function formatIssues(issues: readonly Issue[], prefix = '', root = 'args'): string {
  const shown = issues.slice(0, MAX_ISSUES);
  const more = issues.length - shown.length;
  const text = shown
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const where = pathOf(issue, prefix, root);
        return `${where}: unknown option(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
      }
      if (issue.code === 'custom') return `${pathOf(issue, prefix, root)}: ${issue.message}`;
      return `${pathOf(issue, prefix, root)}: expected ${expectation(issue)}, received ${describeReceived(receivedOf(issue))}`;
    })
    .join('; ');
  return more > 0 ? `${text}; and ${more} more problem(s)` : text;
}

/**
 * Parses `value` with `schema`, or throws `ERR_INVALID_ARGS` whose message is
 * {@link formatIssues} under `prefix` and whose field is the first issue's.
 */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  value: unknown,
  prefix = '',
  root = 'args',
): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first === undefined ? undefined : pathOf(first, prefix, root);
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    formatIssues(result.error.issues, prefix, root),
    field === undefined ? { cause: result.error } : { field, cause: result.error },
  );
}
