/**
 * A use of the CLI found in a deploy file (the Dockerfile's default command, a container of a
 * manifest, a template of the chart), and its check against what the built CLI accepts.
 * @module
 */
import { envVarFor } from '../../src/cli/config.js';
import type { CliSurface } from './cli-surface.js';
import type { PendingSurface } from './pending.js';

/** Where a finding comes from: a file relative to the repository, and what in it. */
export interface Finding {
  file: string;
  message: string;
}

/** A variable a deploy file sets; `value` is undefined when it comes from a Secret or a template. */
export interface VariableUse {
  name: string;
  value?: string;
}

/** A config file a deploy file hands the CLI. */
export interface ConfigFileUse {
  /** What holds it, e.g. `ConfigMap inferbench-benchmark, key inferbench.yaml`. */
  source: string;
  text: string;
  extension: '.json' | '.yaml';
}

/** One use of the CLI. */
export interface Invocation {
  file: string;
  /** What in the file, e.g. `Job inferbench, container inferbench`. */
  where: string;
  /**
   * The words after the entrypoint; undefined when the image's default command runs. Template
   * expressions are kept as written: only flags and command words are checked.
   */
  args?: string[];
  variables: VariableUse[];
  configFiles: ConfigFileUse[];
}

/** The prefixes of the variables the CLI reads: its own and GuideLLM's. */
export const CLI_VARIABLE_PREFIXES = ['INFERBENCH_', 'GUIDELLM_'] as const;

/** The variable naming a config file (the CLI's `INFERBENCH_CONFIG`). */
export const CONFIG_VARIABLE = 'INFERBENCH_CONFIG';

/** What the check needs besides the invocations. */
export interface CheckContext {
  cli: CliSurface;
  pending: PendingSurface;
  /** The image's default command (the Dockerfile's CMD), for invocations without args. */
  defaultArgs: string[];
}

/** Checks the command and flags of one argument list. */
function checkArgs(invocation: Invocation, args: string[], context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const at = (message: string): Finding => ({
    file: invocation.file,
    message: `${invocation.where}: ${message}`,
  });
  const first = args[0];
  if (first === undefined || first.startsWith('-')) {
    return [at(`expected an inferbench command first, received ${JSON.stringify(first ?? '')}`)];
  }
  const root = context.cli.command([]);
  if (root === undefined) throw new Error('the CLI lists no commands');
  if (!root.subcommands.includes(first)) {
    if (context.pending.commands.includes(first)) return []; // its flags are checked once it exists
    return [
      at(
        `unknown command "${first}"; the CLI has ${root.subcommands.join(', ')} (pending: ${context.pending.commands.join(', ') || 'none'})`,
      ),
    ];
  }
  const path = [first];
  let command = context.cli.command(path);
  let index = 1;
  // `benchmark run`: a subcommand word right after its command.
  while (command !== undefined && args[index] !== undefined) {
    const word = args[index] ?? '';
    if (!command.subcommands.includes(word)) break;
    path.push(word);
    command = context.cli.command(path);
    index += 1;
  }
  if (command === undefined) throw new Error(`the CLI lost command ${path.join(' ')}`);
  const pendingFlags = context.pending.flags[path.join(' ')] ?? [];
  for (; index < args.length; index += 1) {
    const word = args[index] ?? '';
    if (!word.startsWith('-') || word === '-') continue; // a positional argument or a value
    const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    const flag = command.flags.find((known) => known.name === name || known.short === name);
    if (flag !== undefined) {
      if (pendingFlags.includes(flag.name)) {
        findings.push(
          at(
            `${flag.name} is now a flag of inferbench ${path.join(' ')}: remove it from the pending list (scripts/deploy/pending.ts)`,
          ),
        );
      }
      if (flag.takesValue && !word.includes('=')) index += 1;
      continue;
    }
    if (pendingFlags.includes(name)) {
      if (!word.includes('=')) index += 1; // every pending flag takes a value
      continue;
    }
    findings.push(
      at(
        `unknown flag ${name} for inferbench ${path.join(' ')}; see \`inferbench ${path.join(' ')} --help\``,
      ),
    );
  }
  return findings;
}

/** The value a variable is probed with: its own when it is literal text. */
function probeValue(variable: VariableUse, context: CheckContext): string {
  if (variable.name === CONFIG_VARIABLE) return context.cli.emptyConfigPath;
  return variable.value !== undefined && !variable.value.includes('{{') ? variable.value : 'probe';
}

/** Checks every variable against the CLI: it must read it, or it must be a pending flag's. */
function checkVariables(invocations: readonly Invocation[], context: CheckContext): Finding[] {
  const uses = invocations.flatMap((invocation) =>
    invocation.variables
      .filter((variable) =>
        CLI_VARIABLE_PREFIXES.some((prefix) => variable.name.startsWith(prefix)),
      )
      .map((variable) => ({ invocation, variable, value: probeValue(variable, context) })),
  );
  const values = new Map<string, string>();
  for (const use of uses)
    if (!values.has(use.variable.name)) values.set(use.variable.name, use.value);
  const readings = context.cli.readVariables(values);
  const pendingVariables = Object.values(context.pending.flags).flat().map(envVarFor);
  const findings: Finding[] = [];
  for (const { invocation, variable, value } of uses) {
    const at = (message: string): void => {
      findings.push({ file: invocation.file, message: `${invocation.where}: ${message}` });
    };
    const reading = readings.get(variable.name) ?? { read: false };
    if (pendingVariables.includes(variable.name)) {
      if (reading.read) {
        at(
          `${variable.name} is now read by the CLI: remove its flag from the pending list (scripts/deploy/pending.ts)`,
        );
      }
    } else if (reading.error !== undefined) {
      at(`the CLI rejects ${variable.name}=${JSON.stringify(value)}: ${reading.error}`);
    } else if (!reading.read) {
      at(
        `the CLI does not read ${variable.name}: no setting of \`inferbench env --json\` changes when it is set`,
      );
    }
  }
  return findings;
}

/**
 * Checks invocations against the built CLI: every command and flag exists (or is pending),
 * every `INFERBENCH_*` and `GUIDELLM_*` variable is read by the CLI, every config file is
 * accepted by it.
 */
export function checkInvocations(
  invocations: readonly Invocation[],
  context: CheckContext,
): Finding[] {
  const findings: Finding[] = [];
  for (const invocation of invocations) {
    findings.push(...checkArgs(invocation, invocation.args ?? context.defaultArgs, context));
    for (const config of invocation.configFiles) {
      const error = context.cli.configFileError(config.text, config.extension);
      if (error !== undefined) {
        findings.push({
          file: invocation.file,
          message: `${invocation.where}: the CLI rejects the config file in ${config.source}: ${error}`,
        });
      }
    }
  }
  return [...findings, ...checkVariables(invocations, context)];
}
