import type { Job } from 'kubernetes-types/batch/v1.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SchemaFieldsKnown } from '../../scripts/deploy/k8s-schema.js';
import { scanManifests } from '../../scripts/deploy/manifests.js';

/** A valid Indexed Job, to break one field at a time. */
function indexedJob(): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'shards', namespace: 'inferbench' },
    spec: {
      completionMode: 'Indexed',
      completions: 2,
      parallelism: 2,
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'inferbench',
              image: 'inferbench:0.1.0',
              args: ['benchmark'],
              env: [{ name: 'INFERBENCH_MAX_SECONDS', value: '60' }],
              volumeMounts: [{ name: 'results', mountPath: '/results' }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: 'results' } }],
        },
      },
    },
  };
}

function problems(document: unknown): string[] {
  return scanManifests([{ file: 'job.yaml', text: stringify(document) }]).findings.map(
    (finding) => finding.message,
  );
}

describe('the Kubernetes schemas of the deploy check', () => {
  it('accept a valid Indexed Job', () => {
    expect(problems(indexedJob())).toEqual([]);
  });

  it('reject a misspelled field instead of letting the API server drop it', () => {
    const job = indexedJob();
    const spec = job['spec'] as Record<string, unknown>;
    spec['completionMod'] = spec['completionMode'];
    delete spec['completionMode'];
    expect(problems(job)).toEqual(['document 1 (Job): spec: unknown option(s) "completionMod"']);
  });

  it('reject a number where Kubernetes takes text (an env value)', () => {
    const job = indexedJob();
    const container = (
      job as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } }
    ).spec.template.spec.containers[0];
    container!.env = [{ name: 'INFERBENCH_MAX_SECONDS', value: 60 }];
    expect(problems(job)).toEqual([
      'document 1 (Job): spec.template.spec.containers[0].env[0].value: expected a string, received 60',
    ]);
  });

  it("apply the API server's rules: an Indexed Job needs completions, a Job's pods do not restart", () => {
    const job = indexedJob();
    const spec = job['spec'] as {
      completions?: number;
      template: { spec: { restartPolicy: string } };
    };
    delete spec.completions;
    spec.template.spec.restartPolicy = 'Always';
    expect(problems(job)).toEqual([
      'document 1 (Job): spec.completions: an Indexed Job needs completions (one index per completion); spec.template.spec.restartPolicy: a Job\'s pods need restartPolicy Never or OnFailure, received "Always"',
    ]);
  });

  it('reject an unknown completion mode, a wrong apiVersion, an unknown kind', () => {
    const mode = indexedJob();
    (mode['spec'] as Record<string, unknown>)['completionMode'] = 'indexed';
    expect(problems(mode)).toEqual([
      'document 1 (Job): spec.completionMode: expected one of "NonIndexed", "Indexed", received "indexed"',
    ]);
    expect(problems({ ...indexedJob(), apiVersion: 'batch/v1beta1' })).toEqual([
      'document 1 (Job): apiVersion: expected one of "batch/v1", received "batch/v1beta1"',
    ]);
    expect(
      problems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }),
    ).toEqual([
      'document 1: expected kind Namespace, PersistentVolumeClaim, Secret, ConfigMap, Pod, Job, received "Deployment"',
    ]);
  });

  it('reject a mount of a volume the pod does not declare, and an upper-case name', () => {
    const job = indexedJob();
    const podSpec = (job as { spec: { template: { spec: { volumes: unknown[] } } } }).spec.template
      .spec;
    podSpec.volumes = [];
    (job['metadata'] as Record<string, unknown>)['name'] = 'Shards';
    const found = problems(job);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('metadata.name: expected a lowercase DNS subdomain');
    expect(found[0]).toContain(
      'spec.template.spec.containers[0].volumeMounts[0].name: mounts volume "results", which the pod does not declare',
    );
  });

  it('read every document of a multi-document file and skip empty ones', () => {
    const text = `# comments only\n---\n${stringify(indexedJob())}---\n${stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'inferbench' } })}`;
    const scan = scanManifests([{ file: 'all.yaml', text }]);
    expect(scan.findings).toEqual([]);
    expect(scan.manifests.map((m) => m.manifest.kind)).toEqual(['Job', 'Namespace']);
  });

  it('are held to the Kubernetes API types at compile time', () => {
    // npm run typecheck fails when a schema allows a field the API does not have: here, a spec
    // with `completionMod` is refused, and one with `completionMode` accepted.
    // @ts-expect-error completionMod is not a field of a Job's spec
    const misspelled: SchemaFieldsKnown<{ spec: { completionMod: string } }, Job> = true;
    const known: SchemaFieldsKnown<{ spec: { completionMode: string } }, Job> = true;
    expect([misspelled, known]).toEqual([true, true]);
  });
});
