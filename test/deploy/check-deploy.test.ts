import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkDeploy } from '../../scripts/check-deploy.js';
import { CliSurface } from '../../scripts/deploy/cli-surface.js';
import { PENDING } from '../../scripts/deploy/pending.js';
import { REPO_ROOT, copyDeployFiles, type DeployCopy } from './deploy-copy.js';

// The check asks the built CLI (dist/cli.js, built by `npm test`) what it accepts; one surface
// is shared so its answers are read once.
let cli: CliSurface;
let copy: DeployCopy | undefined;

beforeAll(() => {
  cli = new CliSurface(join(REPO_ROOT, 'dist/cli.js'));
});
afterAll(() => cli.close());
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

/** The findings of the check on a copy of the deploy files changed by `edit`. */
function findingsAfter(edit: (copy: DeployCopy) => void, pending = PENDING): string[] {
  copy = copyDeployFiles();
  edit(copy);
  return checkDeploy({ root: copy.root, cli, pending }).findings.map(
    (finding) => `${finding.file}: ${finding.message}`,
  );
}

describe('the deploy check on the repository', () => {
  it('finds the Dockerfile, the manifests and the chart in agreement with the built CLI', () => {
    const result = checkDeploy({ root: REPO_ROOT, cli });
    expect(result.findings).toEqual([]);
    // Namespace, PVCs, Secret, Jobs (one Indexed), ConfigMap, Pod.
    expect(result.checked.manifests).toBeGreaterThanOrEqual(9);
    expect(result.checked.invocations).toBeGreaterThanOrEqual(6);
  });

  it('runs as a script: exit 0 on the repository, exit 1 with the problem on a broken copy', () => {
    const tsx = join(REPO_ROOT, 'node_modules/.bin/tsx');
    const ok = spawnSync(tsx, ['scripts/check-deploy.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // Nothing is pending any more: the line names no pending flag or command.
    expect(ok.stdout).toMatch(/agree with the built CLI\n$/);

    copy = copyDeployFiles();
    copy.replace(
      'examples/kubernetes/job.yaml',
      "args: ['benchmark']",
      "args: ['benchmark', '--max-secnds', '5']",
    );
    const broken = spawnSync(tsx, ['scripts/check-deploy.ts', '--root', copy.root], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(
      'examples/kubernetes/job.yaml: Job inferbench, container inferbench: unknown flag --max-secnds for inferbench benchmark',
    );
    expect(broken.stderr).toContain('check-deploy: 1 problem(s)');
  });
});

describe('the deploy check fails', () => {
  it('on a misspelled flag in a Job', () => {
    expect(
      findingsAfter((c) =>
        c.replace(
          'examples/kubernetes/indexed/shards-job.yaml',
          '- --output-dir',
          '- --output-dri',
        ),
      ),
    ).toEqual([
      'examples/kubernetes/indexed/shards-job.yaml: Job inferbench-shards, container inferbench: unknown flag --output-dri for inferbench benchmark; see `inferbench benchmark --help`',
    ]);
  });

  it('on a flag written with = and on a flag of another command', () => {
    const findings = findingsAfter((c) =>
      c.replace(
        'examples/kubernetes/job.yaml',
        "args: ['benchmark']",
        "args: ['benchmark', '--max-seconds=30', '--fail-on-change']",
      ),
    );
    expect(findings).toEqual([
      expect.stringContaining('unknown flag --fail-on-change for inferbench benchmark'),
    ]);
  });

  it('on a misspelled INFERBENCH_ variable in a manifest and in the Dockerfile', () => {
    const findings = findingsAfter((c) => {
      c.replace(
        'examples/kubernetes/job.yaml',
        'name: INFERBENCH_MAX_SECONDS',
        'name: INFERBENCH_MAX_SECNDS',
      );
      c.replace(
        'Dockerfile',
        'ENV NODE_ENV=production',
        'ENV NODE_ENV=production INFERBENCH_OUTPUTS_DIR=/results',
      );
    });
    expect(findings).toEqual([
      "Dockerfile: the image's default command: the CLI does not read INFERBENCH_OUTPUTS_DIR: no setting of `inferbench env --json` changes when it is set",
      'examples/kubernetes/job.yaml: Job inferbench, container inferbench: the CLI does not read INFERBENCH_MAX_SECNDS: no setting of `inferbench env --json` changes when it is set',
    ]);
  });

  it('on a GuideLLM variable the CLI does not read', () => {
    const findings = findingsAfter((c) =>
      c.replace(
        'charts/inferbench/values.yaml',
        "  HF_TOKEN: ''\n",
        "  HF_TOKEN: ''\n  GUIDELLM__MAX_SECNDS: '30'\n",
      ),
    );
    expect(findings).toEqual([
      // "does not read" today; "rejects" if the CLI comes to refuse unknown GuideLLM names.
      expect.stringMatching(
        /^charts\/inferbench\/values\.yaml: .*(does not read|rejects) GUIDELLM__MAX_SECNDS/,
      ),
    ]);
  });

  it('on a credential given as a plain value, in a manifest or in the chart values', () => {
    const findings = findingsAfter((c) => {
      c.replace(
        'examples/kubernetes/job.yaml',
        `            - name: HF_TOKEN
              valueFrom:
                secretKeyRef:
                  name: inferbench-credentials
                  key: hf-token
                  optional: true
`,
        `            - name: HF_TOKEN
              value: hf_plain
`,
      );
      c.replace(
        'charts/inferbench/values.yaml',
        "  HF_TOKEN: ''\n",
        "  HF_TOKEN: ''\n  INFERBENCH_API_KEY: 'sk-plain'\n",
      );
    });
    expect(findings).toEqual([
      'examples/kubernetes/job.yaml: Job inferbench, container inferbench: HF_TOKEN holds a credential as a plain value; take it from a Secret (valueFrom.secretKeyRef)',
      'charts/inferbench/values.yaml: env_vars.INFERBENCH_API_KEY holds a credential as text, which the chart renders as a plain value; use {name: <Secret>, key: <key>}',
    ]);
  });

  it('on a value the CLI rejects for a boolean flag', () => {
    const findings = findingsAfter((c) =>
      c.replace(
        'examples/kubernetes/job.yaml',
        '              value: json,csv,html\n',
        '              value: json,csv,html\n            - name: INFERBENCH_RETAIN_REQUESTS\n              value: maybe\n',
      ),
    );
    expect(findings).toEqual([
      expect.stringContaining(
        'the CLI rejects INFERBENCH_RETAIN_REQUESTS="maybe": error: INFERBENCH_RETAIN_REQUESTS: expected true or false',
      ),
    ]);
  });

  it('on an unknown key in a config file of a ConfigMap and in the chart values', () => {
    const findings = findingsAfter((c) => {
      c.replace(
        'examples/kubernetes/indexed/benchmark-config.yaml',
        'max-seconds: 120',
        'max-secnds: 120',
      );
      c.replace('charts/inferbench/values.yaml', 'maxSeconds: 60', 'maxSecnds: 60');
    });
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(
      /^examples\/kubernetes\/indexed\/shards-job\.yaml: .*rejects the config file in ConfigMap inferbench-benchmark, key inferbench\.yaml: error: --config: unknown setting "max-secnds"/,
    );
    expect(findings[1]).toMatch(
      /^charts\/inferbench\/values\.yaml: .*rejects the config file in values benchmark: error: --config: unknown setting "maxSecnds"/,
    );
  });

  it('on a misspelled flag or a missing value in the chart templates', () => {
    const findings = findingsAfter((c) => {
      c.replace('charts/inferbench/templates/merge-job.yaml', '- --output-dir', '- --output-dirs');
      c.replace(
        'charts/inferbench/templates/job.yaml',
        '.Values.shards.count',
        '.Values.shards.cont',
      );
    });
    expect(findings).toEqual([
      'charts/inferbench/templates/job.yaml: .Values.shards.cont is not in charts/inferbench/values.yaml',
      'charts/inferbench/templates/merge-job.yaml: args: unknown flag --output-dirs for inferbench merge; see `inferbench merge --help`',
    ]);
    const benchmarkFlag = findingsAfter((c) =>
      c.replace('charts/inferbench/templates/job.yaml', '- --workers', '- --worker'),
    );
    expect(benchmarkFlag).toEqual([
      'charts/inferbench/templates/job.yaml: args: unknown flag --worker for inferbench benchmark; see `inferbench benchmark --help`',
    ]);
  });

  it('on every pending flag and command once the pending list is empty', () => {
    const findings = findingsAfter(() => undefined, { commands: [], flags: {} });
    const text = findings.join('\n');
    // Every flag and command the deploy files use is in the CLI: nothing is left pending.
    expect(text).toBe('');
  });

  it('on a pending entry the CLI already has, so the list empties as features land', () => {
    const findings = findingsAfter(
      (c) =>
        c.replace(
          'examples/kubernetes/job.yaml',
          "args: ['benchmark']",
          "args: ['benchmark', '--rate', '5']",
        ),
      {
        commands: PENDING.commands,
        flags: { benchmark: [...(PENDING.flags['benchmark'] ?? []), '--rate'] },
      },
    );
    expect(findings).toEqual([
      'examples/kubernetes/job.yaml: Job inferbench, container inferbench: --rate is now a flag of inferbench benchmark: remove it from the pending list (scripts/deploy/pending.ts)',
    ]);
  });

  it('on an unknown command in the Dockerfile or a manifest', () => {
    const findings = findingsAfter((c) => {
      c.replace('Dockerfile', 'CMD ["benchmark"]', 'CMD ["benchmarks"]');
      c.replace('examples/kubernetes/indexed/merge-job.yaml', '- merge', '- merje');
    });
    expect(findings).toEqual([
      expect.stringMatching(
        /^Dockerfile: the image's default command: unknown command "benchmarks"; the CLI has benchmark, mock-server, report, compare, merge, env/,
      ),
      expect.stringMatching(
        /^examples\/kubernetes\/indexed\/merge-job\.yaml: .*unknown command "merje"/,
      ),
    ]);
  });
});

describe('the Dockerfile check fails', () => {
  it('when the entrypoint is not the package’s CLI file', () => {
    expect(
      findingsAfter((c) => c.replace('Dockerfile', '"/app/dist/cli.js"', '"/app/dist/main.js"')),
    ).toEqual([
      "Dockerfile: ENTRYPOINT runs /app/dist/main.js, which is dist/main.js of stage build; package.json's bin is dist/cli.js",
    ]);
    expect(
      findingsAfter((c) =>
        c.replace(
          'Dockerfile',
          'COPY --from=build /src/dist ./dist',
          'COPY --from=build /src/out ./dist',
        ),
      ),
    ).toEqual([
      "Dockerfile: ENTRYPOINT runs /app/dist/cli.js, which is out/cli.js of stage build; package.json's bin is dist/cli.js",
    ]);
  });

  it('when the entrypoint is in shell form or missing', () => {
    expect(
      findingsAfter((c) =>
        c.replace(
          'Dockerfile',
          'ENTRYPOINT ["/nodejs/bin/node", "/app/dist/cli.js"]',
          'ENTRYPOINT node /app/dist/cli.js',
        ),
      ),
    ).toEqual([
      'Dockerfile: expected ENTRYPOINT ["<node>", "<path of the CLI>"] in exec form in the final stage',
    ]);
  });

  it('when .dockerignore leaves out what the build copies', () => {
    expect(findingsAfter((c) => c.replace('.dockerignore', '!src/\n', '!src/\nsrc/cli\n'))).toEqual(
      [
        expect.stringMatching(
          /^\.dockerignore: excludes src\/cli\/.*which the Dockerfile copies \(COPY src\)$/,
        ),
      ],
    );
  });

  it('when the image runs as root, lacks package.json or ships dev dependencies', () => {
    const findings = findingsAfter((c) => {
      c.replace('Dockerfile', 'USER 65532:0', 'USER root');
      c.replace('Dockerfile', 'COPY --from=production-deps /app/package.json ./package.json\n', '');
      c.replace(
        'Dockerfile',
        'COPY --from=production-deps /app/node_modules',
        'COPY --from=build /src/node_modules',
      );
    });
    expect(findings).toEqual([
      'Dockerfile: the final image runs as root: expected a USER instruction with a non-root user',
      'Dockerfile: the final image has no /app/package.json, which makes dist/cli.js an ES module',
      'Dockerfile: /app/node_modules must come from a stage that installs production dependencies only (npm ci --omit=dev)',
    ]);
  });
});
