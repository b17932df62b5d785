/**
 * GuideLLM's environment variables, read as aliases of inferbench's own. GuideLLM's CLI reads
 * `GUIDELLM_<OPTION>` (click's `auto_envvar_prefix`, e.g. `GUIDELLM_TARGET`,
 * `GUIDELLM_RATE_TYPE`, `GUIDELLM_OUTPUT_PATH`) and its settings `GUIDELLM__<SETTING>`
 * (pydantic-settings, e.g. `GUIDELLM__MAX_CONCURRENCY`); container and Kubernetes set-ups use
 * both. An `INFERBENCH_*` variable always wins over its alias.
 */

/** The prefixes of GuideLLM variables: settings first (`GUIDELLM__`), then CLI options. */
const PREFIXES = ['GUIDELLM__', 'GUIDELLM_'] as const;

/** GuideLLM settings whose names differ from the inferbench flag they set. */
const RENAMED: Readonly<Record<string, string>> = {
  GUIDELLM__OPENAI__BASE_URL: 'TARGET',
  GUIDELLM__OPENAI__API_KEY: 'API_KEY',
};

/** Every GuideLLM variable that can stand in for `envVar`, in the order they are tried. */
export function guidellmNamesFor(envVar: string): string[] {
  const suffix = envVar.replace(/^INFERBENCH_/, '');
  return [
    ...PREFIXES.map((prefix) => `${prefix}${suffix}`),
    ...Object.entries(RENAMED)
      .filter(([, target]) => target === suffix)
      .map(([name]) => name),
  ];
}

/** A GuideLLM variable read in place of an inferbench one. */
export interface EnvAlias {
  /** The GuideLLM variable that was set, e.g. `GUIDELLM_TARGET`. */
  alias: string;
  value: string;
}

/**
 * The GuideLLM variable standing in for `envVar` (`INFERBENCH_TARGET`), if one is set and
 * non-empty: `GUIDELLM__TARGET`, then `GUIDELLM_TARGET`, then a renamed setting such as
 * `GUIDELLM__OPENAI__BASE_URL`.
 */
export function guidellmAliasFor(envVar: string, env: NodeJS.ProcessEnv): EnvAlias | undefined {
  for (const alias of guidellmNamesFor(envVar)) {
    const value = env[alias];
    if (value !== undefined && value !== '') return { alias, value };
  }
  return undefined;
}

/**
 * The GuideLLM variables set in `env` that have no inferbench equivalent (none of `known`), so
 * the user hears that they are ignored instead of wondering.
 */
export function unusedGuidellmVariables(
  env: NodeJS.ProcessEnv,
  known: ReadonlySet<string>,
): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('GUIDELLM_') && env[name] !== '' && !known.has(name))
    .filter((name) => !name.startsWith('GUIDELLM_MOCK_SERVER_'))
    .sort();
}
