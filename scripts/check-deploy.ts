/**
 * The deploy check: the Dockerfile, the Kubernetes examples and the Helm chart against the built
 * CLI (`npm run build` first). Every command, flag, `INFERBENCH_*`/`GUIDELLM_*` variable and
 * config file they hand the CLI must be one it accepts, but for the pending list of
 * scripts/deploy/pending.ts; every manifest must parse and match the schema of its kind.
 *
 *   npx tsx scripts/check-deploy.ts                        # the repository's files
 *   npx tsx scripts/check-deploy.ts --rendered out.yaml    # also manifests `helm template` wrote
 *   npx tsx scripts/check-deploy.ts --root DIR             # the deploy files of another tree
 *
 * Exits 1 and lists what is wrong, or prints what it checked and exits 0.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanChart } from './deploy/chart.js';
import { CliSurface } from './deploy/cli-surface.js';
import { scanDockerfile } from './deploy/dockerfile.js';
import { checkInvocations, type Finding, type Invocation } from './deploy/invocations.js';
import { scanManifests, type ManifestFile } from './deploy/manifests.js';
import { PENDING, type PendingSurface } from './deploy/pending.js';

/** Where the deploy files are, relative to the repository. */
export const DEPLOY_PATHS = {
  manifests: 'examples/kubernetes',
  chart: 'charts/inferbench',
  cli: 'dist/cli.js',
} as const;

/** What to check. */
export interface CheckDeployOptions {
  /** The repository (or a copy of its deploy files). */
  root: string;
  /** The built CLI, asked what it accepts. @default the CLI at `<root>/dist/cli.js` */
  cli?: CliSurface;
  /** Flags and commands accepted before the CLI has them. @default PENDING */
  pending?: PendingSurface;
  /** Further manifest files, e.g. the output of `helm template`. */
  rendered?: readonly string[];
}

/** The outcome of a deploy check. */
export interface CheckDeployResult {
  findings: Finding[];
  /** How many manifests, invocations and files were checked. */
  checked: { manifests: number; invocations: number };
}

function yamlFilesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.ya?ml$/.test(entry))
    .map((entry) => posix.join(dir, entry.split('\\').join('/')))
    .sort();
}

/** Runs every deploy check and returns what is wrong. */
export function checkDeploy(options: CheckDeployOptions): CheckDeployResult {
  const { root } = options;
  const cli = options.cli ?? new CliSurface(join(root, DEPLOY_PATHS.cli));
  try {
    const dockerfile = scanDockerfile(root);
    const files: ManifestFile[] = yamlFilesUnder(root, DEPLOY_PATHS.manifests).map((file) => ({
      file,
      text: readFileSync(join(root, file), 'utf8'),
    }));
    for (const path of options.rendered ?? []) {
      files.push({ file: relative(root, resolve(path)), text: readFileSync(path, 'utf8') });
    }
    const manifests = scanManifests(files);
    const chart = scanChart(root, DEPLOY_PATHS.chart);
    const invocations: Invocation[] = [
      dockerfile.invocation,
      ...manifests.invocations,
      ...chart.invocations,
    ];
    const findings = [
      ...dockerfile.findings,
      ...manifests.findings,
      ...chart.findings,
      ...checkInvocations(invocations, {
        cli,
        pending: options.pending ?? PENDING,
        defaultArgs: dockerfile.defaultArgs,
      }),
    ];
    return {
      findings,
      checked: { manifests: manifests.manifests.length, invocations: invocations.length },
    };
  } finally {
    if (options.cli === undefined) cli.close();
  }
}

function main(argv: readonly string[]): number {
  const rendered: string[] = [];
  let root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  for (let index = 0; index < argv.length; index += 1) {
    const value = argv[index + 1];
    if (argv[index] === '--rendered' && value !== undefined) rendered.push(value);
    else if (argv[index] === '--root' && value !== undefined) root = resolve(value);
    else {
      console.error(
        `check-deploy: unknown argument ${argv[index]}; expected --rendered FILE or --root DIR`,
      );
      return 2;
    }
    index += 1;
  }
  const { findings, checked } = checkDeploy({ root, rendered });
  for (const finding of findings) console.error(`${finding.file}: ${finding.message}`);
  if (findings.length > 0) {
    console.error(`check-deploy: ${findings.length} problem(s)`);
    return 1;
  }
  const pending = [...PENDING.commands, ...Object.values(PENDING.flags).flat()];
  console.log(
    `check-deploy: Dockerfile, ${checked.manifests} manifest(s), the chart and ${checked.invocations} use(s) of the CLI agree with the built CLI` +
      (pending.length > 0 ? ` (pending: ${pending.join(', ')})` : ''),
  );
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
