import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { argsLists, scanChart, valuesReferences } from '../../scripts/deploy/chart.js';
import { REPO_ROOT, copyDeployFiles, type DeployCopy } from './deploy-copy.js';

// No helm binary here, and no well-kept JavaScript renderer of Helm's Go templates: these tests
// read the templates as text (structure, the values they use, their args and variables); CI
// renders them with `helm template` where a helm binary exists (.ci/run).

const CHART = 'charts/inferbench';
const read = (file: string): string => readFileSync(join(REPO_ROOT, CHART, file), 'utf8');
const templates = [
  '_helpers.tpl',
  'job.yaml',
  'merge-job.yaml',
  'configmap.yaml',
  'secret.yaml',
  'pvc.yaml',
];

let copy: DeployCopy | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

describe('the Helm chart', () => {
  it('is a Helm 3 chart whose templates read only values that values.yaml has', () => {
    expect(scanChart(REPO_ROOT, CHART).findings).toEqual([]);
    const chart = parseYaml(read('Chart.yaml')) as Record<string, unknown>;
    expect(chart['apiVersion']).toBe('v2');
    expect(chart['name']).toBe('inferbench');
  });

  it("has the GuideLLM chart's value names and the benchmark's settings", () => {
    const values = parseYaml(read('values.yaml')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(values['env_vars'] ?? {})).toEqual([
      'OPENAI_API_BASE_URL',
      'TOKENIZER',
      'HF_TOKEN',
    ]);
    expect(Object.keys(values['benchmark'] ?? {})).toEqual(
      expect.arrayContaining(['profile', 'data', 'rate', 'maxSeconds', 'outputs', 'slo']),
    );
    expect(values['shards']?.['count']).toBe(1);
    expect(values['persistence']?.['size']).toBe('1Gi');
    expect(values['resources']).toHaveProperty('requests');
    expect(values).toHaveProperty('existingSecret', '');
  });

  it('reports a chart that is not apiVersion v2, a missing values.yaml, a stale appVersion', () => {
    copy = copyDeployFiles();
    copy.replace(`${CHART}/Chart.yaml`, 'apiVersion: v2', 'apiVersion: v1');
    copy.replace(`${CHART}/Chart.yaml`, "appVersion: '0.1.0'", "appVersion: '0.0.9'");
    expect(scanChart(copy.root, CHART).findings.map((f) => f.message)).toEqual([
      'expected apiVersion v2 (Helm 3), received "v1"',
      'appVersion (the default image tag) is "0.0.9", the package is 0.1.0',
    ]);
    rmSync(join(copy.root, CHART, 'values.yaml'));
    expect(scanChart(copy.root, CHART).findings).toEqual([
      { file: `${CHART}/values.yaml`, message: 'missing' },
    ]);
  });

  it('finds .Values references in actions only, not in comments or plain text', () => {
    const template = [
      '# .Values.plain.text is not an action',
      '{{/* .Values.in.comment */}}',
      'a: {{ .Values.first.key | quote }}',
      '{{- if and $.Values.second (not .Values.third.deep.key) }}',
    ].join('\n');
    expect(valuesReferences(template)).toEqual([
      ['first', 'key'],
      ['second'],
      ['third', 'deep', 'key'],
    ]);
  });

  it('lists the items of each args list, under every branch', () => {
    const template = [
      '      args:',
      '        - benchmark',
      '        {{- if gt $shards 1 }}',
      '        - --shard',
      '        - {{ printf "$(JOB_COMPLETION_INDEX)/%d" $shards | quote }}',
      '        {{- end }}',
      "        - '--output-dir'",
      '      env:',
      '        - name: X',
    ].join('\n');
    expect(argsLists(template)).toEqual([
      [
        'benchmark',
        '--shard',
        '{{ printf "$(JOB_COMPLETION_INDEX)/%d" $shards | quote }}',
        '--output-dir',
      ],
    ]);
  });

  it('gives the API key and the Hugging Face token only through secretKeyRef', () => {
    for (const file of templates) {
      const lines = read(`templates/${file}`).split('\n');
      lines.forEach((line, index) => {
        if (/- name: (HF_TOKEN|INFERBENCH_API_KEY|OPENAI_API_KEY)\s*$/.test(line)) {
          expect(lines[index + 1]?.trim(), `${file}:${index + 1}`).toBe('valueFrom:');
          expect(lines[index + 2]?.trim(), `${file}:${index + 2}`).toBe('secretKeyRef:');
        }
      });
    }
    // The chart's own Secret is made only without existingSecret.
    expect(read('templates/secret.yaml')).toMatch(
      /^\{\{- if include "inferbench\.makesSecret" \. \}\}/,
    );
    expect(read('templates/_helpers.tpl')).toMatch(
      /define "inferbench\.makesSecret" -\}\}\n\{\{- if and \(not \.Values\.existingSecret\)/,
    );
  });

  it('runs an Indexed Job of --shard INDEX/COUNT above one shard, and a merge Job of every shard', () => {
    const job = read('templates/job.yaml');
    expect(job).toMatch(
      /\{\{- if gt \$shards 1 \}\}\n\s+completionMode: Indexed\n\s+completions: \{\{ \$shards \}\}\n\s+parallelism: \{\{ \$shards \}\}/,
    );
    const [args] = argsLists(job);
    expect(args?.slice(0, 5)).toEqual([
      'benchmark',
      '--shard',
      '{{ printf "$(JOB_COMPLETION_INDEX)/%d" $shards | quote }}',
      '--start-at',
      '{{ mul (add (now | unixEpoch) .Values.shards.startDelaySeconds) 1000 | quote }}',
    ]);
    const merge = read('templates/merge-job.yaml');
    expect(merge).toMatch(/\{\{- if and \(gt \$shards 1\) \.Values\.merge\.enabled \}\}/);
    expect(argsLists(merge)[0]).toEqual([
      'merge',
      '{{ printf "%s/shard-%d/benchmarks.json" $runDir $index | quote }}',
      '--output-dir',
      '{{ printf "%s/merged" $runDir | quote }}',
    ]);
  });
});
