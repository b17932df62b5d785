/**
 * Kubernetes manifests (the examples, or what `helm template` rendered): each document parsed,
 * checked against the known schemas, and every container of the inferbench image turned into an
 * invocation of the CLI, with the config file it names resolved through its ConfigMap.
 * @module
 */
import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatIssues } from '../../src/internal/zod-issues.js';
import {
  CONFIG_VARIABLE,
  type ConfigFileUse,
  type Finding,
  type Invocation,
} from './invocations.js';
import { MANIFEST_SCHEMAS, type Manifest } from './k8s-schema.js';

/** A manifest file's text and its path relative to the repository. */
export interface ManifestFile {
  file: string;
  text: string;
}

/** What the manifests hold: valid objects, the CLI's uses, and what is wrong. */
export interface ManifestScan {
  manifests: { file: string; manifest: Manifest }[];
  invocations: Invocation[];
  findings: Finding[];
}

/** Variables that hold a credential, by name: `HF_TOKEN`, `INFERBENCH_API_KEY`, `DB_PASSWORD`. */
export const CREDENTIAL_VARIABLE = /(KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)$/;

/** Whether a container runs the inferbench image (any registry, tag or digest). */
export function isInferbenchImage(image: string): boolean {
  const name = image.split('@')[0]?.replace(/:[^/:]*$/, '') ?? '';
  return name === 'inferbench' || name.endsWith('/inferbench');
}

/** Parses and validates every document of `files`. */
function parseManifests(files: readonly ManifestFile[]): Omit<ManifestScan, 'invocations'> {
  const manifests: ManifestScan['manifests'] = [];
  const findings: Finding[] = [];
  for (const { file, text } of files) {
    for (const [index, document] of parseAllDocuments(text).entries()) {
      const at = `document ${index + 1}`;
      if (document.errors.length > 0) {
        findings.push({ file, message: `${at}: not valid YAML: ${document.errors[0]?.message}` });
        continue;
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) continue; // an empty document (comments only)
      const kind = (value as { kind?: unknown }).kind;
      const schema = MANIFEST_SCHEMAS[kind as keyof typeof MANIFEST_SCHEMAS];
      if (typeof kind !== 'string' || schema === undefined) {
        findings.push({
          file,
          message: `${at}: expected kind ${Object.keys(MANIFEST_SCHEMAS).join(', ')}, received ${JSON.stringify(kind)}`,
        });
        continue;
      }
      const parsed = schema.safeParse(value, { reportInput: true });
      if (!parsed.success) {
        findings.push({
          file,
          message: `${at} (${kind}): ${formatIssues(parsed.error.issues, '', kind)}`,
        });
        continue;
      }
      manifests.push({ file, manifest: parsed.data });
    }
  }
  return { manifests, findings };
}

type PodManifest = Extract<Manifest, { kind: 'Pod' | 'Job' }>;
type PodSpec = Extract<Manifest, { kind: 'Pod' }>['spec'];
type Container = PodSpec['containers'][number];

function podSpecOf(manifest: PodManifest): PodSpec {
  return manifest.kind === 'Pod' ? manifest.spec : manifest.spec.template.spec;
}

/** The config file `INFERBENCH_CONFIG` names, found through the pod's ConfigMap volume. */
function resolveConfigFile(
  path: string,
  container: Container,
  spec: PodSpec,
  configMaps: ReadonlyMap<string, Record<string, string>>,
): ConfigFileUse | string {
  for (const mount of container.volumeMounts ?? []) {
    const prefix = mount.mountPath.replace(/\/+$/, '');
    if (!path.startsWith(`${prefix}/`)) continue;
    const relative = mount.subPath === undefined ? path.slice(prefix.length + 1) : mount.subPath;
    const source = spec.volumes?.find((volume) => volume.name === mount.name)?.configMap;
    if (source === undefined) continue;
    const key = source.items?.find((item) => item.path === relative)?.key ?? relative;
    const data = configMaps.get(source.name);
    if (data === undefined) return `ConfigMap ${source.name} is not among the manifests`;
    const text = data[key];
    if (text === undefined) return `ConfigMap ${source.name} has no key ${key}`;
    const extension = posix.extname(key).toLowerCase() === '.json' ? '.json' : '.yaml';
    return { source: `ConfigMap ${source.name}, key ${key}`, text, extension };
  }
  return `no ConfigMap volume is mounted at ${posix.dirname(path)}`;
}

/**
 * Parses `files`, checks each object against its schema, and lists the CLI's invocations: every
 * container of the inferbench image (which must leave the entrypoint alone and pass `args`).
 */
export function scanManifests(files: readonly ManifestFile[]): ManifestScan {
  const { manifests, findings } = parseManifests(files);
  const configMaps = new Map<string, Record<string, string>>();
  for (const { manifest } of manifests) {
    if (manifest.kind === 'ConfigMap') configMaps.set(manifest.metadata.name, manifest.data ?? {});
  }
  const invocations: Invocation[] = [];
  for (const { file, manifest } of manifests) {
    if (manifest.kind !== 'Pod' && manifest.kind !== 'Job') continue;
    const spec = podSpecOf(manifest);
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      const where = `${manifest.kind} ${manifest.metadata.name}, container ${container.name}`;
      for (const variable of container.env ?? []) {
        if (CREDENTIAL_VARIABLE.test(variable.name) && variable.value !== undefined) {
          findings.push({
            file,
            message: `${where}: ${variable.name} holds a credential as a plain value; take it from a Secret (valueFrom.secretKeyRef)`,
          });
        }
      }
      if (!isInferbenchImage(container.image)) continue;
      if (container.command !== undefined) {
        findings.push({
          file,
          message: `${where}: sets command, which replaces the image's entrypoint (the CLI); pass the CLI's words as args`,
        });
      }
      const configFiles: ConfigFileUse[] = [];
      const variables = (container.env ?? []).map((variable) => ({
        name: variable.name,
        ...(variable.value !== undefined ? { value: variable.value } : {}),
      }));
      const configPath = container.env?.find((v) => v.name === CONFIG_VARIABLE)?.value;
      if (configPath !== undefined) {
        const resolved = resolveConfigFile(configPath, container, spec, configMaps);
        if (typeof resolved === 'string') {
          findings.push({
            file,
            message: `${where}: ${CONFIG_VARIABLE}=${configPath}: ${resolved}`,
          });
        } else {
          configFiles.push(resolved);
        }
      }
      invocations.push({
        file,
        where,
        ...(container.args !== undefined ? { args: container.args } : {}),
        variables,
        configFiles,
      });
    }
  }
  return { manifests, invocations, findings };
}
