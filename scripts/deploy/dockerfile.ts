/**
 * The Dockerfile against the package: what it copies from the build context exists and is not
 * excluded by .dockerignore; the final image's entrypoint runs the package's own CLI file (the
 * `bin` of package.json, built by a stage of the same file), beside the package.json that makes
 * it an ES module and production dependencies only; it runs as a non-root user; and its default
 * command and variables are an invocation of the CLI to check like any other.
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Finding, Invocation } from './invocations.js';

// The package's types declare an ES default export; at run time its module.exports is the function.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

/** What the Dockerfile says and what is wrong with it. */
export interface DockerfileScan {
  /** The image's default command and variables. */
  invocation: Invocation;
  /** The CMD words, run when a manifest gives no args. */
  defaultArgs: string[];
  findings: Finding[];
}

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

/** The words of an instruction: its JSON strings (exec form) or its shell-form arguments. */
function words(instruction: Instruction): string[] {
  const json = (instruction as Partial<{ getJSONStrings(): { getJSONValue(): string }[] }>)
    .getJSONStrings;
  const strings = json?.call(instruction) ?? [];
  if (strings.length > 0) return strings.map((s) => s.getJSONValue());
  return instruction.getArguments().map((argument) => argument.getValue());
}

function flag(instruction: Instruction, name: string): string | undefined {
  const flags = (
    instruction as Partial<{ getFlags(): { getName(): string; getValue(): string | null }[] }>
  ).getFlags;
  return (
    flags
      ?.call(instruction)
      .find((f) => f.getName() === name)
      ?.getValue() ?? undefined
  );
}

function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const args = words(instruction);
      const as = args.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ name: as === -1 ? undefined : args[as + 1], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** A COPY of a stage, with its sources and destination resolved against the stage's WORKDIR. */
interface ResolvedCopy {
  from: string | undefined;
  sources: string[];
  destination: string;
}

function copiesOf(stage: Stage): { copies: ResolvedCopy[]; workdir: string } {
  let workdir = '/';
  const copies: ResolvedCopy[] = [];
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, words(instruction)[0] ?? '.');
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const args = words(instruction);
      const destinationWord = args.at(-1) ?? '.';
      const destination = posix.resolve(workdir, destinationWord);
      copies.push({
        from: flag(instruction, 'from'),
        sources: args.slice(0, -1),
        // `COPY a b ./`: into the folder; `COPY a ./a`: to that path.
        destination: destinationWord.endsWith('/') ? `${destination}/` : destination,
      });
    }
  }
  return { copies, workdir };
}

/**
 * Where `path` of the final image comes from: the stage (or context) and the path there, read
 * from the last COPY that names it. `COPY a b dir/` puts a and b into dir/; `COPY x dest` puts x
 * at dest (a folder's contents included). A source written as `folder/` copies contents nobody
 * can list from here, so it never counts as an origin.
 */
function originOf(
  path: string,
  copies: readonly ResolvedCopy[],
): { from?: string; source: string } | undefined {
  for (const copy of [...copies].reverse()) {
    for (const source of copy.sources) {
      if (source.endsWith('/')) continue;
      const target = copy.destination.endsWith('/')
        ? posix.join(copy.destination, posix.basename(source))
        : copy.destination;
      if (path === target || path.startsWith(`${target}/`)) {
        return {
          ...(copy.from !== undefined ? { from: copy.from } : {}),
          source: posix.join(source, path.slice(target.length)),
        };
      }
    }
  }
  return undefined;
}

function filesUnder(root: string, relative: string): string[] {
  const full = join(root, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((entry) => posix.join(relative, entry.split(sep).join('/')))
    .filter((file) => statSync(join(root, file)).isFile());
}

/** Checks what the Dockerfile copies from the build context. */
function checkContext(root: string, stages: readonly Stage[]): Finding[] {
  const findings: Finding[] = [];
  const ignorePath = join(root, '.dockerignore');
  const ignored = dockerignore().add(
    existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8').split('\n') : [],
  );
  for (const stage of stages) {
    for (const copy of copiesOf(stage).copies) {
      if (copy.from !== undefined) continue;
      for (const source of copy.sources) {
        const relative = posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '') || '.';
        if (!existsSync(join(root, relative))) {
          findings.push({
            file: 'Dockerfile',
            message: `COPY ${source}: no such file in the build context`,
          });
          continue;
        }
        const excluded = filesUnder(root, relative).filter((file) => ignored.ignores(file));
        if (excluded.length > 0) {
          findings.push({
            file: '.dockerignore',
            message: `excludes ${excluded.slice(0, 3).join(', ')}${excluded.length > 3 ? ', …' : ''}, which the Dockerfile copies (COPY ${source})`,
          });
        }
      }
    }
  }
  return findings;
}

/** The package's CLI file as package.json's `bin` names it, e.g. `dist/cli.js`. */
function binOf(packageJson: {
  bin?: string | Record<string, string>;
  name?: string;
}): string | undefined {
  const bin =
    typeof packageJson.bin === 'string' ? packageJson.bin : packageJson.bin?.['inferbench'];
  return bin === undefined ? undefined : posix.normalize(bin);
}

/**
 * Reads `root/Dockerfile` and checks it against the package at `root` (its package.json and its
 * built files).
 */
export function scanDockerfile(root: string): DockerfileScan {
  const file = 'Dockerfile';
  const findings: Finding[] = [];
  const at = (message: string): Finding => ({ file, message });
  const dockerfile = DockerfileParser.parse(readFileSync(join(root, file), 'utf8'));
  const stages = stagesOf(dockerfile.getInstructions());
  const final = stages.at(-1);
  const invocation: Invocation = {
    file,
    where: "the image's default command",
    variables: [],
    configFiles: [],
  };
  if (final === undefined) {
    return { invocation, defaultArgs: [], findings: [at('expected a FROM instruction')] };
  }
  findings.push(...checkContext(root, stages));

  const last = (keyword: string): Instruction | undefined =>
    final.instructions.filter((instruction) => instruction.getKeyword() === keyword).at(-1);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const defaultArgs = cmd === undefined ? [] : words(cmd);
  invocation.args = defaultArgs;
  for (const instruction of final.instructions.filter((i) => i.getKeyword() === 'ENV')) {
    const properties =
      (
        instruction as Partial<{
          getProperties(): { getName(): string; getValue(): string | null }[];
        }>
      ).getProperties?.call(instruction) ?? [];
    for (const property of properties) {
      invocation.variables.push({ name: property.getName(), value: property.getValue() ?? '' });
    }
  }

  const user = last('USER');
  const userName = user === undefined ? 'root' : (words(user)[0] ?? 'root').split(':')[0];
  if (userName === 'root' || userName === '0') {
    findings.push(
      at('the final image runs as root: expected a USER instruction with a non-root user'),
    );
  }

  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = binOf(packageJson);
  const entry = entrypoint === undefined ? [] : words(entrypoint);
  const isExecForm =
    entrypoint !== undefined &&
    (entrypoint as Partial<{ getJSONStrings(): unknown[] }>).getJSONStrings?.call(entrypoint)
      ?.length === entry.length;
  if (entrypoint === undefined || !isExecForm || entry.length < 2) {
    findings.push(
      at('expected ENTRYPOINT ["<node>", "<path of the CLI>"] in exec form in the final stage'),
    );
    return { invocation, defaultArgs, findings };
  }
  const script = entry[1] ?? '';
  const { copies } = copiesOf(final);
  const origin = originOf(script, copies);
  const stage = stages.find((s) => s.name !== undefined && s.name === origin?.from);
  if (origin === undefined || stage === undefined) {
    findings.push(
      at(`ENTRYPOINT runs ${script}, which no COPY --from=<stage> of this file provides`),
    );
    return { invocation, defaultArgs, findings };
  }
  const packagePath = posix.relative(copiesOf(stage).workdir, origin.source);
  if (bin === undefined || packagePath !== bin) {
    findings.push(
      at(
        `ENTRYPOINT runs ${script}, which is ${packagePath} of stage ${stage.name}; package.json's bin is ${bin ?? 'missing'}`,
      ),
    );
    return { invocation, defaultArgs, findings };
  }
  if (!existsSync(join(root, bin))) {
    findings.push(
      at(`ENTRYPOINT runs ${bin} of the package, which is not built: run npm run build`),
    );
  } else if (!readFileSync(join(root, bin), 'utf8').startsWith('#!/usr/bin/env node')) {
    findings.push(at(`ENTRYPOINT runs ${bin}, which is not the CLI (no node shebang)`));
  }

  const appRoot = script.slice(0, script.length - packagePath.length).replace(/\/+$/, '');
  const packageJsonOrigin = originOf(`${appRoot}/package.json`, copies);
  if (
    packageJsonOrigin === undefined ||
    posix.basename(packageJsonOrigin.source) !== 'package.json'
  ) {
    findings.push(
      at(`the final image has no ${appRoot}/package.json, which makes ${packagePath} an ES module`),
    );
  }
  const modules = originOf(`${appRoot}/node_modules`, copies);
  const modulesStage = stages.find((s) => s.name !== undefined && s.name === modules?.from);
  const installsProductionOnly = modulesStage?.instructions.some(
    (i) =>
      i.getKeyword() === 'RUN' &&
      /npm (ci|install)\b[^&|;]*--(omit=dev|production)\b/.test(words(i).join(' ')),
  );
  if (modules === undefined || installsProductionOnly !== true) {
    findings.push(
      at(
        `${appRoot}/node_modules must come from a stage that installs production dependencies only (npm ci --omit=dev)`,
      ),
    );
  }
  return { invocation, defaultArgs, findings };
}
