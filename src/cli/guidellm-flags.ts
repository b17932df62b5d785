import { InferbenchError } from '../index.js';
import { describeReceived } from '../internal/messages.js';

function parseJsonObject(flag: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${flag}: expected a JSON object, received invalid JSON (${(error as Error).message})`,
      { field: flag },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${flag}: expected a JSON object, received ${Array.isArray(parsed) ? 'a list' : describeReceived(parsed)}`,
      { field: flag },
    );
  }
  return parsed as Record<string, unknown>;
}

/** The args `--backend-kwargs` can set, in `runBenchmark`'s names. */
export interface BackendKwargsArgs {
  apiKey?: string;
  headers?: Record<string, string>;
  extraBody?: Record<string, unknown>;
  requestTimeoutMs?: number;
  target?: string;
  model?: string;
}

const BACKEND_KWARGS = ['api_key', 'headers', 'extra_body', 'timeout', 'target', 'model'];

/**
 * Reads GuideLLM's `--backend-kwargs '{"api_key": "…", "headers": {…}, "extra_body": {…},
 * "timeout": 30}'` (timeout in seconds) into `runBenchmark` args.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for bad JSON, an unknown key or a wrong type.
 */
export function parseBackendKwargs(text: string | undefined): BackendKwargsArgs {
  if (text === undefined) return {};
  const kwargs = parseJsonObject('--backend-kwargs', text);
  const args: BackendKwargsArgs = {};
  const fail = (key: string, expected: string): never => {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--backend-kwargs: ${key}: expected ${expected}, received ${describeReceived(kwargs[key])}`,
      { field: 'backend-kwargs' },
    );
  };
  for (const [key, value] of Object.entries(kwargs)) {
    switch (key) {
      case 'api_key':
      case 'target':
      case 'model':
        if (typeof value !== 'string' || value === '') fail(key, 'a non-empty string');
        if (key === 'api_key') args.apiKey = value as string;
        else args[key] = value as string;
        break;
      case 'headers':
        if (
          typeof value !== 'object' ||
          value === null ||
          Object.values(value).some((header) => typeof header !== 'string')
        ) {
          fail(key, 'an object of string header values');
        }
        args.headers = value as Record<string, string>;
        break;
      case 'extra_body':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          fail(key, 'an object');
        }
        args.extraBody = value as Record<string, unknown>;
        break;
      case 'timeout':
        if (typeof value !== 'number' || !(value >= 0)) fail(key, 'seconds as a number >= 0');
        args.requestTimeoutMs = (value as number) * 1000;
        break;
      default:
        throw new InferbenchError(
          'ERR_INVALID_ARGS',
          `--backend-kwargs: unknown key ${JSON.stringify(key)}; expected one of ${BACKEND_KWARGS.join(', ')}`,
          { field: 'backend-kwargs' },
        );
    }
  }
  return args;
}

/**
 * Merges GuideLLM's `--data-args '{"prompt_tokens": 256}'` into a `--data` shorthand: each
 * key becomes `key=value`, after the shorthand's own keys, so the data spec parser checks them.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for bad JSON or a value that is not a scalar.
 */
export function applyDataArgs(data: string, text: string | undefined): string {
  if (text === undefined) return data;
  const dataArgs = parseJsonObject('--data-args', text);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(dataArgs)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `--data-args: ${key}: expected a number, string or boolean, received ${describeReceived(value)}`,
        { field: 'data-args' },
      );
    }
    parts.push(`${key}=${String(value as string | number | boolean)}`);
  }
  return parts.length === 0 ? data : `${data},${parts.join(',')}`;
}

/** GuideLLM's over-saturation keys (and inferbench's own, in snake or camel case) → args keys. */
const OVER_SATURATION_KEYS: Readonly<Record<string, string>> = {
  min_seconds: 'minSeconds',
  minSeconds: 'minSeconds',
  confidence: 'confidence',
  max_window_seconds: 'windowSeconds',
  window_seconds: 'windowSeconds',
  windowSeconds: 'windowSeconds',
  interval_seconds: 'intervalSeconds',
  intervalSeconds: 'intervalSeconds',
  minimum_window_size: 'minIntervals',
  min_intervals: 'minIntervals',
  minIntervals: 'minIntervals',
  min_growth: 'minGrowth',
  minGrowth: 'minGrowth',
};

/**
 * Reads `--over-saturation` / `--detect-saturation`: with no value (or `true`, `1`) the
 * detector's defaults; `false`/`0` off; or GuideLLM's JSON form
 * `'{"enabled": true, "min_seconds": 30, "confidence": 0.95}'`, whose `min_seconds`,
 * `confidence`, `max_window_seconds` and `minimum_window_size` map onto the detector's settings.
 * GuideLLM's `moe_threshold`, `minimum_ttft` and `maximum_window_ratio` belong to a different
 * statistic and are refused, as is `mode: "monitor"`.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for bad JSON, an unknown key or a wrong type.
 */
export function parseOverSaturationFlag(
  flag: string,
  value: string | boolean | undefined,
): boolean | Record<string, number> | undefined {
  if (value === undefined) return undefined;
  if (value === true) return true;
  if (value === false) return false;
  const text = value.trim();
  if (/^(true|1|yes|on)$/i.test(text)) return true;
  if (/^(false|0|no|off)$/i.test(text)) return false;
  const json = parseJsonObject(flag, text);
  const settings: Record<string, number> = {};
  for (const [key, setting] of Object.entries(json)) {
    if (key === 'enabled') {
      if (setting === false) return false;
      if (setting !== true) {
        throw new InferbenchError(
          'ERR_INVALID_ARGS',
          `${flag}: enabled: expected true or false, received ${describeReceived(setting)}`,
          { field: flag },
        );
      }
      continue;
    }
    if (key === 'mode' || key === 'stopping_scope') {
      if (setting === 'enforce' || setting === 'current') continue;
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${flag}: ${key}: expected "${key === 'mode' ? 'enforce' : 'current'}" (the detector stops the benchmark it watches), received ${describeReceived(setting)}`,
        { field: flag },
      );
    }
    const name = OVER_SATURATION_KEYS[key];
    if (name === undefined) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${flag}: unknown key ${JSON.stringify(key)}; expected enabled, min_seconds, confidence, max_window_seconds, interval_seconds, minimum_window_size or min_growth (see docs/concepts/over-saturation.md)`,
        { field: flag },
      );
    }
    if (typeof setting !== 'number' || !Number.isFinite(setting)) {
      throw new InferbenchError(
        'ERR_INVALID_ARGS',
        `${flag}: ${key}: expected a number, received ${describeReceived(setting)}`,
        { field: flag },
      );
    }
    settings[name] = setting;
  }
  return Object.keys(settings).length === 0 ? true : settings;
}
