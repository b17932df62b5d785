import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../scripts/deploy/k8s-schema.js';
import { isInferbenchImage, scanManifests } from '../../scripts/deploy/manifests.js';
import { REPO_ROOT } from './deploy-copy.js';

const DIR = 'examples/kubernetes';
const files = readdirSync(join(REPO_ROOT, DIR), { recursive: true, encoding: 'utf8' })
  .filter((entry) => entry.endsWith('.yaml'))
  .map((entry) => ({
    file: `${DIR}/${entry}`,
    text: readFileSync(join(REPO_ROOT, DIR, entry), 'utf8'),
  }));
const scan = scanManifests(files);
const manifests = scan.manifests.map((m) => m.manifest);

type JobManifest = Extract<Manifest, { kind: 'Job' }>;
type PodSpec = JobManifest['spec']['template']['spec'];

function byName<K extends Manifest['kind']>(kind: K, name: string): Extract<Manifest, { kind: K }> {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in ${DIR}`);
  return found as Extract<Manifest, { kind: K }>;
}

const podSpecs: { name: string; spec: PodSpec }[] = manifests.flatMap((m) =>
  m.kind === 'Job'
    ? [{ name: m.metadata.name, spec: m.spec.template.spec }]
    : m.kind === 'Pod'
      ? [{ name: m.metadata.name, spec: m.spec }]
      : [],
);

describe('the Kubernetes examples', () => {
  it('parse, and every object is of a known kind with known fields', () => {
    expect(scan.findings).toEqual([]);
    expect(manifests.map((m) => `${m.kind} ${m.metadata.name}`).sort()).toEqual([
      'ConfigMap inferbench-benchmark',
      'Job inferbench',
      'Job inferbench-merge',
      'Job inferbench-shards',
      'Namespace inferbench',
      'PersistentVolumeClaim inferbench-results',
      'PersistentVolumeClaim inferbench-shared-results',
      'Pod inferbench-results-reader',
      'Secret inferbench-credentials',
    ]);
  });

  it('live in the inferbench namespace and claim volumes the examples make', () => {
    for (const m of manifests) {
      if (m.kind !== 'Namespace')
        expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBe('inferbench');
    }
    const claims = new Set(
      manifests.filter((m) => m.kind === 'PersistentVolumeClaim').map((m) => m.metadata.name),
    );
    for (const { name, spec } of podSpecs) {
      for (const volume of spec.volumes ?? []) {
        if (volume.persistentVolumeClaim !== undefined) {
          expect(claims.has(volume.persistentVolumeClaim.claimName), name).toBe(true);
        }
      }
    }
  });

  it('read the API key and the Hugging Face token from the Secret, never from a value', () => {
    const secret = byName('Secret', 'inferbench-credentials');
    let secretVariables = 0;
    for (const { name, spec } of podSpecs) {
      for (const container of spec.containers) {
        for (const variable of container.env ?? []) {
          if (!['INFERBENCH_API_KEY', 'OPENAI_API_KEY', 'HF_TOKEN'].includes(variable.name))
            continue;
          secretVariables += 1;
          expect(variable.value, `${name}: ${variable.name}`).toBeUndefined();
          const ref = variable.valueFrom?.secretKeyRef;
          expect(ref?.name).toBe(secret.metadata.name);
          expect(Object.keys(secret.stringData ?? {})).toContain(ref?.key);
        }
      }
    }
    expect(secretVariables).toBe(4); // API key and token, in the Job and in the shards
  });

  it('run the benchmark pods as a non-root user that may write the results volume', () => {
    for (const { name, spec } of podSpecs) {
      expect(spec.securityContext?.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext?.fsGroup, name).toBe(spec.securityContext?.runAsUser);
      const inferbench = spec.containers.filter((c) => isInferbenchImage(c.image));
      for (const container of inferbench) {
        expect(
          container.volumeMounts?.map((m) => m.mountPath),
          name,
        ).toContain('/results');
      }
    }
  });

  it('point the single Job at an in-cluster service URL', () => {
    const job = byName('Job', 'inferbench');
    const target = job.spec.template.spec.containers[0]?.env?.find(
      (v) => v.name === 'INFERBENCH_TARGET',
    );
    expect(target?.value).toMatch(/^http:\/\/[a-z0-9-]+\.[a-z0-9-]+\.svc\.cluster\.local:\d+\/v1$/);
  });

  it('shard one run over an Indexed Job whose count agrees everywhere, then merge every shard', () => {
    const shards = byName('Job', 'inferbench-shards');
    expect(shards.spec.completionMode).toBe('Indexed');
    const args = shards.spec.template.spec.containers[0]?.args ?? [];
    const shard = args[args.indexOf('--shard') + 1];
    const count = Number(/^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/.exec(shard ?? '')?.[1]);
    expect(count).toBeGreaterThan(1);
    expect(shards.spec.completions).toBe(count);
    expect(shards.spec.parallelism).toBe(count);
    expect(args[args.indexOf('--start-at') + 1]).toBe('$(START_AT_EPOCH_MS)');
    const outputDir = args[args.indexOf('--output-dir') + 1] ?? '';
    expect(outputDir).toContain('$(JOB_COMPLETION_INDEX)');

    const merge = byName('Job', 'inferbench-merge');
    const mergeArgs = merge.spec.template.spec.containers[0]?.args ?? [];
    expect(mergeArgs[0]).toBe('merge');
    const reports = mergeArgs.filter((arg) => arg.endsWith('/benchmarks.json'));
    expect(reports).toEqual(
      Array.from(
        { length: count },
        (_, index) =>
          `${outputDir.replace('$(JOB_COMPLETION_INDEX)', String(index))}/benchmarks.json`,
      ),
    );
    // Both read the run's id from the same ConfigMap, which the guide makes for each run.
    for (const job of [shards, merge]) {
      const runId = job.spec.template.spec.containers[0]?.env?.find((v) => v.name === 'RUN_ID');
      expect(runId?.valueFrom?.configMapKeyRef?.name).toBe('inferbench-run');
    }
    const guide = readFileSync(join(REPO_ROOT, 'docs/guides/kubernetes.md'), 'utf8');
    expect(guide).toContain('create configmap inferbench-run');
  });

  it('give the shards a volume every node can write', () => {
    const shards = byName('Job', 'inferbench-shards');
    const claim = shards.spec.template.spec.volumes?.find(
      (v) => v.persistentVolumeClaim,
    )?.persistentVolumeClaim;
    const pvc = byName('PersistentVolumeClaim', claim?.claimName ?? '');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
  });
});
