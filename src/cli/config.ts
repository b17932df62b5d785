import { extname } from 'node:path';
import type { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { readJsonFile } from '../internal/json-file.js';
import { REDACTED, isSecretName, redactHeaders, redactUrl } from '../internal/secret-names.js';
import { InferbenchError } from '../index.js';
import { describeReceived } from '../internal/messages.js';
import { guidellmAliasFor } from './env-aliases.js';

/** Where a setting's value came from; flags beat the environment, which beats the config file. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default' | 'unset';

/** One setting of a command after flags, environment and config file are merged. */
export interface ResolvedSetting {
  /** The flag, e.g. `--max-seconds`. */
  flag: string;
  /** The option's attribute name, e.g. `maxSeconds`. */
  key: string;
  /** The environment variable that sets it, e.g. `INFERBENCH_MAX_SECONDS`. */
  envVar: string;
  value: unknown;
  source: SettingSource;
  /** The GuideLLM variable that set it in place of `envVar`, e.g. `GUIDELLM_TARGET`. */
  alias?: string;
  /** A GuideLLM alias or unsupported GuideLLM flag, hidden from help and from `env`. */
  hidden: boolean;
}

/** The prefix of every inferbench environment variable. */
export const ENV_PREFIX = 'INFERBENCH_';

/** The environment variable naming the config file when `--config` is not given. */
export const CONFIG_ENV_VAR = 'INFERBENCH_CONFIG';

/** The environment variable of a flag: `--max-seconds` → `INFERBENCH_MAX_SECONDS`. */
export function envVarFor(flag: string): string {
  return `${ENV_PREFIX}${flag.replace(/^-+/, '').replace(/-/g, '_').toUpperCase()}`;
}

function flagName(option: Option): string {
  return option.long ?? option.short ?? option.name();
}

const camelToKebab = (text: string): string => text.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Reads a config file: JSON, or YAML for `.yaml`/`.yml` (JSON is YAML, so any other extension
 * is read as YAML too). Keys are flag names in any of the forms `max-seconds`, `max_seconds`
 * or `maxSeconds`.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` when the file is unreadable or not a mapping.
 */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  const json = extname(path).toLowerCase() === '.json';
  const parsed = await readJsonFile(
    path,
    (problem) =>
      new InferbenchError(
        'ERR_INVALID_ARGS',
        problem.kind === 'unreadable'
          ? `--config: expected a readable JSON or YAML file, received ${describeReceived(path)} (${problem.message})`
          : `--config: ${path} is not valid ${json ? 'JSON' : 'YAML'}: ${problem.message}`,
        { field: 'config' },
      ),
    json ? JSON.parse : parseYaml,
  );
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--config: expected ${path} to hold a mapping of flag names to values, received ${Array.isArray(parsed) ? 'a list' : describeReceived(parsed)}`,
      { field: 'config' },
    );
  }
  return parsed as Record<string, unknown>;
}

function parseBoolean(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    `${name}: expected true or false (1/0, yes/no), received ${describeReceived(text)}`,
    { field: name },
  );
}

/** A config-file value as the flag's parser expects it: text for value flags. */
/** A flag that takes no value (`--retain-requests`, `--no-progress`). */
function takesNoValue(option: Option): boolean {
  return option.negate || option.isBoolean();
}

function configValue(option: Option, name: string, value: unknown, invert: boolean): unknown {
  if (takesNoValue(option)) {
    const flag =
      typeof value === 'boolean' ? value : parseBoolean(name, String(value as string | number));
    return invert ? !flag : flag;
  }
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value as string | number | boolean);
}

function findInConfig(
  option: Option,
  config: Record<string, unknown>,
): { name: string; value: unknown; invert: boolean } | undefined {
  const attribute = option.attributeName();
  const long = flagName(option).replace(/^-+/, '');
  const forms: [string, boolean][] = [
    [attribute, false],
    [camelToKebab(attribute), false],
    [camelToKebab(attribute).replace(/-/g, '_'), false],
    // `no-progress: true` in a file means what `--no-progress` means.
    [long, option.negate],
    [long.replace(/-/g, '_'), option.negate],
  ];
  for (const [name, invert] of forms) {
    if (Object.hasOwn(config, name)) return { name, value: config[name], invert };
  }
  return undefined;
}

/** Every key a config file may use for `command`'s options. */
function knownConfigKeys(command: Command): Set<string> {
  const keys = new Set<string>();
  for (const option of command.options) {
    const attribute = option.attributeName();
    const long = flagName(option).replace(/^-+/, '');
    for (const key of [
      attribute,
      camelToKebab(attribute),
      camelToKebab(attribute).replace(/-/g, '_'),
      long,
      long.replace(/-/g, '_'),
    ]) {
      keys.add(key);
    }
  }
  return keys;
}

/**
 * Fills `command`'s options that were not given as flags from `INFERBENCH_<FLAG>` environment
 * variables (or their GuideLLM aliases `GUIDELLM__<FLAG>` and `GUIDELLM_<FLAG>`), then from
 * `config` (a loaded config file), and reports each setting with its source. Flags beat the
 * environment, which beats the file, which beats the defaults.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` for an unknown config key or a bad boolean.
 */
export function applySettings(
  command: Command,
  env: NodeJS.ProcessEnv,
  config: Record<string, unknown> = {},
): ResolvedSetting[] {
  const known = knownConfigKeys(command);
  const unknown = Object.keys(config).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `--config: unknown setting ${unknown.map((key) => JSON.stringify(key)).join(', ')}; expected flag names such as ${[
        ...command.options.map((option) => flagName(option).replace(/^-+/, '')),
      ]
        .slice(0, 6)
        .join(', ')}`,
      { field: 'config' },
    );
  }
  const settings: ResolvedSetting[] = [];
  for (const option of command.options) {
    const key = option.attributeName();
    const flag = flagName(option);
    const envVar = envVarFor(flag);
    const commanderSource = command.getOptionValueSource(key);
    let source: SettingSource;
    let alias: string | undefined;
    if (commanderSource === 'cli') {
      source = 'flag';
    } else if (fromEnvironment(envVar, env) !== undefined) {
      const { name, value: text } = fromEnvironment(envVar, env)!;
      const value = takesNoValue(option)
        ? option.negate
          ? !parseBoolean(name, text)
          : parseBoolean(name, text)
        : text;
      command.setOptionValueWithSource(key, value, 'env');
      source = 'env';
      if (name !== envVar) alias = name;
    } else {
      const found = findInConfig(option, config);
      if (found !== undefined) {
        command.setOptionValueWithSource(
          key,
          configValue(option, found.name, found.value, found.invert),
          'config',
        );
        source = 'config';
      } else {
        source = command.getOptionValue(key) === undefined ? 'unset' : 'default';
      }
    }
    const value = command.getOptionValue(key);
    settings.push({
      flag,
      key,
      envVar,
      value,
      source,
      hidden: option.hidden,
      ...(alias === undefined ? {} : { alias }),
    });
  }
  return settings;
}

/** The variable that sets `envVar`: itself, else its GuideLLM alias; empty counts as unset. */
function fromEnvironment(
  envVar: string,
  env: NodeJS.ProcessEnv,
): { name: string; value: string } | undefined {
  const own = env[envVar];
  if (own !== undefined && own !== '') return { name: envVar, value: own };
  const alias = guidellmAliasFor(envVar, env);
  return alias === undefined ? undefined : { name: alias.alias, value: alias.value };
}

function redactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretName(name)) out[name] = REDACTED;
    else if (name === 'headers' && typeof field === 'object' && field !== null) {
      out[name] = redactHeaders(field as Record<string, unknown>);
    } else out[name] = typeof field === 'string' ? redactUrlText(field) : redactDeep(field);
  }
  return out;
}

/**
 * A setting's value as it may be shown: secrets (API keys, tokens, header values but harmless
 * ones', also inside JSON values such as `--backend-kwargs`) become `[redacted]`, and so do a
 * URL's `user:password@` and credential query parameters.
 */
export function displayValue(setting: Pick<ResolvedSetting, 'flag' | 'value'>): string {
  const { flag, value } = setting;
  if (value === undefined) return '';
  if (isSecretName(flag)) return REDACTED;
  if (typeof value !== 'string') return String(value as boolean | number);
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactDeep(JSON.parse(trimmed)));
    } catch {
      // Not JSON after all: shown as text below.
    }
  }
  return redactUrlText(value);
}

/** A text that is a URL, with its credentials redacted; any other text as it is. */
function redactUrlText(value: string): string {
  return /^[a-z]+:\/\//i.test(value) ? redactUrl(value) : value;
}

/** Loads the config file a command names with `--config` or `INFERBENCH_CONFIG`, if any. */
export async function configFor(
  command: Command,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, unknown>> {
  const fromFlag = command.getOptionValue('config') as string | undefined;
  const path = fromFlag ?? (env[CONFIG_ENV_VAR] === '' ? undefined : env[CONFIG_ENV_VAR]);
  return path === undefined ? {} : loadConfigFile(path);
}
