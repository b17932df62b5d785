import { REDACTED, isSecretName, redactHeaders, redactUrl } from '../internal/secret-names.js';
import type { ParsedBenchmarkArgs } from './schema.js';

function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (isSecretName(name)) out[name] = REDACTED;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[name] = redactRecord(value as Record<string, unknown>);
    } else out[name] = value;
  }
  return out;
}

function isPlugin(value: unknown): boolean {
  return (
    (typeof value === 'object' &&
      value !== null &&
      Object.values(value as Record<string, unknown>).some(
        (field) => typeof field === 'function',
      )) ||
    (typeof value === 'object' &&
      value !== null &&
      Object.getPrototypeOf(value) !== Object.prototype &&
      !Array.isArray(value))
  );
}

function describePlugin(value: unknown): { custom: string } {
  const name =
    (value as { name?: unknown; type?: unknown }).name ?? (value as { type?: unknown }).type;
  return { custom: typeof name === 'string' ? name : 'custom' };
}

/** `serverMetrics` without credentials in its URLs. */
function redactEndpoints(value: unknown): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (Array.isArray(value)) return value.map(redactEndpoints);
  if (typeof value === 'object' && value !== null) {
    const settings = value as { urls?: unknown };
    return settings.urls === undefined ? value : { ...value, urls: redactEndpoints(settings.urls) };
  }
  return value;
}

/** Args that are not data (signals, clocks, sinks) or are derived from others (`sloObjectives`). */
const NOT_ECHOED: ReadonlySet<string> = new Set(['signal', 'clock', 'progress', 'sloObjectives']);

/**
 * The args as the report echoes them: serialisable (plugin instances named, signals and clocks
 * dropped) and without secrets: the API key, every header value but those of harmless headers
 * (`content-type`, `accept`, `user-agent`, …), secret-looking body fields, and the target's
 * `user:password@` and credential query parameters (`api_key`, `token`, `sig`, …).
 */
export function redactArgs(args: ParsedBenchmarkArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || NOT_ECHOED.has(name)) continue;
    if (name === 'apiKey') out[name] = REDACTED;
    else if (name === 'target' && typeof value === 'string') out[name] = redactUrl(value);
    else if (name === 'serverMetrics') out[name] = redactEndpoints(value);
    else if (name === 'headers') out[name] = redactHeaders(value as Record<string, unknown>);
    else if (name === 'extraBody') out[name] = redactRecord(value as Record<string, unknown>);
    else if (name === 'constraints') out[name] = (value as unknown[]).map(describePlugin);
    else if (isPlugin(value)) out[name] = describePlugin(value);
    else out[name] = value;
  }
  return out;
}
