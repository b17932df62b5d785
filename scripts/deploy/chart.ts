/**
 * The Helm chart without helm: its structure (Chart.yaml of apiVersion v2, values.yaml,
 * templates/), every `.Values.x.y` a template reads present in values.yaml, and the CLI's uses:
 * the flags in the templates' `args:` lists, the variables they and values.yaml's `env_vars`
 * set, and the config file the `benchmark` values become. Templates are Go templates, read as
 * text here: `helm template` renders them in CI where a helm binary exists.
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CLI_VARIABLE_PREFIXES, type Finding, type Invocation } from './invocations.js';
import { CREDENTIAL_VARIABLE } from './manifests.js';

/** What the chart holds and what is wrong with it. */
export interface ChartScan {
  invocations: Invocation[];
  findings: Finding[];
}

/** `{{ … }}` actions of a template, their text without delimiters and trim markers. */
function actions(text: string): string[] {
  return [...text.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)].map((match) => match[1] ?? '');
}

/** The `.Values.a.b` paths a template reads (also as `$.Values.a.b`), comments left out. */
export function valuesReferences(template: string): string[][] {
  const paths: string[][] = [];
  for (const action of actions(template)) {
    if (action.trim().startsWith('/*')) continue;
    for (const match of action.matchAll(/\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
      paths.push((match[1] ?? '').slice(1).split('.'));
    }
  }
  return paths;
}

/** Whether `path` names a key of `values` (a key set to null counts: it is documented). */
function hasPath(values: unknown, path: readonly string[]): boolean {
  let node = values;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * The items of each `args:` list of a template, as written: a literal word, or the template
 * expression that renders it. Lines that are only template actions (`{{- if … }}`) are skipped,
 * so flags under every branch are listed.
 */
export function argsLists(template: string): string[][] {
  const lists: string[][] = [];
  const lines = template.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const start = /^(\s*)args:\s*$/.exec(lines[index] ?? '');
    if (start === null) continue;
    const indent = start[1]?.length ?? 0;
    const items: string[] = [];
    for (index += 1; index < lines.length; index += 1) {
      const line = lines[index] ?? '';
      if (/^\s*\{\{[^}]*\}\}\s*$/.test(line) || line.trim() === '') continue;
      const item = /^(\s*)- (.*)$/.exec(line);
      if (item === null || (item[1]?.length ?? 0) < indent) {
        index -= 1;
        break;
      }
      const word = (item[2] ?? '').trim();
      items.push(/^(['"])(.*)\1$/.exec(word)?.[2] ?? word);
    }
    lists.push(items);
  }
  return lists;
}

function readTemplates(chartDir: string): { name: string; text: string }[] {
  const dir = join(chartDir, 'templates');
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Checks the chart at `root/chartPath` (e.g. `charts/inferbench`). */
export function scanChart(root: string, chartPath: string): ChartScan {
  const chartDir = join(root, chartPath);
  const findings: Finding[] = [];
  const invocations: Invocation[] = [];
  const chartFile = posix.join(chartPath, 'Chart.yaml');
  const valuesFile = posix.join(chartPath, 'values.yaml');
  for (const required of [chartFile, valuesFile, posix.join(chartPath, 'templates')]) {
    if (!existsSync(join(root, required))) findings.push({ file: required, message: 'missing' });
  }
  if (findings.length > 0) return { invocations, findings };

  const chart = parseYaml(readFileSync(join(root, chartFile), 'utf8')) as Record<string, unknown>;
  if (chart['apiVersion'] !== 'v2') {
    findings.push({
      file: chartFile,
      message: `expected apiVersion v2 (Helm 3), received ${JSON.stringify(chart['apiVersion'])}`,
    });
  }
  for (const field of ['name', 'version']) {
    if (typeof chart[field] !== 'string' || chart[field] === '') {
      findings.push({ file: chartFile, message: `expected ${field}, a non-empty string` });
    }
  }
  const packageVersion = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  if (chart['appVersion'] !== packageVersion) {
    findings.push({
      file: chartFile,
      message: `appVersion (the default image tag) is ${JSON.stringify(chart['appVersion'])}, the package is ${packageVersion}`,
    });
  }
  const values = parseYaml(readFileSync(join(root, valuesFile), 'utf8')) as Record<string, unknown>;

  const templates = readTemplates(chartDir);
  for (const template of templates) {
    const file = posix.join(chartPath, 'templates', template.name);
    for (const path of valuesReferences(template.text)) {
      if (!hasPath(values, path)) {
        findings.push({ file, message: `.Values.${path.join('.')} is not in ${valuesFile}` });
      }
    }
    if (!template.name.endsWith('.yaml')) continue;
    for (const args of argsLists(template.text)) {
      invocations.push({ file, where: 'args', args, variables: [], configFiles: [] });
    }
  }
  // Variables the templates set (the env lists live in _helpers.tpl and the Job templates).
  const templateVariables = new Set<string>();
  for (const template of templates) {
    for (const match of template.text.matchAll(/- name: ([A-Z][A-Z0-9_]*)\s*$/gm)) {
      const name = match[1] ?? '';
      if (CLI_VARIABLE_PREFIXES.some((prefix) => name.startsWith(prefix)))
        templateVariables.add(name);
    }
  }
  invocations.push({
    file: posix.join(chartPath, 'templates'),
    where: 'env',
    args: ['benchmark'],
    variables: [...templateVariables].map((name) => ({ name })),
    configFiles: [],
  });
  // values.yaml: env_vars entries become variables; benchmark values become the config file.
  const envVars = (values['env_vars'] ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(envVars)) {
    // HF_TOKEN given as text goes into the chart's Secret; any other entry is rendered as it is.
    if (name !== 'HF_TOKEN' && CREDENTIAL_VARIABLE.test(name) && typeof value === 'string') {
      findings.push({
        file: valuesFile,
        message: `env_vars.${name} holds a credential as text, which the chart renders as a plain value; use {name: <Secret>, key: <key>}`,
      });
    }
  }
  const benchmark = (values['benchmark'] ?? {}) as Record<string, unknown>;
  const settings = Object.fromEntries(
    Object.entries(benchmark).filter(([, value]) => value !== null && value !== ''),
  );
  invocations.push({
    file: valuesFile,
    where: 'env_vars and benchmark',
    args: ['benchmark'],
    variables: Object.entries(envVars).map(([name, value]) => ({
      name,
      ...(typeof value === 'string' ? { value } : {}),
    })),
    configFiles: [
      { source: 'values benchmark', text: JSON.stringify(settings), extension: '.json' },
    ],
  });
  return { invocations, findings };
}
