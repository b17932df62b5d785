import { Command } from 'commander';
import { renderTable } from '../../internal/text-table.js';
import {
  applySettings,
  configFor,
  displayValue,
  envVarFor,
  type ResolvedSetting,
} from '../config.js';
import { EXIT } from '../exit-codes.js';
import { addBenchmarkOptions } from '../benchmark-options.js';

/** Environment variables read outside the benchmark flags. */
const OTHER_VARIABLES: readonly (readonly [string, string])[] = [
  ['OPENAI_API_KEY', 'bearer token when neither --api-key nor INFERBENCH_API_KEY is set'],
  ['INFERBENCH_DEBUG', '1 prints stack traces of unexpected errors'],
];

/** Adds the `env` flags to a command. */
export function addEnvOptions(command: Command): Command {
  return command
    .option('--config <file>', 'also read this JSON or YAML config file')
    .option('--json', 'print the settings as JSON');
}

/**
 * The benchmark settings as `inferbench benchmark` would resolve them with no flags: each with
 * its value and its source (env, config, default or unset).
 */
export async function resolveEnvSettings(
  env: NodeJS.ProcessEnv,
  configPath?: string,
): Promise<ResolvedSetting[]> {
  const command = addBenchmarkOptions(new Command('benchmark'));
  if (configPath !== undefined) command.setOptionValueWithSource('config', configPath, 'cli');
  return applySettings(command, env, await configFor(command, env));
}

/**
 * Runs `inferbench env` (also `inferbench config`, GuideLLM's name): every setting
 * `inferbench benchmark` reads, its value (secrets as `[redacted]`), where it came from, and
 * the environment variable that sets it (or the GuideLLM alias that did).
 */
export async function runEnvCommand(flags: { config?: string; json?: boolean }): Promise<number> {
  const settings = await resolveEnvSettings(process.env, flags.config);
  // Hidden GuideLLM aliases are shown only when set.
  const rows = settings
    .filter((setting) => !setting.hidden || setting.source !== 'unset')
    .map((setting) => ({
      setting: setting.flag,
      value: displayValue(setting),
      source: setting.source,
      env:
        setting.alias === undefined
          ? setting.envVar
          : `${setting.alias} (alias of ${setting.envVar})`,
    }));
  for (const [name, meaning] of OTHER_VARIABLES) {
    const value = process.env[name];
    rows.push({
      setting: `(${meaning})`,
      value: value === undefined || value === '' ? '' : displayValue({ flag: name, value }),
      source: value === undefined || value === '' ? 'unset' : 'env',
      env: name,
    });
  }
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  process.stdout.write(
    `${renderTable(
      ['Setting', 'Value', 'Source', 'Environment variable'],
      rows.map((row) => [row.setting, row.value, row.source, row.env]),
    )}\n\nPrecedence: flag > environment (${envVarFor('--flag-name')}) > config file (--config or INFERBENCH_CONFIG) > default\n`,
  );
  return EXIT.ok;
}
