/**
 * The Kubernetes objects the deploy files use (Namespace, PersistentVolumeClaim, Secret,
 * ConfigMap, Pod, Job of batch/v1 with completionMode Indexed), as strict schemas: a field the
 * schema does not know is an error, so a misspelled field fails here instead of being dropped by
 * the API server. The schemas cover the fields these files use, not the whole API; the
 * compile-time guards at the end prove that every field they allow exists in the Kubernetes API
 * types (kubernetes-types, generated from the API's OpenAPI document).
 * @module
 */
import type {
  ConfigMap,
  Namespace,
  PersistentVolumeClaim,
  Pod,
  Secret,
} from 'kubernetes-types/core/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { z } from 'zod';

/** Text matching `pattern`, and a message that says what was expected when it does not. */
function matching(pattern: RegExp, expected: string): z.ZodString {
  return z.string().refine((text) => pattern.test(text), {
    error: (issue) => `expected ${expected}, received ${JSON.stringify(issue.input)}`,
  });
}

/** A DNS-1123 subdomain: object names. */
const dnsSubdomain = matching(
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  'a lowercase DNS subdomain (a-z, 0-9, "-", ".")',
);

/** A DNS-1123 label: container, volume and port names. */
const dnsLabel = matching(
  /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'a lowercase DNS label (a-z, 0-9, "-")',
);

const stringMap = z.record(z.string(), z.string());

/** A resource quantity: `2`, `500m`, `2Gi`. */
const quantity = z.union([
  z.number(),
  matching(
    /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[munk])?$/,
    'a quantity such as 2, 500m or 2Gi',
  ),
]);

const objectMeta = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsLabel.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const keyRef = z.strictObject({
  name: dnsSubdomain,
  key: matching(/^[-._a-zA-Z0-9]+$/, 'a key of letters, digits, "-", "_", "."'),
  optional: z.boolean().optional(),
});

const envVar = z.strictObject({
  name: matching(
    /^[-._a-zA-Z][-._a-zA-Z0-9]*$/,
    'a variable name (letters, digits, "_", "-", ".")',
  ),
  // Kubernetes takes text only: `value: 60` is rejected by the API server.
  value: z.string().optional(),
  valueFrom: z
    .strictObject({
      secretKeyRef: keyRef.optional(),
      configMapKeyRef: keyRef.optional(),
      fieldRef: z
        .strictObject({ apiVersion: z.string().optional(), fieldPath: z.string() })
        .optional(),
    })
    .optional(),
});

const resources = z.strictObject({
  requests: z.record(z.string(), quantity).optional(),
  limits: z.record(z.string(), quantity).optional(),
});

const containerSecurityContext = z.strictObject({
  allowPrivilegeEscalation: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  capabilities: z
    .strictObject({ add: z.array(z.string()).optional(), drop: z.array(z.string()).optional() })
    .optional(),
});

const container = z.strictObject({
  name: dnsLabel,
  image: z.string().min(1),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(envVar).optional(),
  resources: resources.optional(),
  securityContext: containerSecurityContext.optional(),
  volumeMounts: z
    .array(
      z.strictObject({
        name: dnsLabel,
        mountPath: z.string().startsWith('/'),
        subPath: z.string().optional(),
        readOnly: z.boolean().optional(),
      }),
    )
    .optional(),
});

const keyToPath = z.strictObject({ key: z.string(), path: z.string() });

const volume = z
  .strictObject({
    name: dnsLabel,
    persistentVolumeClaim: z
      .strictObject({ claimName: dnsSubdomain, readOnly: z.boolean().optional() })
      .optional(),
    configMap: z
      .strictObject({
        name: dnsSubdomain,
        items: z.array(keyToPath).optional(),
        defaultMode: z.number().int().optional(),
      })
      .optional(),
    secret: z
      .strictObject({
        secretName: dnsSubdomain,
        items: z.array(keyToPath).optional(),
        defaultMode: z.number().int().optional(),
      })
      .optional(),
    emptyDir: z
      .strictObject({ medium: z.string().optional(), sizeLimit: quantity.optional() })
      .optional(),
  })
  .refine(
    (v) =>
      [v.persistentVolumeClaim, v.configMap, v.secret, v.emptyDir].filter(Boolean).length === 1,
    {
      message:
        'a volume needs exactly one source (persistentVolumeClaim, configMap, secret, emptyDir)',
    },
  );

const podSecurityContext = z.strictObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  fsGroup: z.number().int().optional(),
  seccompProfile: z
    .strictObject({
      type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']),
      localhostProfile: z.string().optional(),
    })
    .optional(),
});

const podSpec = z
  .strictObject({
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
    securityContext: podSecurityContext.optional(),
    serviceAccountName: dnsSubdomain.optional(),
    nodeSelector: stringMap.optional(),
    tolerations: z
      .array(
        z.strictObject({
          key: z.string().optional(),
          operator: z.enum(['Exists', 'Equal']).optional(),
          value: z.string().optional(),
          effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
          tolerationSeconds: z.number().int().optional(),
        }),
      )
      .optional(),
    topologySpreadConstraints: z
      .array(
        z.strictObject({
          maxSkew: z.number().int().positive(),
          topologyKey: z.string(),
          whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
          labelSelector: z.strictObject({ matchLabels: stringMap.optional() }).optional(),
        }),
      )
      .optional(),
    initContainers: z.array(container).optional(),
    containers: z.array(container).min(1),
    volumes: z.array(volume).optional(),
  })
  .superRefine((spec, context) => {
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const [group, list] of [
      ['initContainers', spec.initContainers ?? []],
      ['containers', spec.containers],
    ] as const) {
      list.forEach((c, index) => {
        (c.volumeMounts ?? []).forEach((mount, mountIndex) => {
          if (!volumes.has(mount.name)) {
            context.addIssue({
              code: 'custom',
              path: [group, index, 'volumeMounts', mountIndex, 'name'],
              message: `mounts volume "${mount.name}", which the pod does not declare`,
            });
          }
        });
      });
    }
  });

/** Namespace, core/v1. */
export const namespaceSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Namespace'),
  metadata: objectMeta,
});

/** PersistentVolumeClaim, core/v1. */
export const persistentVolumeClaimSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('PersistentVolumeClaim'),
  metadata: objectMeta,
  spec: z.strictObject({
    accessModes: z
      .array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']))
      .min(1),
    resources: z.strictObject({ requests: z.strictObject({ storage: quantity }) }),
    storageClassName: z.string().optional(),
    volumeMode: z.enum(['Filesystem', 'Block']).optional(),
  }),
});

/** Secret, core/v1. */
export const secretSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Secret'),
  metadata: objectMeta,
  type: z.string().optional(),
  data: stringMap.optional(),
  stringData: stringMap.optional(),
});

/** ConfigMap, core/v1. */
export const configMapSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('ConfigMap'),
  metadata: objectMeta,
  data: stringMap.optional(),
});

/** Pod, core/v1. */
export const podSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: objectMeta,
  spec: podSpec,
});

/** Job, batch/v1, including Indexed Jobs. */
export const jobSchema = z
  .strictObject({
    apiVersion: z.literal('batch/v1'),
    kind: z.literal('Job'),
    metadata: objectMeta,
    spec: z.strictObject({
      completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
      completions: z.number().int().positive().optional(),
      parallelism: z.number().int().nonnegative().optional(),
      backoffLimit: z.number().int().nonnegative().optional(),
      backoffLimitPerIndex: z.number().int().nonnegative().optional(),
      maxFailedIndexes: z.number().int().nonnegative().optional(),
      activeDeadlineSeconds: z.number().int().positive().optional(),
      ttlSecondsAfterFinished: z.number().int().nonnegative().optional(),
      template: z.strictObject({
        metadata: z
          .strictObject({ labels: stringMap.optional(), annotations: stringMap.optional() })
          .optional(),
        spec: podSpec,
      }),
    }),
  })
  .superRefine((job, context) => {
    // The API server's own rules for Jobs.
    if (job.spec.completionMode === 'Indexed' && job.spec.completions === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['spec', 'completions'],
        message: 'an Indexed Job needs completions (one index per completion)',
      });
    }
    const restart = job.spec.template.spec.restartPolicy;
    if (restart !== 'Never' && restart !== 'OnFailure') {
      context.addIssue({
        code: 'custom',
        path: ['spec', 'template', 'spec', 'restartPolicy'],
        message: `a Job's pods need restartPolicy Never or OnFailure, received ${JSON.stringify(restart)}`,
      });
    }
  });

/** Each known kind's schema and apiVersion. */
export const MANIFEST_SCHEMAS = {
  Namespace: namespaceSchema,
  PersistentVolumeClaim: persistentVolumeClaimSchema,
  Secret: secretSchema,
  ConfigMap: configMapSchema,
  Pod: podSchema,
  Job: jobSchema,
} as const;

/** A manifest of one of the known kinds, as parsed. */
export type Manifest = z.infer<(typeof MANIFEST_SCHEMAS)[keyof typeof MANIFEST_SCHEMAS]>;

// --- Compile-time guards: every field the schemas allow is a field of the Kubernetes API. ---

/** The paths of `Mine` whose field names do not exist in `Theirs`; never when all do. */
type UnknownFields<Mine, Theirs, Path extends string = ''> = Mine extends readonly (infer Item)[]
  ? NonNullable<Theirs> extends readonly (infer TheirItem)[]
    ? UnknownFields<Item, TheirItem, `${Path}[]`>
    : Path
  : Mine extends object
    ? {
        [Key in keyof Mine & string]: string extends keyof NonNullable<Theirs>
          ? UnknownFields<
              Mine[Key],
              NonNullable<Theirs>[string & keyof NonNullable<Theirs>],
              `${Path}.${Key}`
            >
          : Key extends keyof NonNullable<Theirs>
            ? UnknownFields<Mine[Key], NonNullable<Theirs>[Key], `${Path}.${Key}`>
            : `${Path}.${Key}`;
      }[keyof Mine & string]
    : never;

/** `true` when `Paths` is empty; otherwise a type naming the unknown fields. */
export type FieldsKnown<Paths> = [Paths] extends [never]
  ? true
  : { unknownKubernetesFields: Paths };

/** Whether every field of `Mine` is a field of the Kubernetes type `Theirs`. */
export type SchemaFieldsKnown<Mine, Theirs> = FieldsKnown<UnknownFields<Mine, Theirs>>;

const namespaceFieldsKnown: SchemaFieldsKnown<z.infer<typeof namespaceSchema>, Namespace> = true;
const claimFieldsKnown: SchemaFieldsKnown<
  z.infer<typeof persistentVolumeClaimSchema>,
  PersistentVolumeClaim
> = true;
const secretFieldsKnown: SchemaFieldsKnown<z.infer<typeof secretSchema>, Secret> = true;
const configMapFieldsKnown: SchemaFieldsKnown<z.infer<typeof configMapSchema>, ConfigMap> = true;
const podFieldsKnown: SchemaFieldsKnown<z.infer<typeof podSchema>, Pod> = true;
const jobFieldsKnown: SchemaFieldsKnown<z.infer<typeof jobSchema>, Job> = true;

/** The guards above, so the compiler keeps them (they hold no runtime meaning). */
export const SCHEMA_GUARDS = [
  namespaceFieldsKnown,
  claimFieldsKnown,
  secretFieldsKnown,
  configMapFieldsKnown,
  podFieldsKnown,
  jobFieldsKnown,
] as const;
