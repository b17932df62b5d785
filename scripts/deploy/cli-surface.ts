/**
 * What the built CLI accepts, read from the CLI itself: its commands and flags from its own
 * `--help`, the variables it reads from what `inferbench env --json` resolves, and config files
 * from `inferbench env --config FILE`, which rejects unknown keys.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One flag of a command, as its help lists it. */
export interface CliFlag {
  /** `--max-seconds`, or `-V` for a flag with only a short form. */
  name: string;
  /** The short form, e.g. `-V`. */
  short?: string;
  /** Whether the flag is followed by a value (`--rate <n>`). */
  takesValue: boolean;
}

/** A command's flags and subcommands. */
export interface CliCommand {
  flags: CliFlag[];
  subcommands: string[];
}

/** Whether the CLI reads a variable, and its complaint when it rejects the value. */
export interface VariableReading {
  read: boolean;
  error?: string;
}

/** One row of `inferbench env --json`. */
interface EnvRow {
  setting: string;
  value: string;
  source: string;
  env: string;
}

/** The outcome of running the CLI once. */
interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Sections of commander's help: `Options:` and `Commands:` lines start with two spaces and the
 * entry; a description that wraps continues on lines indented further.
 */
function helpSection(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${title}:`);
  if (start === -1) return [];
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
  }
  return entries;
}

/** Parses commander's help text into the command's flags and subcommands. */
export function parseHelp(help: string): CliCommand {
  const flags: CliFlag[] = [];
  for (const entry of helpSection(help, 'Options')) {
    const match = /^(?:(-[A-Za-z]), )?(--[a-z0-9][a-z0-9-]*|-[A-Za-z])(?: ([<[][^\s]*))?/.exec(
      entry,
    );
    if (match === null) continue;
    const [, short, name, value] = match;
    if (name === undefined) continue;
    flags.push({
      name,
      ...(short !== undefined ? { short } : {}),
      takesValue: value !== undefined,
    });
  }
  const subcommands = helpSection(help, 'Commands')
    .map((entry) => entry.split(/\s/)[0] ?? '')
    .filter((name) => name !== '' && name !== 'help');
  return { flags, subcommands };
}

/** The built CLI, asked what it accepts. Each answer is read once and kept. */
export class CliSurface {
  readonly #cliPath: string;
  readonly #commands = new Map<string, CliCommand>();
  #baseline: EnvRow[] | undefined;
  readonly #answers = new Map<string, { rows?: EnvRow[]; error?: string }>();
  readonly #configErrors = new Map<string, string | undefined>();
  readonly #scratch = mkdtempSync(join(tmpdir(), 'inferbench-deploy-check-'));

  /** @param cliPath the built CLI, e.g. `dist/cli.js`. */
  constructor(cliPath: string) {
    this.#cliPath = cliPath;
  }

  /** Runs the CLI with only `variables` (and PATH, HOME) in its environment. */
  #run(args: string[], variables: Record<string, string> = {}): CliRun {
    const env: Record<string, string> = { ...variables };
    for (const name of ['PATH', 'HOME']) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const result = spawnSync(process.execPath, [this.#cliPath, ...args], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.error !== undefined) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * The command at `path` (`[]` is the program itself, `['benchmark', 'run']` a subcommand), or
   * undefined when the CLI has no such command.
   */
  command(path: readonly string[]): CliCommand | undefined {
    const key = path.join(' ');
    const known = this.#commands.get(key);
    if (known !== undefined) return known;
    if (path.length > 0) {
      const parent = this.command(path.slice(0, -1));
      if (parent === undefined || !parent.subcommands.includes(path[path.length - 1] ?? '')) {
        return undefined;
      }
    }
    const run = this.#run([...path, '--help']);
    if (run.status !== 0) {
      throw new Error(
        `inferbench ${[...path, '--help'].join(' ')} exited with ${String(run.status)}: ${run.stderr}`,
      );
    }
    const parsed = parseHelp(run.stdout);
    this.#commands.set(key, parsed);
    return parsed;
  }

  /** `inferbench env --json` with `variables` set; the same question is answered once. */
  #envJson(variables: Record<string, string>): { rows?: EnvRow[]; error?: string } {
    const key = JSON.stringify(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)));
    const known = this.#answers.get(key);
    if (known !== undefined) return known;
    const run = this.#run(['env', '--json'], variables);
    const answer =
      run.status !== 0
        ? { error: run.stderr.trim() || `exit code ${String(run.status)}` }
        : { rows: JSON.parse(run.stdout) as EnvRow[] };
    this.#answers.set(key, answer);
    return answer;
  }

  /** An empty config file, for probing the variable that names a config file. */
  get emptyConfigPath(): string {
    const path = join(this.#scratch, 'empty.json');
    writeFileSync(path, '{}');
    return path;
  }

  /**
   * Which of `variables` the CLI reads. One run of `inferbench env --json` with all of them set
   * settles those it lists as the variable of a setting; each other one is run alone, and read
   * when some setting changes its value or source (an alias such as a GuideLLM name). A value
   * the CLI rejects (a boolean flag set to `maybe`) comes back as its complaint.
   */
  readVariables(variables: ReadonlyMap<string, string>): Map<string, VariableReading> {
    const readings = new Map<string, VariableReading>();
    const together = this.#envJson(Object.fromEntries(variables));
    for (const [name, value] of variables) {
      const row = together.rows?.find((r) => r.env === name);
      if (row !== undefined && row.source === 'env') {
        readings.set(name, { read: true });
        continue;
      }
      readings.set(name, this.#readAlone(name, value));
    }
    return readings;
  }

  #readAlone(name: string, value: string): VariableReading {
    if (this.#baseline === undefined) {
      const baseline = this.#envJson({});
      if (baseline.rows === undefined) {
        throw new Error(`inferbench env --json failed with no variables set: ${baseline.error}`);
      }
      this.#baseline = baseline.rows;
    }
    const before = this.#baseline;
    const probe = this.#envJson({ [name]: value });
    if (probe.rows === undefined) return { read: true, error: probe.error ?? 'rejected' };
    return {
      read: probe.rows.some((row, index) => {
        const base = before[index];
        return base === undefined || base.source !== row.source || base.value !== row.value;
      }),
    };
  }

  /**
   * The CLI's complaint about a config file (unknown keys, unreadable YAML or JSON), or
   * undefined when `inferbench env --config` accepts it.
   */
  configFileError(text: string, extension: '.json' | '.yaml'): string | undefined {
    const key = `${extension}\n${text}`;
    if (this.#configErrors.has(key)) return this.#configErrors.get(key);
    const path = join(this.#scratch, `config${extension}`);
    writeFileSync(path, text);
    const run = this.#run(['env', '--json', '--config', path]);
    const error =
      run.status === 0 ? undefined : run.stderr.trim() || `exit code ${String(run.status)}`;
    this.#configErrors.set(key, error);
    return error;
  }

  /** Removes the scratch folder. */
  close(): void {
    rmSync(this.#scratch, { recursive: true, force: true });
  }
}
